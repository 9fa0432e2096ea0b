import { BACKUP_COLUMNS, COLUMN_LIST, FACT_COLUMNS, RECORD_TYPE } from './columns.js';
import type { SqlExecutor, SqlParam } from './driver.js';
import type { InstanceState, Verdict } from './ledger.js';
import { stageTable } from './stage.js';

export interface MergeArgs {
  runId: number;
  /** The run's start: first_seen / last_seen / gone_at / status_changed_at of what this run changes. */
  at: Date;
  instance: InstanceState;
  verdict: Verdict;
  /** The listing's time window: only backups starting inside it can be missed, so only they can be gone. */
  since: Date | undefined;
  until: Date | undefined;
}

export interface MergeCounts {
  inserted: number;
  changed: number;
  gone: number;
}

const UPSERT_INSTANCE = `INSERT INTO cloud_backups.instances AS i
    (provider, account, instance_id, region, name, engine, engine_name, engine_version, status, created_at, kind, first_seen, last_seen, listed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamptz, $11, $12::timestamptz, $12::timestamptz, $13::timestamptz)
  ON CONFLICT (provider, account, instance_id) DO UPDATE SET
    region = CASE WHEN EXCLUDED.last_seen >= i.last_seen THEN EXCLUDED.region ELSE i.region END,
    name = COALESCE(EXCLUDED.name, i.name),
    engine = COALESCE(EXCLUDED.engine, i.engine),
    engine_name = COALESCE(EXCLUDED.engine_name, i.engine_name),
    engine_version = COALESCE(EXCLUDED.engine_version, i.engine_version),
    status = COALESCE(EXCLUDED.status, i.status),
    created_at = COALESCE(EXCLUDED.created_at, i.created_at),
    kind = COALESCE(EXCLUDED.kind, i.kind),
    last_seen = GREATEST(i.last_seen, EXCLUDED.last_seen),
    listed_at = GREATEST(i.listed_at, EXCLUDED.listed_at)`;

const data = BACKUP_COLUMNS.map(([name]) => name);
const facts = (alias: string) => `(${FACT_COLUMNS.map((c) => `${alias}.${c}`).join(', ')})`;

const KEY = new Set(['provider', 'account', 'region', 'instance_id', 'backup_id']);
const assignments = data
  .filter((c) => !KEY.has(c))
  .map((c) => `${c} = EXCLUDED.${c}`)
  .join(',\n      ');

/**
 * Upserts one instance's staged backups. A row some other run saw later (a larger last_seen) is left as that
 * run wrote it, so an older listing merged late cannot roll a newer one back. A row seen again after being
 * marked gone comes back (gone_at cleared), which counts as a change.
 * $1 run id, $2 provider, $3 account, $4 instance id, $5 the run's start.
 */
export function upsertBackupsSql(runId: number): string {
  return `WITH staged AS (
    SELECT r.*, c.seq FROM ${stageTable(runId)} c
    CROSS JOIN LATERAL ROWS FROM (json_to_recordset(c.body::json) AS (${RECORD_TYPE})) WITH ORDINALITY AS r(${COLUMN_LIST}, ord)
    WHERE c.provider = $2 AND c.account = $3 AND c.instance_id = $4
  ), merged AS (
    INSERT INTO cloud_backups.backups AS b (${COLUMN_LIST}, first_seen, last_seen, status_changed_at, first_run_id)
    SELECT DISTINCT ON (s.region, s.backup_id) ${data.map((c) => `s.${c}`).join(', ')}, $5::timestamptz, $5::timestamptz, $5::timestamptz, $1::bigint
    FROM staged s
    ORDER BY s.region, s.backup_id, s.seq DESC, s.ord DESC
    ON CONFLICT (provider, account, region, instance_id, backup_id) DO UPDATE SET
      ${assignments},
      status_changed_at = CASE WHEN b.status IS DISTINCT FROM EXCLUDED.status THEN EXCLUDED.last_seen ELSE b.status_changed_at END,
      changed_run_id = CASE WHEN ${facts('b')} IS DISTINCT FROM ${facts('EXCLUDED')} OR b.gone_at IS NOT NULL THEN $1::bigint ELSE b.changed_run_id END,
      gone_at = NULL,
      last_seen = EXCLUDED.last_seen
    WHERE b.last_seen <= EXCLUDED.last_seen
    RETURNING b.first_run_id, b.changed_run_id
  )
  SELECT count(*) FILTER (WHERE first_run_id = $1::bigint)::int AS inserted,
         count(*) FILTER (WHERE first_run_id <> $1::bigint AND changed_run_id = $1::bigint)::int AS changed
  FROM merged`;
}

/**
 * Marks gone what a complete listing of the instance did not see: rows not seen by this run (nor by a later
 * one) that start inside the listing's window.
 * $1 run id, $2 provider, $3 account, $4 instance id, $5 the run's start, $6 since, $7 until.
 */
const MARK_GONE = `WITH gone AS (
    UPDATE cloud_backups.backups SET gone_at = $5::timestamptz, changed_run_id = $1::bigint
    WHERE provider = $2 AND account = $3 AND instance_id = $4 AND gone_at IS NULL AND last_seen < $5::timestamptz
      AND ($6::timestamptz IS NULL OR start_time >= $6::timestamptz)
      AND ($7::timestamptz IS NULL OR start_time < $7::timestamptz)
    RETURNING 1
  )
  SELECT count(*)::int AS gone FROM gone`;

/** Merges one instance, inside the caller's transaction: its instance row, its backups, and what is gone. */
export async function mergeInstance(tx: SqlExecutor, args: MergeArgs): Promise<MergeCounts> {
  const { instance: s, at } = args;
  const complete = args.verdict === 'complete';
  const info = s.info;
  await tx.query(UPSERT_INSTANCE, [
    s.provider, s.account, s.instanceId, s.region,
    info?.name ?? null, info?.engine ?? null, info?.engineName ?? null, info?.engineVersion ?? null, info?.status ?? null,
    iso(info?.createdAt), info?.kind ?? null, at.toISOString(), complete ? at.toISOString() : null,
  ]);
  const key: SqlParam[] = [args.runId, s.provider, s.account, s.instanceId, at.toISOString()];
  const [upserted] = s.listed > 0 ? await tx.query(upsertBackupsSql(args.runId), key) : [];
  const [gone] = complete ? await tx.query(MARK_GONE, [...key, iso(args.since), iso(args.until)]) : [];
  return { inserted: count(upserted?.inserted), changed: count(upserted?.changed), gone: count(gone?.gone) };
}

function iso(d: Date | undefined): string | null {
  return d === undefined ? null : d.toISOString();
}

function count(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}
