import { TransportError, type ListingFailure } from '../errors.js';
import { noteBudgetExhausted } from '../http/attempt-budget.js';
import type { Backup, InstanceInfo, ProviderName } from '../model.js';
import { paginate, type WalkedPage } from '../paging/paginate.js';
import { pull } from '../paging/pull.js';
import { matchesQuery, type NormalizedQuery } from '../query.js';
import { PartGrouper } from './group-parts.js';
import type { ListPage } from './paged-list.js';
import type { CallContext, ProviderDefinition, TimeWindow } from './provider.js';
import { DEFAULT_MIN_WINDOW_MS, SPLIT_EDGE_MS, canSplit, initialWindow, splitWindow } from './windows.js';

export interface WalkSettings {
  pageConcurrency?: number;
  maxPages?: number;
}

/** Counts pages for progress; called once per page the API answered. */
export type PageObserver = (event: { provider: ProviderName; account: string; region: string; instanceId: string; rows: number }) => void;

/** Everything one walk of one instance fixes once: its call context (clock, signal, observer), instance and query. */
export interface InstanceWalk<P extends ProviderName> {
  definition: ProviderDefinition<P>;
  call: CallContext<P>;
  instance: InstanceInfo;
  query: NormalizedQuery;
  settings: WalkSettings;
  onPage?: PageObserver | undefined;
}

/**
 * One instance's backups as a stream of pages, each carrying the records that could not be mapped. Pages come in
 * the API's order; rows of a backup job become one backup; the query is re-checked on every backup. A failure that
 * ends the walk (the instance is gone, a total that cannot be reached) is thrown after every page that was listed.
 *
 * Windowed APIs: a window whose first page times out is split in two, newer half first, down to the provider's
 * minimum; once a window has yielded a page, its timeouts are retried like any transient error (splitting then
 * would list its first pages again).
 */
export async function* walkInstanceBackups<P extends ProviderName>(walk: InstanceWalk<P>): AsyncGenerator<ListPage<Backup<P>>, void, undefined> {
  const { definition, instance, query, call } = walk;
  const label = `${definition.provider} instance ${instance.instanceId}`;
  const grouper = definition.rowIdOf ? new PartGrouper<Backup<P>>(label) : undefined;
  const emit = (page: WalkedPage<Backup<P>>): ListPage<Backup<P>> => {
    walk.onPage?.({ provider: definition.provider, account: call.account, region: call.region, instanceId: instance.instanceId, rows: page.items.length });
    let items = page.items;
    let failures = page.failures;
    if (grouper) {
      const grouped = grouper.add(items);
      items = grouped.items;
      if (grouped.failures.length > 0) failures = [...failures, ...grouped.failures];
    }
    dropImpossibleEnds(items);
    return { items: filter(items, query), failures };
  };

  /** `firstPageCall` asks for a window's first page: the one whose timeout a split answers. */
  const pages = (firstPageCall: CallContext<P>, window: TimeWindow | undefined) =>
    paginate<Backup<P>>({
      strategy: typeof definition.paging === 'function' ? definition.paging(instance) : definition.paging,
      idOf: definition.rowIdOf ?? idOfBackup,
      pageConcurrency: walk.settings.pageConcurrency,
      maxPages: walk.settings.maxPages,
      signal: call.signal,
      label,
      instanceId: instance.instanceId,
      fetchPage: (page) => definition.fetchBackupsPage(page.index === 0 ? firstPageCall : call, { instance, query, page, window }),
    });

  // Pulled, not `for await` / `yield*`: this frame must not keep the page it handed on while the next is fetched (pull.ts).
  const unwindowed = definition.timeWindow === 'none';
  const source = unwindowed ? pages(call, undefined) : walkWindows(walk, pages, emit);
  const next = unwindowed ? () => pullMapped(source, emit) : () => pull(source);
  try {
    let page: ListPage<Backup<P>> | undefined;
    while ((page = await next()) !== undefined) {
      yield page;
      page = undefined;
    }
  } finally {
    await source.return(undefined); // as `for await` does when the loop is left early; nothing when it ran out
  }
  if (grouper) {
    const rest = grouper.flush();
    if (rest.length > 0) yield { items: filter(rest, query), failures: [] };
  }
}

