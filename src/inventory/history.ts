import { ConfigurationError } from '../errors.js';
import { checkTimeZone, completeDaysBefore, daysTouching, type DayWindow } from './days.js';
import type { SqlExecutor } from './driver.js';
import { instanceKey } from './ledger.js';
import { readNumber, readOptionalNumber, readString } from './rows.js';
import { backupFromRow, instanceFromRow } from './stored.js';
import type {
  BackupsQuery,
  Changes,
  ChangesQuery,
  CoverageQuery,
  InstanceCoverage,
  InstanceSizes,
  InventoryFilter,
  LastSuccess,
  SizeQuery,
  StoredBackup,
  StoredInstance,
} from './types.js';
import { checkDate, Where } from './where.js';

/** Typed reads of the history. Each takes the executor and the inventory's clock (for defaults of "now"). */

export async function instances(db: SqlExecutor, filter: InventoryFilter | undefined): Promise<StoredInstance[]> {
  const where = new Where().filter('i', filter);
  const rows = await db.query(`SELECT * FROM cloud_backups.instances i ${where.sql()} ORDER BY provider, account, region, instance_id`, where.params);
  return rows.map(instanceFromRow);
}

export async function changes(db: SqlExecutor, q: ChangesQuery): Promise<Changes> {
  const since = checkDate(q.since, 'since');
  const until = q.until === undefined ? undefined : checkDate(q.until, 'until');
  if (until) checkOrder(since, until);
  const read = async (column: 'first_seen' | 'gone_at') => {
    const where = new Where().filter('b', q);
    where.add(`b.${column} >= ${where.param(since.toISOString())}::timestamptz`);
    if (until) where.add(`b.${column} < ${where.param(until.toISOString())}::timestamptz`);
    const rows = await db.query(`SELECT * FROM cloud_backups.backups b ${where.sql()} ORDER BY b.${column}, b.start_time, b.provider, b.account, b.instance_id, b.backup_id`, where.params);
    return rows.map(backupFromRow);
  };
  return { since, ...(until ? { until } : {}), appeared: await read('first_seen'), gone: await read('gone_at') };
}

export async function lastSuccess(db: SqlExecutor, filter: InventoryFilter | undefined): Promise<LastSuccess[]> {
  const where = new Where().filter('b', filter).add(`b.status = 'success'`);
  const rows = await db.query(
    `SELECT DISTINCT ON (b.provider, b.account, b.instance_id) b.* FROM cloud_backups.backups b ${where.sql()}
     ORDER BY b.provider, b.account, b.instance_id, b.start_time DESC, b.backup_id DESC`,
    where.params,
  );
  const newest = new Map<string, StoredBackup>();
  for (const row of rows) {
    const b = backupFromRow(row);
    newest.set(instanceKey(b.provider, b.account, b.instanceId), b);
  }
  return (await instances(db, filter)).map((instance) => {
    const backup = newest.get(instanceKey(instance.provider, instance.account, instance.instanceId));
    return backup ? { instance, backup } : { instance };
  });
}

/** Counts per instance and day window: `extra` adds aggregate columns over the matching backups `b`. */
async function perDay(db: SqlExecutor, filter: InventoryFilter, days: readonly DayWindow[], range: { since: Date; until: Date }, extra: string) {
  const where = new Where().filter('b', filter).add(`b.status = 'success'`);
  const windows = where.param(JSON.stringify(days.map((d, i) => [i, d.start.toISOString(), d.end.toISOString()])));
  where.add(`b.start_time >= ${where.param(range.since.toISOString())}::timestamptz AND b.start_time < ${where.param(range.until.toISOString())}::timestamptz`);
  return db.query(
    `WITH days AS (
       SELECT (d->>0)::int AS day, (d->>1)::timestamptz AS lo, (d->>2)::timestamptz AS hi FROM jsonb_array_elements(${windows}::jsonb) AS d
     )
     SELECT b.provider, b.account, b.instance_id, days.day, count(*)::int AS successes${extra}
     FROM cloud_backups.backups b JOIN days ON b.start_time >= days.lo AND b.start_time < days.hi
     ${where.sql()}
     GROUP BY b.provider, b.account, b.instance_id, days.day`,
    where.params,
  );
}

/**
 * The instances a period concerns: those with a successful backup in it, and those seen alive since it began
 * (an instance with no backup at all must show up as uncovered, not be missing from the report).
 */
async function instancesOfPeriod(db: SqlExecutor, filter: InventoryFilter, since: Date, withBackups: ReadonlySet<string>): Promise<StoredInstance[]> {
  return (await instances(db, filter)).filter(
    (i) => i.lastSeen.getTime() >= since.getTime() || withBackups.has(instanceKey(i.provider, i.account, i.instanceId)),
  );
}

