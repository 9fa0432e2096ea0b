import { assembleResult, auditPlan } from '../audit/assemble.js';
import { InstanceDigest } from '../audit/digest.js';
import { formatDuration, parseDuration } from '../audit/duration.js';
import type { PolicyOutcome } from '../audit/evaluate.js';
import { resolveCommonAuditOptions } from '../audit/options.js';
import { auditedInstance, type AuditPlan, type Tracked } from '../audit/read-instance.js';
import type { AuditResult } from '../audit/result.js';
import { resolveRules, type AuditRules, type ResolvedRules } from '../audit/rules.js';
import { AbortError, ConfigurationError, type ListingFailure } from '../errors.js';
import type { Backup, BackupPolicy } from '../model.js';
import { POLICY_API_PROVIDERS } from '../providers/policy-api.js';
import type { SqlExecutor, SqlRow } from './driver.js';
import { InventoryEvidenceError } from './errors.js';
import { instanceKey } from './ledger.js';
import { readDate, readJson, readNumber, readOptionalString, readString } from './rows.js';
import { backupFromRow, instanceFromRow, policyFromRow } from './stored.js';
import type { InventoryAuditOptions, InventoryFilter, StoredBackup, StoredInstance, StoredPolicy } from './types.js';
import { Where } from './where.js';

/** The staleness bound when none is given: two days, or twice `maxAge` when that is longer. */
export const DEFAULT_STALE_AFTER_MS = 48 * 3_600_000;

const EXTRA_KEYS = ['providers', 'instances', 'accounts', 'regions', 'staleAfter'] as const;

/** Rows read per statement: the window's backups are streamed, never held. */
const PAGE = 1000;
/** Instances per statement of the lookups older than the window. */
const LOOKUP_BATCH = 500;

export interface InventoryAuditContext {
  db: SqlExecutor;
  /** The inventory's clock: `now` when the options give none. */
  clock: () => Date;
}

/**
 * `inventory.audit(rules, options)`: the live audit's rules, judged by the same code (InstanceDigest,
 * evaluateInstance), over what the syncs stored instead of what the clouds list now.
 *
 * - Instances: the stored ones the filter selects. Backups: those of the audit window, streamed from SQL, then for
 *   a "newest" fact the window lacks, only that fact from before it (a few rows per instance).
 * - A backup marked gone still proves that a backup ran (coverage, last success, sizes): it is history. It cannot be
 *   restored once gone, so from its `gone_at` on it is judged `available: false`.
 * - Policies: the stored ones. An instance of a provider without a policy API is 'skip' (as live); one whose
 *   provider has one but whose policy was never stored is 'error' (as a policy the live audit could not read).
 * - Where the history may lack backups (never listed completely, not listed completely since a sync failed it, or
 *   its last complete listing older than `staleAfter` before `now`), every rule that needs backups is 'error' with
 *   an InventoryEvidenceError saying since when and why, and the instance is in `failures`: never a silent 'ok'.
 */
export async function inventoryAudit(ctx: InventoryAuditContext, rulesInput?: AuditRules, optionsInput?: InventoryAuditOptions): Promise<AuditResult> {
  const rules = resolveRules(rulesInput);
  const common = resolveCommonAuditOptions(optionsInput, { label: 'inventory.audit', extraKeys: EXTRA_KEYS, now: ctx.clock });
  const options = optionsInput ?? {};
  const staleAfterMs = options.staleAfter === undefined ? defaultStaleAfter(rules) : parseDuration(options.staleAfter, 'staleAfter');
  const filter: InventoryFilter = {};
  if (options.providers !== undefined) filter.providers = options.providers;
  if (options.accounts !== undefined) filter.accounts = options.accounts;
  if (options.regions !== undefined) filter.regions = options.regions;
  if (options.instances !== undefined) filter.instances = options.instances;
  // Validates the filter now, before anything is read.
  new Where().filter('i', filter);

  const { signal } = common;
  const checkAbort = () => {
    if (signal?.aborted) throw new AbortError('inventory.audit was aborted');
  };
  checkAbort();
  const startedAt = new Date();
  const now = common.now;
  const plan = auditPlan(rules, now, common.windowMs, common.policies);

  const rows = await readInstances(ctx.db, filter, now, staleAfterMs);
  // An audit of no instance would pass with nothing checked: a scheduled check must hear why instead.
  if (rows.length === 0) throw await nothingToJudge(ctx.db, filter);
  const states = new Map<string, Tracked>();
  const failures: ListingFailure[] = [];
  for (const row of rows) {
    const { instance } = row;
    const state: Tracked = {
      instance: auditedInstance(instance),
      source: { provider: instance.provider, account: instance.account, region: instance.region },
      digest: new InstanceDigest(plan.days),
      policy: { kind: 'not-read' },
    };
    const gap = evidenceGap(row, now, staleAfterMs);
    if (gap) {
      state.listingError = gap;
      failures.push({ provider: instance.provider, account: instance.account, region: instance.region, instanceId: instance.instanceId, error: gap });
    }
    states.set(instanceKey(instance.provider, instance.account, instance.instanceId), state);
  }

  // When each backup's `available` was judged: the sync that last saw it.
  const judgedAt = new WeakMap<Backup, Date>();
  const add = (stored: StoredBackup, inWindow: boolean) => {
    const state = states.get(instanceKey(stored.provider, stored.account, stored.instanceId));
    if (!state) return;
    const backup = asEvidence(stored, now);
    judgedAt.set(backup, stored.lastSeen);
    state.digest.add(backup, inWindow);
  };

  checkAbort();
  for await (const b of windowBackups(ctx.db, filter, plan.window)) add(b, true);
  checkAbort();
  for (const b of await olderFacts(ctx.db, [...states.values()], rules, plan.window.since)) add(b, false);
  checkAbort();
  if (plan.readPolicies) await attachPolicies(ctx.db, filter, states);

  return assembleResult({
    plan,
    states: [...states.values()],
    failures,
    // Asked only of an instance with a newest success, which was added above with the sync that last saw it.
    listedAt: (state) => {
      const newest = state.digest.newestSuccess;
      return (newest && judgedAt.get(newest)) ?? now;
    },
    startedAt,
  });
}