async function* walkWindows<P extends ProviderName>(
  walk: InstanceWalk<P>,
  pages: (call: CallContext<P>, window: TimeWindow | undefined) => AsyncGenerator<WalkedPage<Backup<P>>, void, undefined>,
  emit: (page: WalkedPage<Backup<P>>) => ListPage<Backup<P>>,
): AsyncGenerator<ListPage<Backup<P>>, void, undefined> {
  const { definition, call, instance } = walk;
  const minWindowMs = definition.minWindowMs ?? DEFAULT_MIN_WINDOW_MS;
  const splitPoints: number[] = [];
  // Ids of rows near a split point: the only rows two windows can both serve. Bounded by rows near the splits.
  const nearEdges = new Set<string>();
  const rowId = definition.rowIdOf ?? idOfBackup;
  const pending: TimeWindow[] = [initialWindow(definition.timeWindow === 'required' ? 'required' : 'optional', walk.query, instance)];
  while (pending.length > 0) {
    const window = pending.shift()!;
    const splittable = canSplit(window, call.walkNow, instance, minWindowMs);
    let yielded = false;
    // A timeout of a window's first page is answered by splitting the window, not by repeating the long request;
    // the window's later pages (prefetched or not) retry their timeouts like any transient failure.
    const windowCall: CallContext<P> = splittable ? { ...call, send: (o) => call.send({ ...o, retryTimeouts: false }) } : call;
    const requested = definition.timeWindow === 'optional' && window.since === undefined && window.until === undefined ? undefined : window;
    const windowPages = pages(windowCall, requested);
    try {
      let page: ListPage<Backup<P>> | undefined;
      while ((page = await pullMapped(windowPages, (p) => emit(splitPoints.length === 0 ? p : skipEdgeRepeats(p, splitPoints, nearEdges, rowId)))) !== undefined) {
        yielded = true;
        yield page;
        page = undefined;
      }
    } catch (error) {
      const timedOut = !yielded && splittable && error instanceof TransportError && error.kind === 'timeout';
      // A split is another attempt at the same data: not once the walk's budget for failing is spent.
      if (timedOut && call.budget.exhausted) throw noteBudgetExhausted(error, call.budget.limitMs);
      const split = timedOut ? splitWindow(window, call.walkNow, instance) : undefined;
      if (!split) throw error;
      splitPoints.push(split.at);
      pending.unshift(...split.halves);
    } finally {
      await windowPages.return(undefined);
    }
  }
}

/** The next page of `pages` as `map` makes it, or undefined at the end (see pull.ts). */
async function pullMapped<A, B>(pages: AsyncIterator<A, unknown, undefined>, map: (page: A) => B): Promise<B | undefined> {
  const page = await pull(pages);
  return page === undefined ? undefined : map(page);
}

function skipEdgeRepeats<B extends Backup>(page: WalkedPage<B>, splitPoints: readonly number[], nearEdges: Set<string>, rowId: (b: B) => string): WalkedPage<B> {
  const items: B[] = [];
  for (const b of page.items) {
    const t = b.startTime.getTime();
    if (!splitPoints.some((at) => Math.abs(t - at) <= SPLIT_EDGE_MS)) {
      items.push(b);
      continue;
    }
    const id = rowId(b);
    if (nearEdges.has(id)) continue;
    nearEdges.add(id);
    items.push(b);
  }
  return { items, failures: page.failures };
}

function filter<B extends Backup>(items: B[], query: NormalizedQuery): B[] {
  // Most listings have no filter at all: hand the page on untouched.
  if (query.status === undefined && query.mode === undefined && query.type === undefined && query.method === undefined && query.since === undefined && query.until === undefined) {
    return items;
  }
  return items.filter((b) => matchesQuery(b, query));
}

/**
 * An end before the start is a provider's error: the end is dropped (the record keeps it in `raw`), never the backup,
 * and never a negative duration for a reader to trip on.
 */
function dropImpossibleEnds(items: readonly Backup[]): void {
  for (const b of items) {
    if (b.endTime !== undefined && b.endTime.getTime() < b.startTime.getTime()) delete b.endTime;
  }
}

function idOfBackup(b: Backup): string {
  return b.id;
}

/** A failure for a whole instance, from whatever ended its walk. */
export function instanceFailure(call: Pick<CallContext, 'provider' | 'account' | 'region'>, instanceId: string, error: ListingFailure['error']): ListingFailure {
  return { provider: call.provider, account: call.account, region: call.region, instanceId, error };
}
