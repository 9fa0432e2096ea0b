import { randomUUID } from 'node:crypto';
import { lazyCredentials } from './credentials/chain.js';
import type { Credentials, CredentialsInput } from './credentials/types.js';
import { ConfigurationError, TransportError, type ListingFailure } from './errors.js';
import { Transport, type RetryEvent, type SendOptions, type HttpResponse } from './http/transport.js';
import type { RateLimitOptions } from './http/rate-limit.js';
import type { RetryOptions } from './http/retry.js';
import { PagedList, type BackupList, type FailureHandler, type ListPage } from './list.js';
import type { Backup, InstanceInfo, ProviderName } from './model.js';
import { paginate, type FetchedPage, type PageRequest, type PagingStrategy } from './paginate.js';
import { matchesQuery, normalizeQuery, type BackupQuery, type NormalizedQuery } from './query.js';

/** Options every source factory accepts. */
export interface CommonSourceOptions {
  /** Default: the provider's environment/file chain, resolved lazily on the first request. */
  credentials?: CredentialsInput;
  /** A base URL replacing the real host (https, or http to loopback only): how tests point a source at the emulator. */
  endpoint?: string;
  /** Instances to list; default: discover every instance through the provider's instance API. */
  instances?: readonly string[];
  /** Per-request timeout in ms. Default 30,000. */
  timeoutMs?: number;
  /** Retry policy (on by default), or false. */
  retry?: RetryOptions | false;
  /** A token bucket for this source's requests. Default: none (throttling answers are retried with backoff). */
  rateLimit?: RateLimitOptions;
  /** Aborts every listing of this source. */
  signal?: AbortSignal;
  /** Pages in flight per instance once the total is known. Default 4. */
  pageConcurrency?: number;
  /** Hard cap on pages per instance. Default 10,000. */
  maxPages?: number;
}

/** Hooks a client uses to count pages and retries for progress reporting. */
export interface ListingObserver {
  onPage?: (page: { provider: ProviderName; instanceId: string; items: number }) => void;
  onRetry?: (event: RetryEvent & { provider: ProviderName }) => void;
}

export interface ListBackupsOptions extends BackupQuery {
  instanceId: string;
  /** What discovery knew about the instance (its creation time bounds KVStore's default window). */
  instance?: InstanceInfo;
  observer?: ListingObserver;
  /** Receive unmappable records as they come instead of a `PartialFailureError` at the end. */
  onError?: FailureHandler;
}

export interface ListInstancesOptions {
  signal?: AbortSignal;
}

/** A configured provider account and region: what a client walks. */
export interface BackupSource<P extends ProviderName = ProviderName> {
  readonly provider: P;
  /** Region (Aliyun, Huawei) or site (CapitalOnline). */
  readonly region?: string;
  /** The instances given in the options, if any. */
  readonly instances?: readonly string[];
  listInstances(options?: ListInstancesOptions): Promise<InstanceInfo[]>;
  listBackups(options: ListBackupsOptions): BackupList<Backup<P>>;
  /** Releases keep-alive sockets. */
  close(): void;
}

/** What a provider's code gets to build, sign and send its requests. */
export interface ProviderContext<P extends ProviderName = ProviderName> {
  readonly provider: P;
  readonly region?: string;
  /** The base URL (no trailing slash): the real regional host, or the endpoint override. */
  readonly baseUrl: string;
  readonly credentials: () => Promise<Credentials>;
  /** Sends through the shared transport; `observer.onRetry` is wired by the caller. */
  send: (options: SendOptions) => Promise<HttpResponse>;
  /** Clock and nonce, called on every attempt so a retry is re-signed with fresh values. */
  now: () => Date;
  nonce: () => string;
}

/** A time window for APIs that take (or require) one. */
export interface TimeWindow {
  since: Date;
  until: Date;
}

export interface FetchBackupsPageArgs {
  instanceId: string;
  instance?: InstanceInfo;
  query: NormalizedQuery;
  page: PageRequest;
  /**
   * The window to request. Always set when the provider's `timeWindow` is 'required'; for 'optional' providers
   * it is set only after a timeout forced a split, and then takes precedence over query.since/until.
   */
  window?: TimeWindow;
  onRetry?: (event: RetryEvent) => void;
}

