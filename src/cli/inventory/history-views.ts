import type { InventoryFilter, Inventory, StoredBackup, StoredInstance } from '../../inventory/index.js';
import { formatBytes } from '../format/human-size.js';
import { plural } from '../format/plural.js';
import type { ReportColumn, ReportValue } from '../format/report.js';
import { formatInstant } from '../format/time.js';

/** One history query, ready to print: its rows as exact records, the columns, and the table's empty and last lines. */
export interface HistoryReport {
  records: Record<string, ReportValue>[];
  columns: ReportColumn<Record<string, ReportValue>>[];
  empty: string;
  summary?: string;
}

export interface ViewOptions {
  filter: InventoryFilter;
  since?: Date;
  until?: Date;
  days: number;
  timeZone?: string;
  now?: Date;
  limit: number;
  local: boolean;
}

type Row = Record<string, ReportValue>;

const iso = (date: Date | undefined): string | null => date?.toISOString() ?? null;

/** Table cells of the common kinds: an instant (UTC to the second, or local), bytes for people. */
function instantCell(key: string, local: boolean) {
  return (r: Row) => formatInstant(typeof r[key] === 'string' ? new Date(r[key]) : undefined, local);
}
function bytesCell(key: string) {
  return (r: Row) => formatBytes(typeof r[key] === 'number' ? r[key] : undefined);
}

const WHERE_COLUMNS: ReportColumn<Row>[] = [
  { key: 'provider', header: 'PROVIDER' },
  { key: 'account', header: 'ACCOUNT' },
  { key: 'region', header: 'REGION' },
  { key: 'instanceId', header: 'INSTANCE' },
];

function where(i: Pick<StoredInstance, 'provider' | 'account' | 'region' | 'instanceId'>): Row {
  return { provider: i.provider, account: i.account, region: i.region, instanceId: i.instanceId };
}

/** `--changes`: backups first seen in the period, and backups marked gone in it, in the order it happened. */
export async function changesView(inventory: Inventory, o: ViewOptions): Promise<HistoryReport> {
  const changes = await inventory.changes({ ...o.filter, since: o.since!, ...(o.until ? { until: o.until } : {}) });
  const row = (change: 'appeared' | 'gone', at: Date, b: StoredBackup): Row => ({
    change,
    at: at.toISOString(),
    ...where(b),
    id: b.id,
    status: b.status,
    type: b.type,
    startTime: b.startTime.toISOString(),
    sizeBytes: b.sizeBytes ?? null,
  });
  const records = [...changes.appeared.map((b) => row('appeared', b.firstSeen, b)), ...changes.gone.map((b) => row('gone', b.goneAt!, b))].sort((a, b) =>
    a.at === b.at ? 0 : (a.at as string) < (b.at as string) ? -1 : 1,
  );
  return {
    records,
    columns: [
      { key: 'at', header: 'SEEN', cell: instantCell('at', o.local) },
      { key: 'change', header: 'CHANGE' },
      ...WHERE_COLUMNS,
      { key: 'id', header: 'ID' },
      { key: 'status', header: 'STATUS' },
      { key: 'type', header: 'TYPE' },
      { key: 'startTime', header: 'START', cell: instantCell('startTime', o.local) },
      { key: 'sizeBytes', header: 'SIZE', cell: bytesCell('sizeBytes'), right: true },
    ],
    empty: 'No backup appeared or went in that period.',
    summary: `${plural(changes.appeared.length, 'backup')} appeared, ${changes.gone.length} gone`,
  };
}

/** `--last-success`: per known instance, its newest successful backup over all time (gone from the cloud or not). */
export async function lastSuccessView(inventory: Inventory, o: ViewOptions): Promise<HistoryReport> {
  const rows = await inventory.lastSuccess(o.filter);
  const records = rows.map(({ instance, backup }): Row => ({
    ...where(instance),
    engine: instance.engine ?? null,
    backupId: backup?.id ?? null,
    startTime: iso(backup?.startTime),
    endTime: iso(backup?.endTime),
    sizeBytes: backup?.sizeBytes ?? null,
    goneAt: iso(backup?.goneAt),
  }));
  const never = records.filter((r) => r.backupId === null).length;
  return {
    records,
    columns: [
      ...WHERE_COLUMNS,
      { key: 'engine', header: 'ENGINE' },
      { key: 'backupId', header: 'LAST SUCCESS' },
      { key: 'startTime', header: 'START', cell: instantCell('startTime', o.local) },
      { key: 'endTime', header: 'END', cell: instantCell('endTime', o.local) },
      { key: 'sizeBytes', header: 'SIZE', cell: bytesCell('sizeBytes'), right: true },
      { key: 'goneAt', header: 'GONE', cell: instantCell('goneAt', o.local) },
    ],
    empty: 'No instance in the inventory (run cloud-backups sync first).',
    summary: `${plural(records.length, 'instance')}, ${never} never with a successful backup`,
  };
}

