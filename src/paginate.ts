import type { ListingFailure } from './errors.js';
import { ConfigurationError, PaginationError } from './errors.js';
import { abortReason } from './http/retry.js';

/** How an API pages. Each provider declares one; the paginator does the rest. */
export type PagingStrategy =
  | { kind: 'page-number'; pageSize: number }
  | { kind: 'offset'; pageSize: number }
  | { kind: 'single' };

export interface PageRequest {
  /** 0-based position of the page in the walk. */
  index: number;
  /** 1-based page number (page-number APIs). */
  pageNumber: number;
  /** Items to skip (offset APIs). */
  offset: number;
  pageSize: number;
  /** Aborted when the walk stops early; pass it to the transport. */
  signal: AbortSignal;
}

export interface FetchedPage<T> {
  /** Items that mapped; records that did not are in `failures`. */
  items: T[];
  /** Records the server put on this page (mapped or not): what short-page detection must count. */
  received?: number;
  /** The total the server reported, when it reports one. */
  total?: number;
  failures?: ListingFailure[];
}

export interface PaginateOptions<T> {
  strategy: PagingStrategy;
  fetchPage: (request: PageRequest) => Promise<FetchedPage<T>>;
  idOf: (item: T) => string;
  /** Pages fetched at once after the first has given the total. Default 4. */
  pageConcurrency?: number;
  /** Hard cap on pages in one walk. Default 10,000. */
  maxPages?: number;
  signal?: AbortSignal;
  /** Names the walk in errors, e.g. "aliyun-rds instance rm-123". */
  label?: string;
}

export interface WalkedPage<T> {
  index: number;
  items: T[];
  total?: number;
  failures: ListingFailure[];
}

export const DEFAULT_PAGE_CONCURRENCY = 4;
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Walks a paginated API and yields its pages in order, items deduplicated by id.
 *
 * Page 1 is fetched alone; once a page has given the total, up to `pageConcurrency` pages are in flight,
 * and a reorder buffer keeps the output in page order. The walk stops on an empty or short page, when the
 * records seen reach the total, or fails at the page cap or on a page that repeats the previous one.
 * Returning early (the consumer broke out) or an aborted signal aborts every request in flight.
 */
