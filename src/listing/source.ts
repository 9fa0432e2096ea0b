import { randomUUID } from 'node:crypto';
import { lazyCredentials } from '../credentials/chain.js';
import type { Credentials, CredentialsInput } from '../credentials/types.js';
import { ConfigurationError } from '../errors.js';
import { Transport, createAttemptBudget, type RetryEvent } from '../http/transport.js';
import { accountLimits } from './account-limits.js';
import type { Backup, BackupPolicy, InstanceInfo, ProviderName } from '../model.js';
import { normalizeQuery, type BackupQuery, type NormalizedQuery } from '../query.js';
import type { CommonSourceOptions } from './options.js';
import { PagedList, type BackupList, type FailureHandler, type ListPage } from './paged-list.js';
import { ALL_REGIONS, applySelection, type RegionSelection } from './regions.js';
import type { CallContext, ProviderDefinition } from './provider.js';
import { walkInstanceBackups, type PageObserver, type WalkSettings } from './walk.js';

/** Hooks a client uses to count pages and retries for progress reporting. */
export interface ListingObserver {
  onPage?: PageObserver;
  /** Hears each retry about to happen, with the provider, account and region of the request. */
  onRetry?: (event: RetryEvent & { provider: ProviderName; account: string; region: string }) => void;
}

/** Options of `BackupSource.listBackups`: the instance, and the query's filters. */
export interface ListBackupsOptions extends BackupQuery {
  instanceId: string;
  /** What discovery knew about the instance (its creation time bounds a required window; its engine names KVStore's). */
  instance?: InstanceInfo;
  observer?: ListingObserver;
  /** Receive unmappable records as they come instead of a `PartialFailureError` at the end. */
  onError?: FailureHandler;
}

/** Options of `BackupSource.listInstances`. */
export interface ListInstancesOptions {
  signal?: AbortSignal;
  observer?: ListingObserver;
}

/**
 * A configured provider account and its regions (or sites): what a client walks. Made by a source factory
 * (`aliyunRds()`, `huaweiRds()`, ...); usable on its own too.
 *
 * @example
 * ```ts
 * const source = aliyunRds({ region: 'cn-hangzhou' });
 * const [instance] = await source.listInstances();
 * if (instance) for await (const b of source.listBackups({ instanceId: instance.instanceId, instance })) console.log(b.id);
 * source.close();
 * ```
 */
export interface BackupSource<P extends ProviderName = ProviderName> {
  readonly provider: P;
  /** The account label carried on every backup and failure. */
  readonly account: string;
  /** The region (or site) when the source covers one; the first of several; `'*'` when it covers every region. */
  readonly region: string;
  /** Every region (or site) the source covers as given: a list, or `'*'` (resolved when a listing starts). */
  readonly regions: readonly string[] | '*';
  /** The instances given in the options, if any. */
  readonly instances?: readonly string[];
  /** Instances of one region (default: every region of the source; a failing region rejects the call). */
  listInstances(options?: ListInstancesOptions & { region?: string }): Promise<InstanceInfo[]>;
  /** The backups of one instance matching the query; pass the `instance` from `listInstances` for a source of several regions. */
  listBackups(options: ListBackupsOptions): BackupList<Backup<P>>;
  /** Releases keep-alive sockets. */
  close(): void;
}

/** What the client needs of a source beyond its public face: regions, walks as streams of pages, discovery with an observer. */
export interface SourceRuntime<P extends ProviderName = ProviderName> {
  readonly source: BackupSource<P>;
  readonly definition: ProviderDefinition<P>;
  /** The source's own signal (its `signal` option), if any. */
  readonly signal: AbortSignal | undefined;
  /** The regions (or sites) to list: the given ones, or `'*'` resolved through the provider once and remembered. */
  regions(signal: AbortSignal, observer?: ListingObserver): Promise<string[]>;
  /** The instances of one region: the given ones, or discovered. */
  discover(region: string, signal: AbortSignal, observer?: ListingObserver): Promise<InstanceInfo[]>;
  /** The instance's backup policy; undefined when the provider cannot read one. */
  policy(instance: InstanceInfo, signal: AbortSignal, observer?: ListingObserver): Promise<BackupPolicy<P> | undefined>;
  walk(instance: InstanceInfo, query: NormalizedQuery, signal: AbortSignal, observer?: ListingObserver): AsyncGenerator<ListPage<Backup<P>>, void, undefined>;
}

const runtimes = new WeakMap<object, SourceRuntime>();

/** Default of `instanceBudgetMs`: four default timeouts' worth of failing. */
export const DEFAULT_INSTANCE_BUDGET_MS = 120_000;

/** The runtime behind a source made by one of our factories, or undefined for anything else. */
export function runtimeOf(source: unknown): SourceRuntime | undefined {
  return typeof source === 'object' && source !== null ? runtimes.get(source) : undefined;
}

export interface CreateSourceArgs<P extends ProviderName> {
  definition: ProviderDefinition<P>;
  /** Options already validated by the factory's schema. */
  options: CommonSourceOptions;
  /** The regions (or sites) the source covers. */
  regions: RegionSelection;
  /** The base URL (no trailing slash) to call for one region: its real host, or the endpoint override. */
  baseUrlFor: (region: string) => string;
  /**
   * The provider's own credential chain, used when `options.credentials` is absent. It gets the source's transport
   * and clock, for chains that must call a service (STS AssumeRole for a RAM-role profile).
   */
  credentialsChain: (io: { transport: Transport; now: () => Date }) => Promise<Credentials>;
  /** The clock walks and signatures read; injectable so tests can make time pass. */
  now?: () => Date;
}

