import { ConfigurationError, PartialFailureError, type ListingFailure } from '../errors.js';
import type { Backup } from '../model.js';
import { pull } from '../paging/pull.js';

/** One page of a listing: the items it yielded, and any records or parts that could not be listed. */
export interface ListPage<T> {
  items: T[];
  failures: ListingFailure[];
}

/** Options of `PagedList.toArray`. */
export interface ToArrayOptions {
  /** Stop after this many items (the rest of the listing is cancelled). */
  limit?: number;
}

/** Called with each failure when the caller wants them as they come instead of one error at the end. */
export type FailureHandler = (failure: ListingFailure) => void;

/**
 * A lazy listing: iterate it with `for await`, collect it with `toArray`, or walk it page by page.
 * Each iteration starts a fresh walk. Leaving a loop early (`break`, `limit`, an error) cancels requests in flight.
 * Failures that did not stop the walk (an unmappable record, a failing instance) are reported after every
 * other item: thrown as one `PartialFailureError` at the end, or passed to `onError` when one was given.
 *
 * @example
 * ```ts
 * const list = client.backups({ status: 'failed' });
 * for await (const b of list) console.log(b.id);          // one by one
 * const first100 = await list.toArray({ limit: 100 });    // a fresh walk, stopped after 100
 * for await (const page of list.pages()) console.log(page.items.length, page.failures.length);
 * ```
 */
export class PagedList<T> implements AsyncIterable<T> {
  constructor(
    private readonly open: () => AsyncGenerator<ListPage<T>, void, undefined>,
    private readonly onError?: FailureHandler,
  ) {}

  /** Pages as they arrive, failures included; throws `PartialFailureError` at the end like item iteration. */
  async *pages(): AsyncGenerator<ListPage<T>, void, undefined> {
    const failures: ListingFailure[] = [];
    const pages = this.open();
    try {
      // Pulled, not `for await`: this frame must not keep the last page while the walk fetches the next (pull.ts).
      let page: ListPage<T> | undefined;
      while ((page = await pull(pages)) !== undefined) {
        this.report(page.failures, failures);
        yield page;
        page = undefined;
      }
    } finally {
      await pages.return(undefined); // as `for await` does when the loop is left early; nothing when it ran out
    }
    if (failures.length > 0) throw new PartialFailureError(failures);
  }

  /**
   * Items one by one. Hand-written rather than an async generator: a listing can run to millions of items,
   * and handing out an item already fetched costs one resolved promise here instead of a generator resume
   * per layer. Calls to `next()` made before the previous one settled are served in order.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, void, undefined> {
    const pages = this.open();
    const failures: ListingFailure[] = [];
    let buffer: T[] = [];
    let position = 0;
    let finished = false;
    let queue: Promise<unknown> = Promise.resolve();
    let waiting = 0;

    const step = async (): Promise<IteratorResult<T, void>> => {
      while (position >= buffer.length) {
        if (finished) return { done: true, value: undefined };
        // The page handed out is not kept while the next one is fetched (it would stay alive a round trip longer).
        buffer = [];
        position = 0;
        let page: IteratorResult<ListPage<T>, void>;
        try {
          page = await pages.next();
        } catch (error) {
          finished = true;
          throw error;
        }
        if (page.done) {
          finished = true;
          if (failures.length > 0) throw new PartialFailureError(failures.splice(0));
          return { done: true, value: undefined };
        }
        this.report(page.value.failures, failures);
        buffer = page.value.items;
        position = 0;
      }
      return { done: false, value: buffer[position++] as T };
    };

    const iterator: AsyncIterator<T, void, undefined> & AsyncIterable<T> = {
      next: () => {
        // Fast path: nothing queued and the item is at hand.
        if (waiting === 0 && position < buffer.length) return Promise.resolve({ done: false, value: buffer[position++] as T });
        waiting++;
        const result = queue.then(step).finally(() => waiting--);
        queue = result.catch(() => undefined);
        return result;
      },
      return: async () => {
        finished = true;
        buffer = [];
        await pages.return(undefined);
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Every item in an array (a fresh walk), or the first `limit` of them (the rest of the walk is cancelled). */
  async toArray(options: ToArrayOptions = {}): Promise<T[]> {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new ConfigurationError(`toArray: pass an options object such as { limit: 100 }, got ${describeValue(options)}.`, { field: 'options' });
    }
    for (const key of Object.keys(options)) {
      if (key !== 'limit') throw new ConfigurationError(`toArray: unknown option "${key}"; the only option is limit.`, { field: key });
    }
    const { limit } = options;
    if (limit !== undefined && !(typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0)) {
      throw new ConfigurationError(`toArray: limit must be a non-negative whole number, got ${describeValue(limit)}.`, { field: 'limit' });
    }
    const out: T[] = [];
    if (limit === 0) return out;
    for await (const item of this) {
      out.push(item);
      if (limit !== undefined && out.length >= limit) break;
    }
    return out;
  }

  private report(pageFailures: readonly ListingFailure[], collected: ListingFailure[]): void {
    for (const failure of pageFailures) {
      if (this.onError) this.onError(failure);
      else collected.push(failure);
    }
  }
}

/** What every listing returns: a `PagedList` of normalized backups. */
export type BackupList<B extends Backup = Backup> = PagedList<B>;

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