/** Why no stored instance was selected: no sync has run yet, or the filter matches none of those stored. */
async function nothingToJudge(db: SqlExecutor, filter: InventoryFilter): Promise<ConfigurationError> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM cloud_backups.instances)::int AS instances,
            (SELECT count(*) FROM cloud_backups.sync_runs WHERE status <> 'running')::int AS runs`,
  );
  const instances = row ? readNumber(row, 'instances') : 0;
  const runs = row ? readNumber(row, 'runs') : 0;
  if (instances === 0) {
    return new ConfigurationError(
      `inventory.audit: the inventory holds no instance (${runs === 0 ? 'no sync has run' : `${runs} sync run(s) found none`}), so there is nothing to judge; sync the sources first.`,
      { field: 'inventory' },
    );
  }
  const given = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${([] as unknown[]).concat(value).join(', ')}`);
  return new ConfigurationError(
    `inventory.audit: no stored instance matches ${given.join('; ')} (the inventory holds ${instances}); check the filter, or sync those sources first.`,
    { field: 'filter' },
  );
}

function defaultStaleAfter(rules: ResolvedRules): number {
  return Math.max(DEFAULT_STALE_AFTER_MS, 2 * (rules.maxAge?.ageMs ?? 0));
}

/** A stored backup as the rules see it: gone from the cloud by `now`, it can no longer be restored. */
function asEvidence(b: StoredBackup, now: Date): Backup {
  if (b.goneAt !== undefined && b.goneAt.getTime() <= now.getTime() && b.available !== false) return { ...b, available: false };
  return b;
}

interface InstanceRow {
  instance: StoredInstance;
  /** The newest finished sync since its last complete listing that failed to list it (or listed it in part). */
  run?: { id: number; startedAt: Date; status: string; error?: string; failure?: unknown };
}

/**
 * The selected instances, each with the newest finished sync run (started after its last complete listing, within
 * the staleness bound, and not after `now`) that left it incomplete: one that merged it in part (started when it was
 * last seen), or one whose failures name it or its account's discovery. The failure naming it comes along.
 */
