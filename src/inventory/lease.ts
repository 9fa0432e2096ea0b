import { hostname } from 'node:os';
import { AbortError, CloudBackupsError } from '../errors.js';
import type { SqlDriver, SqlExecutor } from './driver.js';
import { InventoryBusyError, type ScopeHolder } from './errors.js';
import { readDate, readNumber, readString } from './rows.js';

/**
 * One run per scope at a time, enforced by the database with leases: a row per scope in `sync_locks`, whose
 * primary key admits one holder. A lease rather than an advisory lock because it works the same on a server,
 * on PGlite (one session: advisory locks there never conflict) and through a connection multiplexer; a
 * crashed holder stops renewing and its lease lapses. Lease times are the database's clock, never the
 * injected one that dates the data.
 */
export const DEFAULT_LEASE_MS = 60_000;

export function holderName(): string {
  return `${hostname()} pid ${process.pid}`;
}

/** The scope key of what a run writes: one (provider, account, region). */
export function scopeKey(provider: string, account: string, region: string): string {
  return `${provider}/${account}/${region}`;
}

const TAKE = `INSERT INTO cloud_backups.sync_locks AS l (scope, run_id, holder, acquired_at, expires_at)
    SELECT s, $2::bigint, $3, clock_timestamp(), clock_timestamp() + $4::double precision * interval '1 millisecond'
    FROM jsonb_array_elements_text($1::jsonb) AS s
  ON CONFLICT (scope) DO UPDATE SET run_id = EXCLUDED.run_id, holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
  WHERE l.expires_at < clock_timestamp() OR l.run_id = EXCLUDED.run_id
  RETURNING scope`;

/**
 * Takes (or renews) every scope or none: false when a live run of another id holds any. In the caller's
 * transaction, whose rollback then undoes a partial take; the rows taken stay locked until it ends, so a
 * lease cannot be taken over in the middle of a merge that checked it.
 */
export async function takeScopes(tx: SqlExecutor, scopes: readonly string[], runId: number, leaseMs: number): Promise<boolean> {
  if (scopes.length === 0) return true;
  const taken = await tx.query(TAKE, [JSON.stringify(scopes), runId, holderName(), leaseMs]);
  return taken.length === scopes.length;
}

export async function holdersOf(db: SqlExecutor, scopes: readonly string[]): Promise<ScopeHolder[]> {
  const rows = await db.query(
    `SELECT scope, run_id, holder, expires_at FROM cloud_backups.sync_locks
     WHERE scope IN (SELECT jsonb_array_elements_text($1::jsonb)) AND expires_at >= clock_timestamp() ORDER BY scope`,
    [JSON.stringify(scopes)],
  );
  return rows.map((r) => ({ scope: readString(r, 'scope'), runId: readNumber(r, 'run_id'), holder: readString(r, 'holder'), expiresAt: readDate(r, 'expires_at') }));
}

export interface WaitOptions {
  signal: AbortSignal | undefined;
  /** Give up after this long; default: wait as long as it takes. */
  timeoutMs: number | undefined;
}

/**
 * Retries `attempt` (which returns undefined while the scope is busy) with a growing pause, until it succeeds,
 * the signal aborts, or the timeout passes. Polling, not a blocking lock: a wait must be abortable, and must
 * not hold a connection.
 */
export async function waitForScopes<T>(db: SqlDriver, scopes: readonly string[], attempt: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const started = Date.now();
  for (let round = 0; ; round++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const result = await attempt();
    if (result !== undefined) return result;
    const waited = Date.now() - started;
    if (options.timeoutMs !== undefined && waited >= options.timeoutMs) throw new InventoryBusyError(await holdersOf(db, scopes), waited);
    const pause = Math.min(1000, 25 * 2 ** Math.min(round, 6)) * (0.75 + Math.random() * 0.5);
    await sleep(options.timeoutMs === undefined ? pause : Math.min(pause, Math.max(1, options.timeoutMs - waited)), options.signal);
  }
}

/** Renews a run's lease (its run row and its scopes) until stopped; reports when a scope was lost. */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SqlExecutor,
    private readonly runId: number,
    private readonly leaseMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.renewing = this.renew().catch(() => {
        // A failed renewal is not fatal by itself: every merge checks its lease inside its transaction.
      });
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  async renew(): Promise<void> {
    await this.db.query(
      `WITH run AS (
         UPDATE cloud_backups.sync_runs SET expires_at = clock_timestamp() + $2::double precision * interval '1 millisecond'
         WHERE id = $1::bigint AND status = 'running' RETURNING 1
       )
       UPDATE cloud_backups.sync_locks SET expires_at = clock_timestamp() + $2::double precision * interval '1 millisecond'
       WHERE run_id = $1::bigint`,
      [this.runId, this.leaseMs],
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }
}

export async function releaseScopes(db: SqlExecutor, runId: number): Promise<void> {
  await db.query('DELETE FROM cloud_backups.sync_locks WHERE run_id = $1::bigint', [runId]);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** As the listing does: the caller's reason when it is one of ours, else an AbortError. */
export function abortError(signal: AbortSignal | undefined): CloudBackupsError {
  const reason: unknown = signal?.reason;
  if (CloudBackupsError.isInstance(reason)) return reason;
  return new AbortError(reason instanceof Error && reason.message ? `Aborted: ${reason.message}` : 'The sync was aborted');
}