/** `--coverage`: per instance, how many of the last n complete calendar days had a successful backup, and which did not. */
export async function coverageView(inventory: Inventory, o: ViewOptions): Promise<HistoryReport> {
  const rows = await inventory.coverage({ ...o.filter, days: o.days, ...(o.timeZone ? { timeZone: o.timeZone } : {}), ...(o.now ? { now: o.now } : {}) });
  const records = rows.map(({ instance, days, coveredDays, missingDays }): Row => ({
    ...where(instance),
    days: days.length,
    coveredDays,
    missingDays,
    daily: days.map((d) => ({ date: d.date, successes: d.successes })),
  }));
  const full = records.filter((r) => r.coveredDays === r.days).length;
  const zone = o.timeZone ?? 'UTC';
  return {
    records,
    columns: [
      ...WHERE_COLUMNS,
      { key: 'coveredDays', header: 'COVERED', cell: (r) => `${String(r.coveredDays)}/${String(r.days)}`, right: true },
      { key: 'days', header: 'DAYS', machineOnly: true },
      { key: 'missingDays', header: `DAYS WITHOUT A SUCCESSFUL BACKUP (${zone})` },
      { key: 'daily', header: 'DAILY', machineOnly: true, nested: true },
    ],
    empty: 'No instance in the inventory for that period (run cloud-backups sync first).',
    summary: `${plural(records.length, 'instance')}: ${full} with a successful backup on each of the last ${plural(o.days, 'day')} (${zone}), ${records.length - full} with gaps`,
  };
}

/** `--sizes`: per instance and calendar day, the successful backups and their sizes. */
export async function sizesView(inventory: Inventory, o: ViewOptions): Promise<HistoryReport> {
  const rows = await inventory.sizes({ ...o.filter, since: o.since!, ...(o.until ? { until: o.until } : {}), ...(o.timeZone ? { timeZone: o.timeZone } : {}) });
  const records = rows.flatMap(({ instance, days }) =>
    days.map((d): Row => ({ ...where(instance), date: d.date, successes: d.successes, totalBytes: d.totalBytes, fullBytes: d.fullBytes ?? null })),
  );
  return {
    records,
    columns: [
      ...WHERE_COLUMNS,
      { key: 'date', header: `DAY (${o.timeZone ?? 'UTC'})` },
      { key: 'successes', header: 'SUCCESSES', right: true },
      { key: 'totalBytes', header: 'TOTAL', cell: bytesCell('totalBytes'), right: true },
      { key: 'fullBytes', header: 'LARGEST FULL', cell: bytesCell('fullBytes'), right: true },
    ],
    empty: 'No successful backup in that period.',
    summary: `${plural(records.length, 'instance-day')} of ${plural(rows.length, 'instance')}`,
  };
}

/** `--runs`: the latest sync runs, newest first: when, what they did, and how many listing errors. */
export async function runsView(inventory: Inventory, o: ViewOptions): Promise<HistoryReport> {
  const runs = await inventory.runs({ limit: o.limit });
  const records = runs.map((r): Row => ({
    runId: r.id,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    listed: r.listed,
    new: r.new,
    changed: r.changed,
    gone: r.gone,
    failures: r.failuresTotal,
    scope: r.scope,
  }));
  return {
    records,
    columns: [
      { key: 'runId', header: 'RUN', right: true },
      { key: 'status', header: 'STATUS' },
      { key: 'startedAt', header: 'STARTED', cell: instantCell('startedAt', o.local) },
      { key: 'finishedAt', header: 'FINISHED', cell: instantCell('finishedAt', o.local) },
      { key: 'listed', header: 'LISTED', right: true },
      { key: 'new', header: 'NEW', right: true },
      { key: 'changed', header: 'CHANGED', right: true },
      { key: 'gone', header: 'GONE', right: true },
      { key: 'failures', header: 'ERRORS', right: true },
      { key: 'scope', header: 'SCOPE', cell: (r) => (r.scope as string[]).join(' ') },
    ],
    empty: 'No sync has run on this inventory.',
  };
}

/** `--policies`: the backup policy each instance had when a sync last read it (`sync --policies`). */
export async function policiesView(inventory: Inventory, o: ViewOptions): Promise<HistoryReport> {
  const policies = await inventory.policies(o.filter);
  const records = policies.map((p): Row => ({
    ...where(p),
    automated: p.automated,
    retentionDays: p.retentionDays ?? null,
    preferredWindow: p.preferredWindow ?? null,
    preferredDays: p.preferredDays ?? [],
    logBackup: p.logBackup ?? null,
    fetchedAt: p.fetchedAt.toISOString(),
  }));
  return {
    records,
    columns: [
      ...WHERE_COLUMNS,
      { key: 'automated', header: 'AUTOMATED', cell: (r) => (r.automated ? 'on' : 'off') },
      { key: 'retentionDays', header: 'RETENTION', cell: (r) => (r.retentionDays === null ? '-' : `${String(r.retentionDays)} d`), right: true },
      { key: 'preferredWindow', header: 'WINDOW' },
      { key: 'preferredDays', header: 'DAYS' },
      { key: 'logBackup', header: 'LOG BACKUP', cell: (r) => (r.logBackup === null ? '-' : r.logBackup ? 'on' : 'off') },
      { key: 'fetchedAt', header: 'READ', cell: instantCell('fetchedAt', o.local) },
    ],
    empty: 'No backup policy stored (sync with --policies).',
  };
}