export async function coverage(db: SqlExecutor, q: CoverageQuery, clock: Date): Promise<InstanceCoverage[]> {
  const timeZone = checkTimeZone(q.timeZone ?? 'UTC');
  const now = q.now === undefined ? clock : checkDate(q.now, 'now');
  const days = completeDaysBefore(now, q.days, timeZone);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return [];
  const counts = new Map<string, number[]>();
  for (const row of await perDay(db, q, days, { since: first.start, until: last.end }, '')) {
    const key = instanceKey(readString(row, 'provider'), readString(row, 'account'), readString(row, 'instance_id'));
    const perDayCounts = counts.get(key) ?? days.map(() => 0);
    perDayCounts[readNumber(row, 'day')] = readNumber(row, 'successes');
    counts.set(key, perDayCounts);
  }
  return (await instancesOfPeriod(db, q, first.start, new Set(counts.keys()))).map((instance) => {
    const perDayCounts = counts.get(instanceKey(instance.provider, instance.account, instance.instanceId)) ?? days.map(() => 0);
    const covered = days.map((d, i) => ({ date: d.date, start: d.start, end: d.end, successes: perDayCounts[i] ?? 0 }));
    return {
      instance,
      days: covered,
      coveredDays: covered.filter((d) => d.successes > 0).length,
      missingDays: covered.filter((d) => d.successes === 0).map((d) => d.date),
    };
  });
}

export async function sizes(db: SqlExecutor, q: SizeQuery, clock: Date): Promise<InstanceSizes[]> {
  const timeZone = checkTimeZone(q.timeZone ?? 'UTC');
  const since = checkDate(q.since, 'since');
  const until = q.until === undefined ? clock : checkDate(q.until, 'until');
  checkOrder(since, until);
  const days = daysTouching(since, until, timeZone);
  const perInstance = new Map<string, InstanceSizes['days']>();
  const rows = await perDay(
    db, q, days, { since, until },
    `, coalesce(sum(b.size_bytes), 0)::float8 AS total_bytes, max(b.size_bytes) FILTER (WHERE b.type = 'full')::float8 AS full_bytes`,
  );
  for (const row of rows) {
    const key = instanceKey(readString(row, 'provider'), readString(row, 'account'), readString(row, 'instance_id'));
    const day = days[readNumber(row, 'day')];
    if (!day) continue;
    const fullBytes = readOptionalNumber(row, 'full_bytes');
    const list = perInstance.get(key) ?? [];
    list.push({ date: day.date, successes: readNumber(row, 'successes'), totalBytes: readNumber(row, 'total_bytes'), ...(fullBytes !== undefined ? { fullBytes } : {}) });
    perInstance.set(key, list);
  }
  const known = await instancesOfPeriod(db, q, since, new Set(perInstance.keys()));
  return known.map((instance) => ({
    instance,
    days: (perInstance.get(instanceKey(instance.provider, instance.account, instance.instanceId)) ?? []).sort((a, b) => a.date.localeCompare(b.date)),
  }));
}

const PAGE = 1000;
const ORDER = 'b.start_time DESC, b.provider DESC, b.account DESC, b.region DESC, b.instance_id DESC, b.backup_id DESC';

/** Newest first, a page at a time (keyset paging: each page continues after the previous page's last row). */
export async function* backups(db: SqlExecutor, q: BackupsQuery = {}): AsyncGenerator<StoredBackup, void, undefined> {
  const since = q.since === undefined ? undefined : checkDate(q.since, 'since');
  const until = q.until === undefined ? undefined : checkDate(q.until, 'until');
  let after: StoredBackup | undefined;
  for (;;) {
    const where = new Where().filter('b', q).anyOf('b.status', q.status, 'status');
    if (since) where.add(`b.start_time >= ${where.param(since.toISOString())}::timestamptz`);
    if (until) where.add(`b.start_time < ${where.param(until.toISOString())}::timestamptz`);
    if (q.includeGone === false) where.add('b.gone_at IS NULL');
    if (after) {
      const key = [after.startTime.toISOString(), after.provider, after.account, after.region, after.instanceId, after.id].map((v) => where.param(v));
      where.add(`(b.start_time, b.provider, b.account, b.region, b.instance_id, b.backup_id) < (${key[0]}::timestamptz, ${key.slice(1).join(', ')})`);
    }
    const rows = await db.query(`SELECT * FROM cloud_backups.backups b ${where.sql()} ORDER BY ${ORDER} LIMIT ${PAGE}`, where.params);
    for (const row of rows) {
      after = backupFromRow(row);
      yield after;
    }
    if (rows.length < PAGE) return;
  }
}

function checkOrder(since: Date, until: Date): void {
  if (since.getTime() >= until.getTime()) {
    throw new ConfigurationError(`inventory: since (${since.toISOString()}) must be before until (${until.toISOString()}).`, { field: 'since' });
  }
}