export interface ProviderCapabilities {
  /** Filters the API applies exactly when the query pins one value; the client re-checks all of them anyway. */
  pushdown: readonly ('status' | 'mode' | 'type' | 'method' | 'time')[];
  /** 'required': the API needs a window (KVStore); 'optional': it takes one; 'none': it has none. */
  timeWindow: 'none' | 'optional' | 'required';
  /** Split a window whose request timed out into halves, down to this length. Default 1 hour. */
  minWindowMs?: number;
}

/** One provider: paging, capabilities, and how to fetch a page and discover instances. */
export interface ProviderDefinition<P extends ProviderName> {
  provider: P;
  paging: PagingStrategy;
  capabilities: ProviderCapabilities;
  fetchBackupsPage: (ctx: ProviderContext<P>, args: FetchBackupsPageArgs) => Promise<FetchedPage<Backup<P>>>;
  listInstances: (ctx: ProviderContext<P>, options: ListInstancesOptions) => Promise<InstanceInfo[]>;
}

/** Identity helper that keeps a provider definition's types precise. */
export function defineProvider<P extends ProviderName>(definition: ProviderDefinition<P>): ProviderDefinition<P> {
  return definition;
}

export interface CreateSourceOptions<P extends ProviderName> {
  definition: ProviderDefinition<P>;
  options: CommonSourceOptions;
  region?: string;
  baseUrl: string;
  /** The provider's own credential chain, used when `options.credentials` is absent. */
  credentialsChain: () => Promise<Credentials>;
}

/** The default start of a required window when nothing better is known (Terraform's alicloud provider uses the same). */
export const DEFAULT_WINDOW_START = new Date('2010-01-01T00:00:00Z');

/** Builds a `BackupSource` from a provider definition: everything shared lives here, once. */
export function createSource<P extends ProviderName>(args: CreateSourceOptions<P>): BackupSource<P> {
  const { definition, options } = args;
  const provider = definition.provider;
  validateCommonOptions(provider, options);
  const transport = new Transport({
    provider,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
  });
  const ctx: ProviderContext<P> = {
    provider,
    ...(args.region !== undefined ? { region: args.region } : {}),
    baseUrl: args.baseUrl,
    credentials: lazyCredentials(provider, options.credentials, args.credentialsChain),
    send: (sendOptions) => transport.send(sendOptions),
    now: () => new Date(),
    nonce: () => randomUUID(),
  };

  const source: BackupSource<P> = {
    provider,
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(options.instances !== undefined ? { instances: [...options.instances] } : {}),
    listInstances: (listOptions = {}) => {
      const signal = combineSignals(options.signal, listOptions.signal);
      return definition.listInstances(ctx, signal ? { signal } : {});
    },
    listBackups: (listOptions) => {
      const { instanceId, instance, observer, onError, ...rest } = listOptions;
      if (typeof instanceId !== 'string' || instanceId.length === 0) {
        throw new ConfigurationError(`${provider}: listBackups needs an instanceId (a non-empty string).`, { provider, field: 'instanceId' });
      }
      const query = normalizeQuery(rest);
      const signal = combineSignals(options.signal, query.signal);
      const walk = () => walkInstance(definition, ctx, options, { instanceId, instance, observer, query, signal });
      return new PagedList<Backup<P>>(walk, onError);
    },
    close: () => transport.close(),
  };
  return source;
}

interface WalkArgs {
  instanceId: string;
  instance: InstanceInfo | undefined;
  observer: ListingObserver | undefined;
  query: NormalizedQuery;
  signal: AbortSignal | undefined;
}