async function readInstances(db: SqlExecutor, filter: InventoryFilter, now: Date, staleAfterMs: number): Promise<InstanceRow[]> {
  const where = new Where().filter('i', filter);
  const nowParam = where.param(now.toISOString());
  const floorParam = where.param(new Date(now.getTime() - staleAfterMs).toISOString());
  const concerns = `e->>'provider' = i.provider AND e->>'account' = i.account AND (e->>'instanceId' = i.instance_id OR (e->>'instanceId') IS NULL)`;
  const rows = await db.query(
    `SELECT i.*, r.id AS run_id, r.started_at AS run_started_at, r.status AS run_status, r.error AS run_error, f.failure AS run_failure
     FROM cloud_backups.instances i
     LEFT JOIN LATERAL (
       SELECT r.id, r.started_at, r.status, r.error, r.failures FROM cloud_backups.sync_runs r
       WHERE r.status <> 'running' AND r.started_at <= ${nowParam}::timestamptz
         AND r.started_at > GREATEST(COALESCE(i.listed_at, '-infinity'::timestamptz), ${floorParam}::timestamptz)
         AND (r.started_at = i.last_seen OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.failures) e WHERE ${concerns}))
       ORDER BY r.started_at DESC, r.id DESC
       LIMIT 1
     ) r ON true
     LEFT JOIN LATERAL (
       SELECT e AS failure FROM jsonb_array_elements(r.failures) e WHERE ${concerns}
       ORDER BY (e->>'instanceId') IS NULL, (e->>'recordId') IS NOT NULL
       LIMIT 1
     ) f ON true
     ${where.sql()}
     ORDER BY i.provider, i.account, i.region, i.instance_id`,
    where.params,
  );
  return rows.map((row) => {
    const out: InstanceRow = { instance: instanceFromRow(row) };
    if (row.run_id !== null && row.run_id !== undefined) {
      out.run = { id: readNumber(row, 'run_id'), startedAt: readDate(row, 'run_started_at'), status: readString(row, 'run_status') };
      const error = readOptionalString(row, 'run_error');
      if (error !== undefined) out.run.error = error;
      const failure = readJson(row, 'run_failure');
      if (failure !== null && failure !== undefined) out.run.failure = failure;
    }
    return out;
  });
}

/** Why the stored history of an instance may lack backups at `now`; undefined when it can be vouched for. */
function evidenceGap(row: InstanceRow, now: Date, staleAfterMs: number): InventoryEvidenceError | undefined {
  const { instance, run } = row;
  const { listedAt, lastSeen, provider } = instance;
  const cause = run ? `; sync run ${run.id} at ${run.startedAt.toISOString()}: ${describeRun(run)}` : '';
  if (!listedAt) {
    return new InventoryEvidenceError(`no sync has listed all of its backups yet${cause}`, { gap: 'never-listed', runId: run?.id, provider });
  }
  // Listed completely at or after `now`: everything before `now` that the cloud still had was seen.
  if (listedAt.getTime() >= now.getTime()) return undefined;
  if (run || lastSeen.getTime() > listedAt.getTime()) {
    const why = cause || `; a sync at ${lastSeen.toISOString()} listed it only in part`;
    return new InventoryEvidenceError(`the inventory has not listed it completely since ${listedAt.toISOString()}${why}`, { gap: 'incomplete', listedAt, runId: run?.id, provider });
  }
  if (now.getTime() - listedAt.getTime() > staleAfterMs) {
    return new InventoryEvidenceError(
      `the inventory's last complete listing of it is from ${listedAt.toISOString()}, more than ${formatDuration(staleAfterMs)} before ${now.toISOString()}: sync it, or raise staleAfter`,
      { gap: 'stale', listedAt, provider },
    );
  }
  return undefined;
}

/** One line on what a run did to the instance: the failure that names it, its account's discovery failure, or the run's end. */
function describeRun(run: NonNullable<InstanceRow['run']>): string {
  const f = run.failure;
  if (typeof f === 'object' && f !== null) {
    const failure = f as { region?: unknown; instanceId?: unknown; recordId?: unknown; error?: { name?: unknown; message?: unknown } };
    const error = `${String(failure.error?.name ?? 'Error')}: ${String(failure.error?.message ?? '')}`;
    if (failure.instanceId === undefined) return `discovery failed for its account${typeof failure.region === 'string' ? ` in ${failure.region}` : ''}: ${error}`;
    if (typeof failure.recordId === 'string') return `record ${failure.recordId} could not be read: ${error}`;
    return error;
  }
  return `the run ended ${run.status}${run.error ? `: ${run.error}` : ''} before listing it completely`;
}

/** The selected instances' backups that started in the window, a page at a time, instance by instance. */
async function* windowBackups(db: SqlExecutor, filter: InventoryFilter, window: AuditPlan['window']): AsyncGenerator<StoredBackup, void, undefined> {
  let after: StoredBackup | undefined;
  for (;;) {
    const where = new Where().filter('i', filter);
    where.add(`b.start_time >= ${where.param(window.since.toISOString())}::timestamptz AND b.start_time < ${where.param(window.until.toISOString())}::timestamptz`);
    if (after) {
      const key = [after.provider, after.account, after.instanceId, after.startTime.toISOString(), after.region, after.id].map((v) => where.param(v));
      where.add(`(b.provider, b.account, b.instance_id, b.start_time, b.region, b.backup_id) > (${key[0]}, ${key[1]}, ${key[2]}, ${key[3]}::timestamptz, ${key[4]}, ${key[5]})`);
    }
    const rows = await db.query(
      `SELECT b.* FROM cloud_backups.backups b
       JOIN cloud_backups.instances i ON i.provider = b.provider AND i.account = b.account AND i.instance_id = b.instance_id
       ${where.sql()}
       ORDER BY b.provider, b.account, b.instance_id, b.start_time, b.region, b.backup_id
       LIMIT ${PAGE}`,
      where.params,
    );
    for (const row of rows) {
      after = backupFromRow(row);
      yield after;
    }
    if (rows.length < PAGE) return;
  }
}