/** Builds a `BackupSource` from a provider definition: everything shared lives here, once. */
export function createSource<P extends ProviderName>(args: CreateSourceArgs<P>): BackupSource<P> {
  const { definition, options } = args;
  const provider = definition.provider;
  const account = options.account ?? 'default';
  const now = args.now ?? (() => new Date());
  const transport = new Transport({
    provider,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    rateLimit: options.rateLimit,
    proxy: options.proxy,
    shared: accountLimits(provider, account, options.retry, options.rateLimit),
  });
  const budgetMs = options.instanceBudgetMs ?? DEFAULT_INSTANCE_BUDGET_MS;
  const credentials = lazyCredentials(provider, options.credentials as CredentialsInput | undefined, () => args.credentialsChain({ transport, now }));
  const settings: WalkSettings = { pageConcurrency: options.pageConcurrency, maxPages: options.maxPages };
  const instances = options.instances ? [...new Set(options.instances.map((i) => i.trim()))] : undefined;
  const selection = args.regions;
  const given = selection.kind === 'list' ? selection.regions : undefined;
  if (instances && !(given && given.length === 1)) {
    throw new ConfigurationError(`${provider}: instances live in one region, but this source covers ${given ? `${given.length} regions` : "'*'"}: give one region with instances.`, {
      provider,
      field: 'instances',
    });
  }
  const firstRegion = given?.[0] ?? ALL_REGIONS;

  // One call context per walk (or discovery): its own clock reading and its own attempt budget.
  const callContext = (signal: AbortSignal, observer: ListingObserver | undefined, region: string): CallContext<P> => {
    const onRetry = observer?.onRetry;
    const retry = onRetry ? (event: RetryEvent) => onRetry({ ...event, provider, account, region }) : undefined;
    const budget = createAttemptBudget(budgetMs);
    return {
      provider,
      account,
      region,
      baseUrl: args.baseUrlFor(region),
      credentials: () => credentials(signal),
      signal,
      budget,
      walkNow: now(),
      now,
      nonce: randomUUID,
      send: (sendOptions) => transport.send(sendOptions.budget ? sendOptions : { ...sendOptions, budget }, signal, retry),
    };
  };

  // '*' is resolved once per source and remembered (a failed resolution is not).
  let resolvedRegions: Promise<string[]> | undefined;
  const regions = (signal: AbortSignal, observer?: ListingObserver): Promise<string[]> => {
    if (given) return Promise.resolve([...given]);
    if (!definition.listRegions) {
      return Promise.reject(new ConfigurationError(`${provider}: region '*' needs a region listing this provider does not have; give the regions.`, { provider, field: 'region' }));
    }
    const listRegions = definition.listRegions;
    resolvedRegions ??= listRegions(callContext(signal, observer, ALL_REGIONS)).then(
      (available) => applySelection(selection, available),
      (error: unknown) => {
        resolvedRegions = undefined;
        throw error;
      },
    );
    return resolvedRegions;
  };

  const withSourceSignal = (signal: AbortSignal | undefined): AbortSignal => {
    const present = [options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    if (present.length === 0) return new AbortController().signal;
    return present.length === 1 ? present[0]! : AbortSignal.any(present);
  };

  const source: BackupSource<P> = {
    provider,
    account,
    region: firstRegion,
    regions: given ? [...given] : ALL_REGIONS,
    instances,
    listInstances: async (listOptions = {}) => {
      const signal = withSourceSignal(listOptions.signal);
      const wanted = listOptions.region !== undefined ? [listOptions.region] : await regions(signal, listOptions.observer);
      const found = await Promise.all(wanted.map((region) => runtime.discover(region, signal, listOptions.observer)));
      return found.flat();
    },
    listBackups: (listOptions) => {
      const { instanceId, instance, observer, onError, ...rest } = listOptions;
      if (typeof instanceId !== 'string' || instanceId.trim().length === 0) {
        throw new ConfigurationError(`${provider}: listBackups needs an instanceId (a non-empty string).`, { provider, field: 'instanceId' });
      }
      if (!instance && !given) {
        throw new ConfigurationError(`${provider}: this source covers '*': pass the instance (from listInstances) so its region is known.`, { provider, field: 'instance' });
      }
      const query = normalizeQuery(rest);
      const target: InstanceInfo = instance ?? { provider, account, region: firstRegion, instanceId: instanceId.trim() };
      return new PagedList<Backup<P>>(() => runtime.walk(target, query, withSourceSignal(query.signal), observer), onError);
    },
    close: () => transport.close(),
  };

  const runtime: SourceRuntime<P> = {
    source,
    definition,
    signal: options.signal,
    regions,
    discover: async (region, signal, observer) => {
      if (instances) return instances.map((instanceId) => ({ provider, account, region, instanceId }));
      return definition.listInstances(callContext(signal, observer, region));
    },
    policy: async (instance, signal, observer) => definition.fetchBackupPolicy?.(callContext(signal, observer, instance.location ?? instance.region), instance),
    walk: (instance, query, signal, observer) =>
      walkInstanceBackups({
        definition,
        call: callContext(signal, observer, instance.location ?? instance.region),
        instance,
        query,
        settings,
        onPage: observer?.onPage,
      }),
  };
  runtimes.set(source, runtime as unknown as SourceRuntime);
  return source;
}
