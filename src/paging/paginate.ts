import { ConfigurationError, PaginationError, type ListingFailure } from '../errors.js';
import { abortReason } from '../http/abort.js';
import { OrderedPrefetch } from './prefetch.js';
import { WalkProgress } from './progress.js';
import { RecentIds } from './recent-ids.js';
import { PagePlan, type PageCall, type PagingStrategy } from './strategy.js';

/** What a provider returns for one page. */
export interface FetchedPage<T> {
  /** Items that mapped; records that did not are in `failures`. */
  items: T[];
  /** Rows the server put on this page (mapped or not). Default: `items.length`. */
  received?: number;
  /** The total the server reported, when it reports one. */
  total?: number;
  failures?: ListingFailure[];
}

/** One page of a walk, as the paginator yields it: items new to the walk, in page order. */
export interface WalkedPage<T> {
  items: T[];
  failures: ListingFailure[];
}

export interface PaginateOptions<T> {
  strategy: PagingStrategy;
  fetchPage: (request: PageCall) => Promise<FetchedPage<T>>;
  /** The id rows are deduplicated by (a row's own id, even when rows are later grouped into one backup). */
  idOf: (item: T) => string;
  /** Pages fetched at once after the first has given the total. Default 4. */
  pageConcurrency?: number;
  /** Hard cap on pages in one walk. Default 10,000. */
  maxPages?: number;
  /** Aborting it stops the walk and every request in flight. */
  signal?: AbortSignal;
  /** Names the walk in errors, e.g. "aliyun-rds instance rm-123". */
  label?: string;
  instanceId?: string;
}

export const DEFAULT_PAGE_CONCURRENCY = 4;
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Walks a paginated API and yields its pages in order, rows deduplicated by id.
 *
 * Page 1 is fetched alone; once a page has given the total, up to `pageConcurrency` pages are in flight and are
 * still yielded in order. The stop rule is `WalkProgress`'s: the total is the truth. A page shorter than asked while
 * the total says more remain means the service serves fewer rows per page than asked: the plan shrinks to what it
 * serves. A page that repeats its predecessor with the same total means the API ignores the paging parameters: the
 * walk fails instead of looping. The walk fails at the page cap, and at the end when rows the total promised were
 * never seen. `signal` aborting, or the consumer leaving, aborts every request in flight.
 */
