import { CloudBackupsError } from '../errors.js';
import type { InstanceTarget, ListingFailure } from '../index.js';
import type { SqlDriver, SqlExecutor } from './driver.js';
import { DEFAULT_LEASE_MS, LeaseKeeper, abortError, releaseScopes, scopeKey, takeScopes, waitForScopes } from './lease.js';
import { ListingLedger } from './ledger.js';
import { mergeInstance } from './merge.js';
import { finishRun, reapCrashedRuns, startRun, type RunOutcome } from './runs.js';
import { createStage, DEFAULT_BATCH_SIZE, dropStage, StageWriter } from './stage.js';
import { checkSyncQuery } from './sync-query.js';
import type { SyncClient, SyncOptions, SyncQuery, SyncResult } from './types.js';

export interface SyncContext {
  db: SqlDriver;
  now: () => Date;
}

/** Thrown inside a transaction to roll it back when a scope is busy; caught right outside it. */
class ScopeBusy extends Error {}

/** Runs `work` in a transaction; undefined when it found a scope busy (and so rolled back). */
async function unlessBusy<T>(db: SqlDriver, work: (tx: SqlExecutor) => Promise<T>): Promise<T | undefined> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (error instanceof ScopeBusy) return undefined;
    throw error;
  }
}

/**
 * One sync: discover, take the scope, list into the staging table, merge each instance in its own
 * transaction, record the run. See ListingLedger for which instances count as listed completely.
 *
 * Interruption: an abort stops the listing; what was listed is still merged (nothing marked gone, the run
 * recorded as aborted) and the abort is rethrown. A crash leaves merged instances whole and the rest
 * untouched; the next run marks the crashed run interrupted and drops its staging table.
 */
export async function runSync(ctx: SyncContext, client: SyncClient, rawQuery: SyncQuery | undefined, options: SyncOptions = {}): Promise<SyncResult> {
  const { query, since, until, signal } = checkSyncQuery(rawQuery);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const { db } = ctx;
  const ledger = new ListingLedger();

  // Discovery, for instances with no backups (complete with none) and for the scope to hold while listing.
  for (const target of await discover(client, query, ledger)) ledger.discovered(target.instance);
  const scopes = [...new Set([...ledger.candidates()].map((s) => scopeKey(s.provider, s.account, s.region)))].sort();

  const { runId, at } = await waitForScopes(
    db,
    scopes,
    () =>
      unlessBusy(db, async (tx) => {
        const at = ctx.now();
        const runId = await startRun(tx, { scope: scopes, query: describeQuery(query), at, leaseMs });
        if (!(await takeScopes(tx, scopes, runId, leaseMs))) throw new ScopeBusy();
        return { runId, at };
      }),
    { signal, timeoutMs: options.lockTimeoutMs },
  );

  const keeper = new LeaseKeeper(db, runId, leaseMs);
  keeper.start();
  const merged: MergeTotals = { inserted: 0, changed: 0, gone: 0, complete: 0, incomplete: 0, failed: 0, scopes: new Set(scopes) };
  const outcome = (status: RunOutcome['status'], error?: string): RunOutcome => ({
    status, scope: [...merged.scopes].sort(), finishedAt: ctx.now(), listed: ledger.listed,
    inserted: merged.inserted, changed: merged.changed, gone: merged.gone, complete: merged.complete, incomplete: merged.incomplete + merged.failed,
    failures: ledger.failures, failuresTotal: ledger.failuresTotal, ...(error ? { error } : {}),
  });
  try {
    await reapCrashedRuns(db, at);
    await createStage(db, runId);
    const aborted = await list(client, query, ledger, new StageWriter(db, runId, options.batchSize ?? DEFAULT_BATCH_SIZE), signal);
    await mergeAll({ db, runId, at, since, until, leaseMs, ledger, aborted, totals: merged });

    const done = outcome(aborted ? 'aborted' : runStatus(ledger, merged));
    await finishRun(db, runId, done);
    await dropStage(db, runId);
    await releaseScopes(db, runId);
    await tidy(db);
    if (aborted) throw abortError(signal);
    return {
      runId, status: runStatus(ledger, merged), startedAt: at, finishedAt: done.finishedAt, listed: ledger.listed,
      new: merged.inserted, changed: merged.changed, gone: merged.gone,
      instances: { complete: merged.complete, incomplete: merged.incomplete, failed: merged.failed },
      failures: ledger.failures, failuresTotal: ledger.failuresTotal,
    };
  } catch (error) {
    if (!isAbort(error, signal)) {
      // Best effort: the run says why it stopped; a database that is gone leaves it to the lease to expire.
      await finishRun(db, runId, outcome('failed', error instanceof Error ? error.message : String(error))).catch(() => undefined);
      await dropStage(db, runId).catch(() => undefined);
      await releaseScopes(db, runId).catch(() => undefined);
    }
    throw error;
  } finally {
    await keeper.stop();
  }
}

