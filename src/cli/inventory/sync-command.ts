import { ConfigurationError, type ListingFailure } from '../../index.js';
import { InventoryBusyError, type SyncResult } from '../../inventory/index.js';
import { checkPeriod } from '../arguments.js';
import { EXIT_INTERRUPTED, EXIT_NOTHING_LISTED, EXIT_OK, EXIT_PARTIAL_FAILURE, EXIT_USAGE, type ExitCode } from '../exit-codes.js';
import { failureJson } from '../format/failure-json.js';
import { plural } from '../format/plural.js';
import type { CliIO } from '../io.js';
import type { FailureWording } from '../listing-outcome.js';
import { listingClient, resolveSources, type SourceCommandOptions } from '../resolve-sources.js';
import { openDb } from './open-db.js';

export const SYNC_FORMATS = ['table', 'json'] as const;
export type SyncFormat = (typeof SYNC_FORMATS)[number];

export interface SyncCommandOptions extends SourceCommandOptions {
  db?: string;
  since?: Date;
  until?: Date;
  /** Also read every instance's backup policy and store it. */
  policies?: boolean;
  /** Give up waiting for another sync of an overlapping scope after this many ms. */
  lockTimeoutMs?: number;
  format?: SyncFormat;
}

/**
 * `cloud-backups sync`: lists the sources into the inventory (new, changed and gone backups; the run and its
 * failures recorded), then prints what the run did. Exit 0 succeeded, 1 partial, 3 failed (nothing listed or the
 * inventory busy), 2 usage or configuration.
 */
export async function runSync(options: SyncCommandOptions, io: CliIO): Promise<ExitCode> {
  checkPeriod(options.since, options.until);
  const format = options.format ?? (io.stdout.isTTY ? 'table' : 'json');
  const resolved = await resolveSources(options);
  const inventory = await openDb(options.db, true);
  const { client, progress } = listingClient(resolved, io);
  let result: SyncResult;
  let policies: { saved: number; failures: ListingFailure[] } | undefined;
  try {
    const query = { signal: io.signal, ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}) };
    result = await inventory.sync(client, query, options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs });
    if (options.policies) {
      const read = await client.policies({ signal: io.signal });
      policies = { saved: await inventory.savePolicies(read.policies), failures: read.failures };
    }
  } catch (error) {
    if (io.signal.aborted) {
      io.stderr.write('cloud-backups: sync interrupted; the run is recorded as aborted, and every instance merged before it stays.\n');
      return EXIT_INTERRUPTED;
    }
    if (error instanceof InventoryBusyError) {
      io.stderr.write(`cloud-backups: ${error.message.replace('raise lockTimeoutMs', 'raise --lock-timeout')}\n`);
      return EXIT_NOTHING_LISTED;
    }
    throw error;
  } finally {
    progress.clear();
    client.close();
    await inventory.close();
  }
  const failures = [...result.failures, ...(policies?.failures ?? [])];
  io.stdout.write(format === 'json' ? `${JSON.stringify(syncJson(result, inventory.location, policies), null, 2)}\n` : syncSummary(result, inventory.location, policies));
  io.stderr.write(failureReport(failures, result.failuresTotal - result.failures.length, resolved.wording));
  if (failures.some((f) => f.error instanceof ConfigurationError)) return EXIT_USAGE;
  if (result.status === 'failed') return EXIT_NOTHING_LISTED;
  return result.status === 'partial' || (policies?.failures.length ?? 0) > 0 ? EXIT_PARTIAL_FAILURE : EXIT_OK;
}

function syncSummary(result: SyncResult, location: string, policies: { saved: number } | undefined): string {
  const seconds = ((result.finishedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(2);
  const { complete, incomplete, failed } = result.instances;
  return [
    `Synced into ${location} (run ${result.runId}, ${result.status}, ${seconds} s):`,
    `  ${plural(result.listed, 'backup')} listed: ${result.new} new, ${result.changed} changed, ${result.gone} gone`,
    `  instances: ${complete} listed completely, ${incomplete} with gaps (nothing marked gone), ${failed} failed (left untouched)`,
    ...(policies ? [`  ${plural(policies.saved, 'backup policy', 'backup policies')} stored`] : []),
    '',
  ].join('\n');
}

function syncJson(result: SyncResult, location: string, policies: { saved: number } | undefined) {
  return {
    inventory: location,
    runId: result.runId,
    status: result.status,
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
    listed: result.listed,
    new: result.new,
    changed: result.changed,
    gone: result.gone,
    instances: result.instances,
    ...(policies ? { policiesSaved: policies.saved } : {}),
    failuresTotal: result.failuresTotal,
    failures: result.failures.map(failureJson),
  };
}

function failureReport(failures: readonly ListingFailure[], more: number, wording: FailureWording): string {
  if (failures.length === 0) return '';
  const lines = failures.map((f) => `  - ${wording(f)}`);
  if (more > 0) lines.push(`  ... and ${plural(more, 'more listing error')} (in the run's record: history --runs)`);
  const total = plural(failures.length + more, 'listing error');
  return `cloud-backups: ${total}; instances that failed were left as they were in the inventory:\n${lines.join('\n')}\n`;
}
