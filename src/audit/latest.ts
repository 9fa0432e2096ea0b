import { ConfigurationError } from '../errors.js';
import { internalsOf, walkAll, type BackupClient, type ClientBackupQuery, type InstanceLister } from '../listing/client.js';
import { PagedList, type BackupList } from '../listing/paged-list.js';
import type { Backup } from '../model.js';
import { normalizeQuery, type NormalizedQuery } from '../query.js';
import { LATEST_FIRST_SPAN_MS, lookbackWindows } from './lookback.js';
import { isNewer } from './order.js';
import { windowQuery } from './window-query.js';

/**
 * `client.latest(query)`: the newest backup matching `query` of every instance (instances without one yield
 * nothing). Lazy like `backups()`, and walked by the same machinery: the client's concurrency, progress, failure
 * reporting and cancellation apply unchanged; only what is read per instance differs (see `latestLister`).
 */
export function latestBackups(client: BackupClient, query: ClientBackupQuery = {}): BackupList {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new ConfigurationError('latest: pass a query object such as { status: "success" }.', { field: 'query' });
  }
  const internals = internalsOf(client);
  const { providers, instances, ...rest } = query;
  const selected = internals.select({ providers, instances });
  const filters = normalizeQuery(rest);
  const open = () =>
    walkAll({
      runtimes: selected.runtimes,
      concurrency: internals.concurrency,
      signal: filters.signal,
      instanceFilter: selected.instanceFilter,
      onProgress: internals.onProgress,
      // Measured from when the listing starts, so every instance looks at the same windows.
      perInstance: latestLister(filters, new Date()),
    });
  return new PagedList<Backup>(open, internals.onError);
}

/**
 * Reads an instance newest window first (2 days, then 8, 32... back from `anchor`, or from the query's `until`),
 * with the query's filters pushed down, and stops at the first window holding a match: the history beyond it is
 * never requested. Within a window every page is read and the maximum taken, so the answer does not depend on the
 * order rows come in. Records that could not be mapped are passed on as failures.
 */
export function latestLister(filters: NormalizedQuery, anchor: Date): InstanceLister {
  return async function* latestOfInstance(runtime, instance, signal, observer) {
    const plan = { anchor: filters.until ?? anchor, firstSpanMs: LATEST_FIRST_SPAN_MS, ...(filters.until ? { until: filters.until } : {}), ...(filters.since ? { since: filters.since } : {}) };
    for (const window of lookbackWindows(plan, runtime.definition.timeWindow, instance)) {
      let newest: Backup | undefined;
      for await (const page of runtime.walk(instance, windowQuery(filters, window), signal, observer)) {
        for (const backup of page.items) if (!newest || isNewer(backup, newest)) newest = backup;
        if (page.failures.length > 0) yield { items: [], failures: page.failures };
      }
      if (newest) {
        yield { items: [newest], failures: [] };
        return;
      }
    }
  };
}