async function* walkInstance<P extends ProviderName>(
  definition: ProviderDefinition<P>,
  ctx: ProviderContext<P>,
  options: CommonSourceOptions,
  args: WalkArgs,
): AsyncGenerator<ListPage<Backup<P>>, void, undefined> {
  const { capabilities } = definition;
  const onRetry = args.observer?.onRetry ? (e: RetryEvent) => args.observer!.onRetry!({ ...e, provider: ctx.provider }) : undefined;
  const walkWindow = (walkCtx: ProviderContext<P>, window: TimeWindow | undefined) =>
    paginate<Backup<P>>({
      strategy: definition.paging,
      idOf: (b) => b.id,
      ...(options.pageConcurrency !== undefined ? { pageConcurrency: options.pageConcurrency } : {}),
      ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
      ...(args.signal ? { signal: args.signal } : {}),
      label: `${ctx.provider} instance ${args.instanceId}`,
      fetchPage: (page) =>
        definition.fetchBackupsPage(walkCtx, {
          instanceId: args.instanceId,
          ...(args.instance ? { instance: args.instance } : {}),
          query: args.query,
          page,
          ...(window ? { window } : {}),
          ...(onRetry ? { onRetry } : {}),
        }),
    });

  const emit = (page: { items: Backup<P>[]; failures: ListingFailure[] }): ListPage<Backup<P>> => {
    args.observer?.onPage?.({ provider: ctx.provider, instanceId: args.instanceId, items: page.items.length });
    return { items: page.items.filter((b) => matchesQuery(b, args.query)), failures: page.failures };
  };

  if (capabilities.timeWindow === 'none') {
    for await (const page of walkWindow(ctx, undefined)) yield emit(page);
    return;
  }

  // A time window can be split when its request times out (Aliyun warns that long ranges do): each half is
  // walked in turn, newest first, and ids already yielded are skipped, which also dedupes records on the
  // shared edge. 'required' providers always get a window (all time by default); 'optional' ones start
  // with the query's own bounds and get explicit windows only once a split was needed.
  const fullWindow = (): TimeWindow => ({
    since: args.query.since ?? args.instance?.createdAt ?? DEFAULT_WINDOW_START,
    until: args.query.until ?? ctx.now(),
  });
  const minWindowMs = capabilities.minWindowMs ?? 3_600_000;
  // While a window can still be split, a timeout is answered by splitting, not by repeating the long request.
  const splitCtx: ProviderContext<P> = { ...ctx, send: (o) => ctx.send({ ...o, retryTimeouts: false }) };
  const yielded = new Set<string>();
  const pending: (TimeWindow | undefined)[] = [capabilities.timeWindow === 'required' ? fullWindow() : undefined];
  while (pending.length > 0) {
    const window = pending.shift();
    const span = window ?? fullWindow();
    const spanMs = span.until.getTime() - span.since.getTime();
    const canSplit = spanMs / 2 >= minWindowMs;
    try {
      for await (const page of walkWindow(canSplit ? splitCtx : ctx, window)) {
        const fresh = page.items.filter((b) => !yielded.has(b.id));
        for (const b of fresh) yielded.add(b.id);
        yield emit({ items: fresh, failures: page.failures });
      }
    } catch (error) {
      if (!(canSplit && error instanceof TransportError && error.kind === 'timeout')) throw error;
      const mid = new Date(span.since.getTime() + Math.floor(spanMs / 2));
      pending.unshift({ since: mid, until: span.until }, { since: span.since, until: mid });
    }
  }
}

export function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function validateCommonOptions(provider: ProviderName, options: CommonSourceOptions): void {
  if (options.instances !== undefined) {
    if (!Array.isArray(options.instances) || options.instances.some((i) => typeof i !== 'string' || i.trim() === '')) {
      throw new ConfigurationError(`${provider}: instances must be an array of non-empty instance id strings.`, { provider, field: 'instances' });
    }
  }
  for (const field of ['timeoutMs', 'pageConcurrency', 'maxPages'] as const) {
    const v = options[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new ConfigurationError(`${provider}: ${field} must be a positive number, got ${String(v)}.`, { provider, field });
    }
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ConfigurationError(`${provider}: signal must be an AbortSignal.`, { provider, field: 'signal' });
  }
}

/** Rejects option keys a factory does not know, so a typo (`regoin`) is an error, not a silent default. */
export function rejectUnknownOptions(provider: ProviderName, options: object, known: readonly string[]): void {
  const common = ['credentials', 'endpoint', 'instances', 'timeoutMs', 'retry', 'rateLimit', 'signal', 'pageConcurrency', 'maxPages'];
  const allowed = new Set([...common, ...known]);
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) {
      throw new ConfigurationError(`${provider}: unknown option "${key}". Known options: ${[...allowed].join(', ')}.`, { provider, field: key });
    }
  }
}
