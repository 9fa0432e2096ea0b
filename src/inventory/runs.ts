import type { ListingFailure } from '../index.js';
import type { SqlExecutor } from './driver.js';
import { toJsonText } from './json.js';
import { holderName } from './lease.js';
import { readDate, readJson, readNumber, readOptionalDate, readOptionalString, readString } from './rows.js';
import { dropStage } from './stage.js';
import type { SyncRun, SyncRunStatus, StoredFailure } from './types.js';

export async function startRun(tx: SqlExecutor, args: { scope: readonly string[]; query: unknown; at: Date; leaseMs: number }): Promise<number> {
  const [row] = await tx.query(
    `INSERT INTO cloud_backups.sync_runs (status, scope, query, holder, started_at, expires_at)
     VALUES ('running', $1::jsonb, $2::jsonb, $3, $4::timestamptz, clock_timestamp() + $5::double precision * interval '1 millisecond')
     RETURNING id`,
    [JSON.stringify(args.scope), toJsonText(args.query), holderName(), args.at.toISOString(), args.leaseMs],
  );
  if (!row) throw new Error('inventory: creating the sync run returned no id');
  return readNumber(row, 'id');
}

export interface RunOutcome {
  status: Exclude<SyncRunStatus, 'running' | 'interrupted'>;
  scope: readonly string[];
  finishedAt: Date;
  listed: number;
  inserted: number;
  changed: number;
  gone: number;
  complete: number;
  incomplete: number;
  failures: readonly ListingFailure[];
  failuresTotal: number;
  error?: string;
}

export async function finishRun(db: SqlExecutor, runId: number, o: RunOutcome): Promise<void> {
  await db.query(
    `UPDATE cloud_backups.sync_runs SET status = $2, scope = $3::jsonb, finished_at = $4::timestamptz, listed = $5, new_backups = $6,
       changed_backups = $7, gone_backups = $8, instances_complete = $9, instances_incomplete = $10, failures_total = $11,
       failures = $12::jsonb, error = $13
     WHERE id = $1::bigint`,
    [
      runId, o.status, JSON.stringify(o.scope), o.finishedAt.toISOString(), o.listed, o.inserted, o.changed, o.gone, o.complete, o.incomplete,
      o.failuresTotal, toJsonText(o.failures.map(storedFailure)), o.error ?? null,
    ],
  );
}

/**
 * Runs still 'running' whose lease lapsed belong to processes that stopped (a crash, a kill): they are marked
 * interrupted and their staging tables dropped. Nothing else of theirs needs undoing: each of their merges
 * committed whole or not at all.
 */
export async function reapCrashedRuns(db: SqlExecutor, at: Date): Promise<number[]> {
  const rows = await db.query(
    `UPDATE cloud_backups.sync_runs SET status = 'interrupted', finished_at = $1::timestamptz,
       error = 'the process running this sync stopped before finishing (its lease lapsed)'
     WHERE status = 'running' AND expires_at < clock_timestamp() RETURNING id`,
    [at.toISOString()],
  );
  const ids = rows.map((r) => readNumber(r, 'id'));
  for (const id of ids) await dropStage(db, id);
  return ids;
}

/** A failure as stored: where, and the error's safe fields (CloudBackupsError.toJSON never carries secrets). */
export function storedFailure(f: ListingFailure): StoredFailure {
  const error: unknown = typeof f.error.toJSON === 'function' ? f.error.toJSON() : { name: f.error.name, message: f.error.message };
  return {
    provider: f.provider,
    account: f.account,
    ...(f.region !== undefined ? { region: f.region } : {}),
    ...(f.instanceId !== undefined ? { instanceId: f.instanceId } : {}),
    ...(f.recordId !== undefined ? { recordId: f.recordId } : {}),
    error: error as StoredFailure['error'],
  };
}

export async function listRuns(db: SqlExecutor, limit: number): Promise<SyncRun[]> {
  const rows = await db.query(`SELECT * FROM cloud_backups.sync_runs ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map((r) => ({
    id: readNumber(r, 'id'),
    status: readString(r, 'status') as SyncRunStatus,
    scope: readJson(r, 'scope') as string[],
    query: readJson(r, 'query') as SyncRun['query'],
    holder: readString(r, 'holder'),
    startedAt: readDate(r, 'started_at'),
    finishedAt: readOptionalDate(r, 'finished_at'),
    listed: readNumber(r, 'listed'),
    new: readNumber(r, 'new_backups'),
    changed: readNumber(r, 'changed_backups'),
    gone: readNumber(r, 'gone_backups'),
    instances: { complete: readNumber(r, 'instances_complete'), incomplete: readNumber(r, 'instances_incomplete') },
    failuresTotal: readNumber(r, 'failures_total'),
    failures: readJson(r, 'failures') as StoredFailure[],
    error: readOptionalString(r, 'error'),
  }));
}
