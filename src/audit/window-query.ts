import type { TimeWindow } from '../listing/provider.js';
import type { NormalizedQuery } from '../query.js';

/**
 * The query one window of a lookback is listed with: the caller's filters (pushed down by the provider exactly as
 * `backups()` pushes them) and the window's bounds in place of the query's. The signal is the walk's, not the query's.
 */
export function windowQuery(filters: NormalizedQuery, window: TimeWindow): NormalizedQuery {
  const query: NormalizedQuery = {};
  if (filters.status) query.status = filters.status;
  if (filters.mode) query.mode = filters.mode;
  if (filters.type) query.type = filters.type;
  if (filters.method) query.method = filters.method;
  if (window.since) query.since = window.since;
  if (window.until) query.until = window.until;
  return query;
}