export async function* paginate<T>(options: PaginateOptions<T>): AsyncGenerator<WalkedPage<T>, void, undefined> {
  const { strategy, fetchPage, idOf } = options;
  const pageConcurrency = options.pageConcurrency ?? DEFAULT_PAGE_CONCURRENCY;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!(Number.isInteger(pageConcurrency) && pageConcurrency >= 1)) {
    throw new ConfigurationError(`pageConcurrency must be an integer >= 1, got ${String(pageConcurrency)}`, { field: 'pageConcurrency' });
  }
  if (!(Number.isInteger(maxPages) && maxPages >= 1)) {
    throw new ConfigurationError(`maxPages must be an integer >= 1, got ${String(maxPages)}`, { field: 'maxPages' });
  }
  const label = options.label ?? 'listing';
  const controller = new AbortController();
  const outer = options.signal;
  const forwardAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) throw abortReason(outer);
  outer?.addEventListener('abort', forwardAbort, { once: true });

  const pageSize = strategy.kind === 'single' ? Number.POSITIVE_INFINITY : strategy.pageSize;
  // Each page has its own controller, so pages fetched ahead can be abandoned without ending the walk.
  const inflight = new Map<number, { promise: Promise<FetchedPage<T>>; abort: () => void }>();
  const start = (index: number) => {
    const own = new AbortController();
    const onWalkAbort = () => own.abort(controller.signal.reason);
    controller.signal.addEventListener('abort', onWalkAbort, { once: true });
    const request: PageRequest = {
      index,
      pageNumber: index + 1,
      offset: strategy.kind === 'single' ? 0 : index * strategy.pageSize,
      pageSize: strategy.kind === 'single' ? 0 : strategy.pageSize,
      signal: own.signal,
    };
    const promise = fetchPage(request).finally(() => controller.signal.removeEventListener('abort', onWalkAbort));
    promise.catch(() => undefined); // observed when awaited; silence rejections of pages we abandon
    inflight.set(index, { promise, abort: () => own.abort(new PaginationStopped()) });
  };
  const abandonPrefetched = () => {
    for (const { abort } of inflight.values()) abort();
    inflight.clear();
  };

  const recent = new RecentIds(Math.max(16, 2 * pageConcurrency));
  let total: number | undefined;
  let seen = 0;
  let previousIds: string[] | undefined;
  // Totals reported with consecutive pages. Backups created during the walk shift later pages; a page that
  // was served before its predecessor (prefetching) then reports a smaller total and may have skipped records.
  let previousTotal: number | undefined;
  let oneAtATime = false;
  const refetched = new Set<number>();
  try {
    for (let index = 0; ; index++) {
      if (index >= maxPages) {
        throw new PaginationError(
          `${label}: stopped after ${maxPages} pages (the page cap) while the API still reported more. ` +
            'Raise maxPages if this instance really has that many backups.',
        );
      }
      if (!inflight.has(index)) start(index);
      const page = await inflight.get(index)!.promise;
      inflight.delete(index);
      if (controller.signal.aborted) throw abortReason(controller.signal);

      const pageTotal = page.total !== undefined && Number.isFinite(page.total) ? page.total : undefined;
      if (pageTotal !== undefined && previousTotal !== undefined && pageTotal < previousTotal && !refetched.has(index)) {
        // The list grew between this page and the one before, in the wrong order: fetch this page again now,
        // after its predecessor, and walk the rest one page at a time so no record falls between two pages.
        refetched.add(index);
        oneAtATime = true;
        abandonPrefetched();
        index--;
        continue;
      }
      if (pageTotal !== undefined) previousTotal = pageTotal;

      const received = page.received ?? page.items.length;
      if (pageTotal !== undefined) total = pageTotal;
      // Prefetch before yielding, so the next pages load while the consumer handles this one.
      if (total !== undefined && strategy.kind !== 'single' && received >= pageSize) {
        const lastIndex = Math.min(Math.ceil(total / pageSize) - 1, maxPages - 1);
        const ahead = oneAtATime ? 1 : pageConcurrency;
        for (let next = index + 1; next <= Math.min(lastIndex, index + ahead); next++) {
          if (!inflight.has(next)) start(next);
        }
      }
      const ids = page.items.map(idOf);
      if (received > 0 && previousIds !== undefined && sameIds(ids, previousIds)) {
        throw new PaginationError(
          `${label}: page ${index + 1} repeats page ${index} (the API ignored the paging parameters); stopped instead of looping.`,
        );
      }
      previousIds = ids;
      const items: T[] = [];
      for (let i = 0; i < page.items.length; i++) {
        if (recent.add(ids[i]!, index)) items.push(page.items[i]!);
      }
      // Count distinct records (plus the ones that failed to map): under drift the duplicates of a shifted
      // page must not count, or the walk would stop before reaching the records pushed past the old end.
      seen += items.length + (received - page.items.length);
      const walked: WalkedPage<T> = { index, items, failures: page.failures ?? [] };
      if (total !== undefined) walked.total = total;
      yield walked;

      if (strategy.kind === 'single') return;
      if (received === 0 || received < pageSize) return;
      if (total !== undefined && seen >= total) return;
    }
  } finally {
    outer?.removeEventListener('abort', forwardAbort);
    if (!controller.signal.aborted) controller.abort(new PaginationStopped());
    inflight.clear();
  }
}

/** The reason given to requests abandoned because the walk ended (not an error anyone sees). */
class PaginationStopped extends Error {
  constructor() {
    super('pagination stopped');
    this.name = 'PaginationStopped';
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Ids seen in the last `windowPages` pages. Page-number paging shifts by the number of backups created
 * during the walk, so a duplicate shows up on a neighbouring page, never far away: a bounded window
 * catches them while memory stays flat however long the listing is.
 */
class RecentIds {
  private readonly pageOf = new Map<string, number>();
  private readonly pages: { index: number; ids: string[] }[] = [];

  constructor(private readonly windowPages: number) {}

  /** Records `id` as seen on page `index`; false when it was already seen within the window. */
  add(id: string, index: number): boolean {
    if (this.pageOf.has(id)) return false;
    let current = this.pages[this.pages.length - 1];
    if (!current || current.index !== index) {
      current = { index, ids: [] };
      this.pages.push(current);
      while (this.pages.length > this.windowPages) {
        const old = this.pages.shift()!;
        for (const oldId of old.ids) if (this.pageOf.get(oldId) === old.index) this.pageOf.delete(oldId);
      }
    }
    current.ids.push(id);
    this.pageOf.set(id, index);
    return true;
  }
}