interface MergeTotals {
  inserted: number;
  changed: number;
  gone: number;
  complete: number;
  incomplete: number;
  failed: number;
  /** Every scope the run merged into (it may take one discovery did not announce). */
  scopes: Set<string>;
}

/**
 * Merges every candidate instance, each in its own transaction, by its verdict (an aborted listing knows no
 * instance to be complete). A failed instance is not touched at all.
 */
async function mergeAll(a: {
  db: SqlDriver; runId: number; at: Date; since: Date | undefined; until: Date | undefined; leaseMs: number;
  ledger: ListingLedger; aborted: boolean; totals: MergeTotals;
}): Promise<void> {
  const { db, runId, leaseMs, ledger, totals } = a;
  for (const instance of ledger.candidates()) {
    const verdict = a.aborted ? 'incomplete' : ledger.verdict(instance);
    if (verdict === 'failed') {
      totals.failed++;
      continue;
    }
    const scope = scopeKey(instance.provider, instance.account, instance.region);
    const counts = await unlessBusy(db, async (tx) => {
      // Re-asserts (or, for an instance discovery did not return, takes) the scope, locking its row to the commit.
      if (!(await takeScopes(tx, [scope], runId, leaseMs))) throw new ScopeBusy();
      return mergeInstance(tx, { runId, at: a.at, instance, verdict, since: a.since, until: a.until });
    });
    if (!counts) {
      totals.failed++;
      ledger.failure(scopeBusy(instance, scope));
      continue;
    }
    totals.scopes.add(scope);
    totals.inserted += counts.inserted;
    totals.changed += counts.changed;
    totals.gone += counts.gone;
    if (verdict === 'complete') totals.complete++;
    else totals.incomplete++;
  }
}

/** succeeded: no failure; failed: failures and nothing listed or complete; partial: the rest. */
function runStatus(ledger: ListingLedger, totals: MergeTotals): SyncResult['status'] {
  if (ledger.failuresTotal === 0) return 'succeeded';
  return ledger.listed === 0 && totals.complete === 0 ? 'failed' : 'partial';
}

/**
 * PGlite runs single-user PostgreSQL: no autovacuum and no checkpoint until it closes. Without this, the row
 * versions each sync leaves behind (every row it sees gets a new last_seen), the catalog entries of dropped
 * staging tables and the WAL would grow the directory sync after sync. A server does both by itself.
 */
async function tidy(db: SqlDriver): Promise<void> {
  if (db.engine !== 'pglite') return;
  await db.query('VACUUM');
  await db.query('CHECKPOINT');
}

/**
 * `client.discover()`: every instance found, and where discovery failed. The failures decide completeness (an
 * instance of a failed source is not known to be empty); the instances of healthy sources are known even with no
 * backup listed.
 */
async function discover(client: SyncClient, query: SyncQuery, ledger: ListingLedger): Promise<InstanceTarget[]> {
  const { instances, failures } = await client.discover({
    ...(query.providers !== undefined ? { providers: query.providers } : {}),
    ...(query.instances !== undefined ? { instances: query.instances } : {}),
    ...(query.signal !== undefined ? { signal: query.signal } : {}),
  });
  for (const f of failures) ledger.applyFailure(f);
  return instances;
}

/** Lists into the staging table; true when aborted. Failures arrive on pages (with or without the client's onError). */
async function list(client: SyncClient, query: SyncQuery, ledger: ListingLedger, stage: StageWriter, signal: AbortSignal | undefined): Promise<boolean> {
  let aborted = false;
  try {
    for await (const page of client.backups(query).pages()) {
      ledger.items(page.items);
      for (const failure of page.failures) ledger.failure(failure);
      await stage.add(page.items);
    }
  } catch (error) {
    // The client without onError ends with a PartialFailureError: its failures were on the pages already.
    if (isAbort(error, signal)) aborted = true;
    else if (!partialFailures(error)) throw error;
  }
  await stage.flush();
  return aborted;
}

/** The failures of a PartialFailureError (matched by name: the library may be another copy of this code). */
function partialFailures(error: unknown): readonly ListingFailure[] | undefined {
  if (!CloudBackupsError.isInstance(error) || error.name !== 'PartialFailureError') return undefined;
  const failures = (error as CloudBackupsError & { failures?: unknown }).failures;
  return Array.isArray(failures) ? (failures as ListingFailure[]) : undefined;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'));
}

function scopeBusy(instance: { provider: ListingFailure['provider']; account: string; region: string; instanceId: string }, scope: string): ListingFailure {
  return {
    provider: instance.provider, account: instance.account, region: instance.region, instanceId: instance.instanceId,
    error: new CloudBackupsError(`not recorded: another sync holds ${scope} (this instance was not in this run's scope when it started); the next sync records it.`),
  };
}

function describeQuery(q: SyncQuery): Record<string, unknown> {
  const list = (v: unknown) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  return { providers: list(q.providers), instances: list(q.instances), since: q.since?.toISOString(), until: q.until?.toISOString() };
}
