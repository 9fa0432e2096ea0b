// The round-trip lower bound of a listing, derived from the paging rules (see bench/README.md).

/**
 * How each provider pages, as the sources are built (largest page each API allows).
 * @type {Record<string, { kind: 'page-number' | 'offset', pageSize: number } | { kind: 'single' }>}
 */
export const PAGING = {
  'aliyun-rds': { kind: 'page-number', pageSize: 100 },
  'aliyun-kvstore': { kind: 'page-number', pageSize: 100 },
  'huawei-rds': { kind: 'offset', pageSize: 100 },
  'capitalonline-mysql': { kind: 'single' },
};

/**
 * The paging a build actually used, read from the emulator's request log of a listing of `instances` instances
 * per provider with `backups` backups each (the build under test may be another version, which asked for other
 * page sizes: KVStore asked for 300 before it asked for 100).
 * @param {{ provider: string, action: string, requests: number }[]} log
 * @returns {typeof PAGING}
 */
export function detectPaging(log, instances, backups) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [provider, paging] of Object.entries(PAGING)) {
    if (paging.kind === 'single') {
      out[provider] = paging;
      continue;
    }
    const requests = log.filter((g) => g.provider === provider && /Backups$/.test(g.action)).reduce((n, g) => n + g.requests, 0);
    const pages = Math.round(requests / instances);
    const size = [1000, 500, 300, 200, 100, 50, 30, 10].find((s) => Math.ceil(backups / s) === pages);
    out[provider] = size ? { ...paging, pageSize: size } : paging;
  }
  return /** @type {typeof PAGING} */ (out);
}

/** Requests one instance's listing needs: every page once (an empty instance still costs one request). */
export function pagesFor(/** @type {number} */ backups, /** @type {{ kind: string, pageSize?: number }} */ paging) {
  if (paging.kind === 'single') return 1;
  return Math.max(1, Math.ceil(backups / /** @type {number} */ (paging.pageSize)));
}

/**
 * Sequential round trips for one instance under the paginator's rule: page 1 alone (it gives the total),
 * then the remaining pages at most `pageConcurrency` at a time.
 */
export function roundTripsFor(/** @type {number} */ backups, /** @type {{ kind: string, pageSize?: number }} */ paging, /** @type {number} */ pageConcurrency) {
  const pages = pagesFor(backups, paging);
  return 1 + Math.ceil((pages - 1) / pageConcurrency);
}

/**
 * The lower bound, in round trips, for walking instances that need `trips[i]` round trips each with at most
 * `concurrency` instances in flight: no schedule can do better than spreading the total work evenly over the
 * slots, nor finish before its longest instance.
 */
export function lowerBoundTrips(/** @type {number[]} */ trips, /** @type {number} */ concurrency) {
  const sum = trips.reduce((a, b) => a + b, 0);
  return Math.max(Math.ceil(sum / concurrency), Math.max(0, ...trips));
}

/**
 * What the client's own scheduler achieves with zero CPU cost: instances start in the order given, each in
 * the first slot to come free (FIFO list scheduling). Never below `lowerBoundTrips`; the gap between the two is
 * scheduling, not overhead.
 */
export function fifoScheduleTrips(/** @type {number[]} */ trips, /** @type {number} */ concurrency) {
  const slots = new Array(Math.max(1, concurrency)).fill(0);
  for (const t of trips) {
    let best = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i] < slots[best]) best = i;
    slots[best] += t;
  }
  return Math.max(...slots);
}