/** "Newest" by the audit's order (`isNewer`): the later start, then the later completion, then the greater id. */
const NEWEST = `b.start_time DESC, COALESCE(b.end_time, b.start_time) DESC, b.backup_id COLLATE "C" DESC`;

/**
 * For instances whose window lacks a "newest" fact a rule needs, that fact from before the window: the newest
 * attempt, the newest success, the two newest sized full successes. A few rows per instance, by index.
 */
async function olderFacts(db: SqlExecutor, states: readonly Tracked[], rules: ResolvedRules, since: Date): Promise<StoredBackup[]> {
  const wanted = states.flatMap((state) => {
    const lacking = state.digest.lacking(rules);
    if (!lacking.success && !lacking.attempt && !lacking.fulls) return [];
    const { provider, account, instanceId } = state.instance;
    return [{ provider, account, instance_id: instanceId, ...lacking }];
  });
  const out: StoredBackup[] = [];
  const same = `b.provider = w.provider AND b.account = w.account AND b.instance_id = w.instance_id AND b.start_time < $2::timestamptz`;
  for (let i = 0; i < wanted.length; i += LOOKUP_BATCH) {
    const rows: SqlRow[] = await db.query(
      `SELECT f.* FROM jsonb_to_recordset($1::jsonb) AS w(provider text, account text, instance_id text, success boolean, attempt boolean, fulls boolean)
       CROSS JOIN LATERAL (
         (SELECT b.* FROM cloud_backups.backups b WHERE w.attempt AND ${same} AND b.status IN ('success', 'failed') ORDER BY ${NEWEST} LIMIT 1)
         UNION ALL
         (SELECT b.* FROM cloud_backups.backups b WHERE w.success AND ${same} AND b.status = 'success' ORDER BY ${NEWEST} LIMIT 1)
         UNION ALL
         (SELECT b.* FROM cloud_backups.backups b WHERE w.fulls AND ${same} AND b.status = 'success' AND b.type = 'full' AND b.size_bytes IS NOT NULL ORDER BY ${NEWEST} LIMIT 2)
       ) f`,
      [JSON.stringify(wanted.slice(i, i + LOOKUP_BATCH)), since.toISOString()],
    );
    out.push(...rows.map(backupFromRow));
  }
  return out;
}

/** Each selected instance's stored policy; none stored: 'unsupported' where its provider has no policy API, else 'failed'. */
async function attachPolicies(db: SqlExecutor, filter: InventoryFilter, states: ReadonlyMap<string, Tracked>): Promise<void> {
  const where = new Where().filter('i', filter);
  const rows = await db.query(
    `SELECT p.* FROM cloud_backups.backup_policies p
     JOIN cloud_backups.instances i ON i.provider = p.provider AND i.account = p.account AND i.instance_id = p.instance_id
     ${where.sql()}`,
    where.params,
  );
  const stored = new Map<string, StoredPolicy>();
  for (const row of rows) {
    const p = policyFromRow(row);
    stored.set(instanceKey(p.provider, p.account, p.instanceId), p);
  }
  for (const [key, state] of states) {
    const policy = stored.get(key);
    state.policy = policy ? { kind: 'read', policy: asPolicy(policy) } : missingPolicy(state);
  }
}

function missingPolicy(state: Tracked): PolicyOutcome {
  const { provider } = state.instance;
  if (!POLICY_API_PROVIDERS.has(provider)) return { kind: 'unsupported' };
  return {
    kind: 'failed',
    error: new InventoryEvidenceError('the inventory holds no backup policy of it: store policies with inventory.savePolicies((await client.policies()).policies)', {
      gap: 'no-policy',
      provider,
    }),
  };
}

/** A stored policy in the library's model (its `raw` is the record the library read), with when it was read. */
function asPolicy(p: StoredPolicy): BackupPolicy & { fetchedAt: Date } {
  // Every stored policy was written from a BackupPolicy of its provider (savePolicies): its raw is that policy's.
  return p as BackupPolicy & { fetchedAt: Date };
}