export async function* paginate<T>(options: PaginateOptions<T>): AsyncGenerator<WalkedPage<T>, void, undefined> {
  const { fetchPage, idOf } = options;
  const label = options.label ?? 'listing';
  const pageConcurrency = options.pageConcurrency ?? DEFAULT_PAGE_CONCURRENCY;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!(Number.isInteger(pageConcurrency) && pageConcurrency >= 1)) {
    throw new ConfigurationError(`pageConcurrency must be an integer >= 1, got ${String(pageConcurrency)}`, { field: 'pageConcurrency' });
  }
  if (!(Number.isInteger(maxPages) && maxPages >= 1)) {
    throw new ConfigurationError(`maxPages must be an integer >= 1, got ${String(maxPages)}`, { field: 'maxPages' });
  }
  const outer = options.signal;
  if (outer?.aborted) throw abortReason(outer);
  // One controller for the pages after the first: every one of them carries its signal, and leaving the walk aborts
  // them all. Page 1 is fetched alone and always taken before the walk can end, so it needs only the caller's signal;
  // the controller (and its listener on the caller's signal) is made when a second page is requested, which most
  // instances (one page of backups) never do.
  let controller: AbortController | undefined;
  const forwardAbort = () => controller!.abort(outer?.reason);
  const pagesSignal = (): AbortSignal => {
    if (!controller) {
      controller = new AbortController();
      outer?.addEventListener('abort', forwardAbort, { once: true });
      if (outer?.aborted) controller.abort(outer.reason);
    }
    return controller.signal;
  };
  const firstSignal = outer ?? NEVER_ABORTED;

  const plan = new PagePlan(options.strategy);
  const prefetch = new OrderedPrefetch((index) => fetchPage({ ...plan.request(index), signal: index === 0 && !controller ? firstSignal : pagesSignal() }));
  const progress = new WalkProgress(label, options.instanceId);
  const recent = new RecentIds(Math.max(16, 2 * pageConcurrency));
  let previous: { ids: string[]; total: number | undefined } | undefined;
  // Totals of consecutive pages. Backups created during the walk shift later pages; a page that was served before
  // its predecessor (prefetching) then reports a smaller total and may have skipped rows.
  let previousTotal: number | undefined;
  let oneAtATime = false;
  let replanned = false;
  const refetched = new Set<number>();

  try {
    for (let index = 0; ; index++) {
      if (index >= maxPages) {
        throw new PaginationError(
          `${label}: stopped after ${maxPages} pages (the page cap) while the API still reported more. ` +
            'Raise maxPages if this instance really has that many backups.',
          { instanceId: options.instanceId, listed: progress.seen },
        );
      }
      let page: FetchedPage<T> | undefined = await prefetch.take(index);
      // The controller, once made, is aborted with the caller's signal (and only with it until the walk ends).
      const walkSignal = controller?.signal ?? outer;
      if (walkSignal?.aborted) throw abortReason(walkSignal);

      const pageTotal = page.total !== undefined && Number.isFinite(page.total) ? page.total : undefined;
      if (pageTotal !== undefined && previousTotal !== undefined && pageTotal < previousTotal && !refetched.has(index)) {
        // The list grew between this page and the one before, in the wrong order: fetch this page again now, after
        // its predecessor, and walk the rest one page at a time so no row falls between two pages.
        refetched.add(index);
        oneAtATime = true;
        prefetch.abandon();
        index--;
        continue;
      }
      if (pageTotal !== undefined) previousTotal = pageTotal;

      const received = page.received ?? page.items.length;
      const ids = page.items.map(idOf);
      // After a re-plan the first page may well repeat rows already seen (it starts at or before the first unseen row).
      if (received > 0 && previous !== undefined && !replanned && previous.total === page.total && sameIds(ids, previous.ids)) {
        throw new PaginationError(
          `${label}: page ${index + 1} repeats page ${index} with the same total (the API ignored the paging parameters); stopped instead of looping.`,
          { instanceId: options.instanceId, listed: progress.seen },
        );
      }
      previous = { ids, total: page.total };
      replanned = false;
      let items: T[] | undefined = [];
      for (let i = 0; i < page.items.length; i++) {
        if (recent.add(ids[i]!, index)) items.push(page.items[i]!);
      }
      const done = progress.record({ received, counted: items.length + (received - page.items.length), total: page.total }, plan.single);

      if (!done) {
        const position = plan.positionOf(index) + received;
        if (received > 0 && received < plan.pageSize && (progress.total === undefined || progress.moreThan(position)) && plan.shrink(received, index + 1, position)) {
          prefetch.abandon();
          replanned = true;
        } else if (progress.total !== undefined && received >= plan.pageSize) {
          // Prefetch before yielding, so the next pages load while the consumer handles this one.
          const last = Math.min(plan.lastIndexFor(progress.total), maxPages - 1);
          const ahead = oneAtATime ? 1 : pageConcurrency;
          for (let next = index + 1; next <= Math.min(last, index + ahead); next++) prefetch.start(next);
        }
      }
      const failures = page.failures ?? [];
      // Not held by this frame while the next page is awaited: the consumer may long be done with it (pull.ts).
      page = undefined;
      yield { items, failures };
      items = undefined;
      if (done) {
        progress.finish();
        return;
      }
    }
  } finally {
    if (controller) {
      outer?.removeEventListener('abort', forwardAbort);
      // Aborting dispatches an event (tens of microseconds): only when a request of this walk may still be running.
      if (!controller.signal.aborted && prefetch.mayBeRunning) controller.abort(WALK_ENDED);
    }
  }
}

/** The first page's signal when the caller gives none. */
const NEVER_ABORTED = new AbortController().signal;

/** The reason given to requests still in flight when a walk ends (nobody sees it as an error). */
export const WALK_ENDED: unique symbol = Symbol('cloud-backups.walk-ended');

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type { PageCall, PageRequest, PagingStrategy } from './strategy.js';
