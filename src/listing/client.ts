import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { ConfigurationError, PartialFailureError, toCloudBackupsError, type ListingFailure } from '../errors.js';
import { abortReason } from '../http/abort.js';
import type { Backup, InstanceInfo, ProviderName } from '../model.js';
import { pull } from '../paging/pull.js';
import { normalizeQuery, type BackupQuery, type NormalizedQuery, type OneOrMany } from '../query.js';
import { closestMatch } from '../suggest.js';
import { PageMerge, Semaphore } from './merge.js';
import { parseOptions, wholeNumber } from './options.js';
import { PagedList, type BackupList, type ListPage } from './paged-list.js';
import { runtimeOf, type BackupSource, type ListingObserver, type SourceRuntime } from './source.js';
// Issue 16: the views built on walkAll live in src/audit; the client only delegates to them.
import { runAudit, type AuditResult } from '../audit/audit.js';
import { latestBackups } from '../audit/latest.js';
import type { AuditOptions } from '../audit/options.js';
import { listPolicies, type PolicyList } from '../audit/policies.js';
import type { AuditRules } from '../audit/rules.js';
import { checkKnownKeys } from '../known-keys.js';

/** Counts for a progress bar, sent on every change. */
export interface BackupProgress {
  sourcesTotal: number;
  sourcesDone: number;
  /** Known once a source's instances are known (given or discovered); grows while discovery runs. */
  instancesTotal: number;
  instancesDone: number;
  pages: number;
  backups: number;
  retries: number;
  /** Parts of the listing that failed (a source, an instance, a record): listing errors, not failed backups. */
  failures: number;
}

/** Options of `createBackupClient`. */
export interface BackupClientOptions {
  /** The sources to list, made by the factories (`aliyunRds()`, `aliyunKvstore()`, `huaweiRds()`, `capitalOnlineMysql()`). */
  sources: readonly BackupSource[];
  /** Instances walked at once across all sources. Default 8. Each instance also prefetches `pageConcurrency` pages. */
  concurrency?: number;
  /** Receive each failure (a source, an instance, a record) as it happens; the listing then ends normally. */
  onError?: (failure: ListingFailure) => void;
  /** Receive counts (sources, instances, pages, backups, retries, failures) on every change, e.g. for a progress bar. */
  onProgress?: (progress: Readonly<BackupProgress>) => void;
}

/** A query over every source: the backup filters plus which providers and instances to walk. */
export interface ClientBackupQuery extends BackupQuery {
  providers?: OneOrMany<ProviderName>;
  /** Instance ids to walk; others are skipped (discovery still runs for sources without `instances`). */
  instances?: readonly string[];
}

/** One instance the client would walk, and the source it belongs to. */
export interface InstanceTarget {
  source: BackupSource;
  instance: InstanceInfo;
}

/** What discovery found, and where it failed (a source that could not list its regions, or one region). */
export interface Discovery {
  instances: InstanceTarget[];
  failures: ListingFailure[];
}

/** Lists backups across every source it was made with; made by `createBackupClient`. */
export interface BackupClient {
  /**
   * Every matching backup of every source. Lazy: nothing is requested until it is iterated, and each iteration is a
   * fresh listing. Failures are thrown as one `PartialFailureError` after every other backup (or go to `onError`).
   *
   * @example
   * ```ts
   * const since = new Date(Date.now() - 7 * 86_400_000);
   * for await (const b of client.backups({ status: 'failed', since })) console.log(b.provider, b.instanceId, b.id);
   * ```
   */
  backups(query?: ClientBackupQuery): BackupList;
  /**
   * The newest backup matching the query of every instance (e.g. `{ status: 'success' }`), read cheaply: windows
   * reaching further back (2, 8, 32... days) until one holds a match, never the whole history when a recent one exists.
   */
  latest(query?: ClientBackupQuery): BackupList;
  /**
   * Checks every instance against backup-health rules (RPO, failures, consecutive days, retention, size drop,
   * availability): one finding per instance and rule. Without rules, all six with their defaults. Reads only the
   * window the rules need. Resolves with what could not be read in `failures` (and 'error' findings), never rejects
   * for it; rejects for bad rules or options (ConfigurationError) and when aborted.
   */
  audit(rules?: AuditRules, options?: AuditOptions): Promise<AuditResult>;
  /** Every instance's backup policy (providers without a policy API are listed as `unsupported`). */
  policies(query?: Pick<ClientBackupQuery, 'providers' | 'instances' | 'signal'>): Promise<PolicyList>;
  /**
   * The instances `backups()` would walk (given ones, or discovered in every region of every source), each once.
   * Sources and regions that fail are reported like in `backups()`: a `PartialFailureError`, or `onError`.
   *
   * @example
   * ```ts
   * for (const { instance } of await client.instances({ providers: 'huawei-rds' })) console.log(instance.region, instance.instanceId, instance.engine);
   * ```
   */
  instances(query?: Pick<ClientBackupQuery, 'providers' | 'instances' | 'signal'>): Promise<InstanceTarget[]>;
  /**
   * The instances `backups()` would walk, with what could not be discovered beside them: a source or region whose
   * discovery failed is a failure here, and every other instance is still listed. Never rejects for those failures
   * (nor hands them to `onError`); rejects for a bad query and when aborted.
   */
  discover(query?: Pick<ClientBackupQuery, 'providers' | 'instances' | 'signal'>): Promise<Discovery>;
  /** Releases the sources' keep-alive sockets. Call it when done with the client. */
  close(): void;
}

/** Instances walked at once across all sources when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * What the client's other views (latest, audit, sync) need beyond its public face: its sources' runtimes and the
 * one merge that walks instances under the client's concurrency, progress and error handling.
 */
export interface ClientInternals {
  readonly runtimes: readonly SourceRuntime[];
  readonly concurrency: number;
  readonly onError: ((failure: ListingFailure) => void) | undefined;
  readonly onProgress: ((progress: Readonly<BackupProgress>) => void) | undefined;
  /** The runtimes a query's `providers` selects (validated), and its `instances` filter. */
  select(query: Pick<ClientBackupQuery, 'providers' | 'instances'>): { runtimes: readonly SourceRuntime[]; instanceFilter: ReadonlySet<string> | undefined };
}

const internals = new WeakMap<object, ClientInternals>();

/** The internals of a client made by `createBackupClient`. */
export function internalsOf(client: BackupClient): ClientInternals {
  const found = internals.get(client);
  if (!found) throw new ConfigurationError('not a client created by createBackupClient()', { field: 'client' });
  return found;
}

const clientOptionsSchema = z
  .object({
    sources: z.array(z.unknown(), { error: 'sources must be a non-empty array of sources, e.g. [aliyunRds({ region: "cn-hangzhou" })]' }).min(1, 'sources must be a non-empty array of sources, e.g. [aliyunRds({ region: "cn-hangzhou" })]'),
    concurrency: wholeNumber('concurrency', 1, 256).optional(),
    onError: z.custom<(failure: ListingFailure) => void>((v) => typeof v === 'function', { error: 'onError must be a function' }).optional(),
    onProgress: z.custom<(progress: Readonly<BackupProgress>) => void>((v) => typeof v === 'function', { error: 'onProgress must be a function' }).optional(),
  })
  .strict();

/**
 * A client over one or more sources: `backups(query)` lists every matching backup of every source, merged as it
 * arrives, at most `concurrency` instances at once (default 8). Options are checked here.
 *
 * @example
 * ```ts
 * import { createBackupClient, aliyunRds, huaweiRds } from 'cloud-backups';
 *
 * const client = createBackupClient({
 *   sources: [aliyunRds({ region: 'cn-hangzhou' }), huaweiRds({ region: 'cn-north-4' })],
 *   onError: (failure) => console.error(failure.provider, failure.region, failure.error.message),
 * });
 * const failed = await client.backups({ status: 'failed' }).toArray();
 * client.close();
 * ```
 */
export function createBackupClient(options: BackupClientOptions): BackupClient {
  const parsed = parseClientOptions(options);
  const runtimes = parsed.sources;
  const { onError, onProgress } = options;
  const concurrency = parsed.concurrency ?? DEFAULT_CONCURRENCY;
  const providerNames = [...new Set(runtimes.map((r) => r.source.provider))];

  const select = (providers: ReadonlySet<ProviderName> | undefined) => (providers ? runtimes.filter((r) => providers.has(r.source.provider)) : runtimes);

  const client: BackupClient = {
    backups(query = {}) {
      const { providers, instances, ...rest } = checkQueryObject(query);
      const backupQuery = normalizeQuery(rest, ['providers', 'instances']);
      const chosen = select(normalizeProviders(providers, providerNames));
      const instanceFilter = normalizeInstances(instances);
      rejectUnreachableInstances(chosen, instanceFilter);
      const open = () =>
        walkAll({
          runtimes: chosen,
          concurrency,
          signal: backupQuery.signal,
          instanceFilter,
          onProgress,
          perInstance: (runtime, instance, signal, observer) => runtime.walk(instance, backupQuery, signal, observer),
        });
      return new PagedList<Backup>(open, onError);
    },

    latest: (query = {}) => latestBackups(client, query),
    audit: (rules, options) => runAudit(client, rules, options),
    policies: async (query = {}) => listPolicies(client, checkQueryObject(query, INSTANCE_QUERY_FIELDS)),

    async instances(query = {}) {
      const { instances: targets, failures } = await client.discover(query);
      if (failures.length > 0) {
        if (onError) failures.forEach((f) => onError(f));
        else throw new PartialFailureError(failures);
      }
      return targets;
    },

    async discover(query = {}) {
      const { providers, instances, signal } = checkQueryObject(query, INSTANCE_QUERY_FIELDS);
      const instanceFilter = normalizeInstances(instances);
      const chosen = select(normalizeProviders(providers, providerNames));
      const failures: ListingFailure[] = [];
      const targets: InstanceTarget[] = [];
      const controller = new AbortController();
      // Every region of every source is discovered at once on this signal, each walk adding a listener.
      setMaxListeners(0, controller.signal);
      const stop = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', stop, { once: true });
      try {
        const found = await Promise.all(
          chosen.map(async (runtime) => {
            const list: InstanceInfo[] = [];
            let regions: string[];
            try {
              regions = await runtime.regions(controller.signal);
            } catch (error) {
              failures.push(sourceFailure(runtime, error));
              return { runtime, instances: list };
            }
            await Promise.all(
              regions.map(async (region) => {
                try {
                  list.push(...(await runtime.discover(region, controller.signal)));
                } catch (error) {
                  failures.push(sourceFailure(runtime, error, region));
                }
              }),
            );
            return { runtime, instances: list };
          }),
        );
        if (signal?.aborted) throw abortReason(signal);
        const seen = new Set<string>();
        for (const { runtime, instances: list } of found) {
          for (const instance of list) {
            if (instanceFilter && !instanceFilter.has(instance.instanceId)) continue;
            const key = instanceKey(instance);
            if (seen.has(key)) continue;
            seen.add(key);
            targets.push({ source: runtime.source, instance });
          }
        }
      } finally {
        signal?.removeEventListener('abort', stop);
      }
      return { instances: targets, failures };
    },

    close() {
      for (const r of runtimes) r.source.close();
    },
  };
  internals.set(client, {
    runtimes,
    concurrency,
    onError,
    onProgress,
    select: (query) => ({ runtimes: select(normalizeProviders(query.providers, providerNames)), instanceFilter: normalizeInstances(query.instances) }),
  });
  return client;
}

/** The same instance reached twice (two sources on one account and region, or a repeated id) is walked once. */
function instanceKey(instance: InstanceInfo): string {
  return `${instance.provider}\u0000${instance.account}\u0000${instance.region}\u0000${instance.instanceId}`;
}

/** What to list for one instance: by default its backups matching the query; `latest` lists less. */
export type InstanceLister = (
  runtime: SourceRuntime,
  instance: InstanceInfo,
  signal: AbortSignal,
  observer: ListingObserver,
) => AsyncGenerator<ListPage<Backup>, void, undefined>;

export interface WalkAllArgs {
  runtimes: readonly SourceRuntime[];
  concurrency: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  instanceFilter: ReadonlySet<string> | undefined;
  onProgress: ((progress: Readonly<BackupProgress>) => void) | undefined;
  perInstance: InstanceLister;
}

/**
 * Discovers every source's instances, walks them under one concurrency bound, and merges their pages as they
 * arrive (each instance's pages in order). Every page, failures included, goes through one awaited path into the
 * merge, and the merge ends only after every walk has finished. Leaving early aborts everything: queued instances
 * never start, and requests in flight are cancelled.
 */
export async function* walkAll(args: WalkAllArgs): AsyncGenerator<ListPage<Backup>, void, undefined> {
  const outer = args.signal;
  if (outer?.aborted) throw abortReason(outer);
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', forwardAbort, { once: true });
  const signal = controller.signal;
  // One signal is shared by every walk of this listing, each adding one listener: many listeners is the design.
  setMaxListeners(0, signal);

  const merge = new PageMerge<ListPage<Backup>>(Math.max(4, args.concurrency * 2));
  const slots = new Semaphore(args.concurrency);
  const progress: BackupProgress = {
    sourcesTotal: args.runtimes.length, sourcesDone: 0, instancesTotal: 0, instancesDone: 0, pages: 0, backups: 0, retries: 0, failures: 0,
  };
  const report = () => args.onProgress?.({ ...progress });
  const observer: ListingObserver = {
    onPage: () => {
      progress.pages++;
      report();
    },
    onRetry: () => {
      progress.retries++;
      report();
    },
  };
  const walked = new Set<string>();
  // Ids of the instance filter that some source's instances matched, and whether every discovery succeeded.
  const matched = new Set<string>();
  let discoveryFailed = false;

  /** Hands one page to the consumer; false once the consumer has left. */
  const deliver = async (page: ListPage<Backup>): Promise<boolean> => {
    progress.backups += page.items.length;
    if (page.failures.length > 0) {
      progress.failures += page.failures.length;
      report();
    }
    return merge.push(page);
  };

  const walkInstance = async (runtime: SourceRuntime, instance: InstanceInfo, instanceSignal: AbortSignal) => {
    let release: (() => void) | undefined;
    try {
      release = await slots.acquire(instanceSignal);
      // Pulled, not `for await`: this frame must not hold the page it delivered while the walk fetches the next (pull.ts).
      const pages = args.perInstance(runtime, instance, instanceSignal, observer);
      try {
        let page: ListPage<Backup> | undefined;
        while ((page = await pull(pages)) !== undefined) {
          const delivered = await deliver(page);
          page = undefined;
          if (!delivered) return;
        }
      } finally {
        await pages.return(undefined); // as `for await` does when the loop is left early; nothing when it ran out
      }
    } catch (error) {
      if (signal.aborted) return;
      await deliver({ items: [], failures: [{ provider: instance.provider, account: instance.account, region: instance.region, instanceId: instance.instanceId, error: toCloudBackupsError(error, instance.provider) }] });
    } finally {
      release?.();
      progress.instancesDone++;
      report();
    }
  };

  /** One region of a source: its instances discovered (or given) and walked; a failing region is one failure. */
  const walkRegion = async (runtime: SourceRuntime, region: string, sourceSignal: AbortSignal) => {
    let instances: InstanceInfo[];
    try {
      const release = await slots.acquire(sourceSignal); // discovery is requests too: it shares the bound
      try {
        instances = await runtime.discover(region, sourceSignal, observer);
      } finally {
        release();
      }
    } catch (error) {
      discoveryFailed = true;
      if (!signal.aborted) await deliver({ items: [], failures: [sourceFailure(runtime, error, region)] });
      return;
    }
    const mine: InstanceInfo[] = [];
    for (const instance of instances) {
      if (args.instanceFilter && !args.instanceFilter.has(instance.instanceId)) continue;
      matched.add(instance.instanceId);
      const key = instanceKey(instance);
      if (walked.has(key)) continue;
      walked.add(key);
      mine.push(instance);
    }
    progress.instancesTotal += mine.length;
    report();
    await Promise.all(mine.map((instance) => walkInstance(runtime, instance, sourceSignal)));
  };

  const walkSource = async (runtime: SourceRuntime) => {
    const sourceSignal = runtime.signal ? AbortSignal.any([signal, runtime.signal]) : signal;
    try {
      let regions: string[];
      try {
        regions = await runtime.regions(sourceSignal, observer);
      } catch (error) {
        discoveryFailed = true;
        if (!signal.aborted) await deliver({ items: [], failures: [sourceFailure(runtime, error)] });
        return;
      }
      await Promise.all(regions.map((region) => walkRegion(runtime, region, sourceSignal)));
    } finally {
      progress.sourcesDone++;
      report();
    }
  };

  // An instance the filter names that no source has is reported, never silently skipped (unless a discovery failed:
  // then that source's failure already says its instances are unknown).
  const reportUnmatched = async () => {
    if (!args.instanceFilter || discoveryFailed || signal.aborted) return;
    const missing = [...args.instanceFilter].filter((id) => !matched.has(id));
    if (missing.length === 0) return;
    const first = args.runtimes[0]?.source;
    if (!first) return;
    await deliver({
      items: [],
      failures: missing.map((instanceId) => ({
        provider: first.provider,
        account: first.account,
        region: first.region,
        instanceId,
        error: new ConfigurationError(
          `Invalid query: instance ${instanceId} is not an instance of any source of this listing (${args.runtimes.map((r) => `${r.source.provider} ${r.source.account}/${r.source.region}`).join(', ')}). Check the id and which sources list it.`,
          { field: 'instances' },
        ),
      })),
    });
  };
  const all = Promise.all(args.runtimes.map(walkSource))
    .then(reportUnmatched)
    .finally(() => merge.end());
  try {
    report();
    // Pulled, not `yield*`, for the reason in pull.ts.
    const drain = merge.drain();
    let page: ListPage<Backup> | undefined;
    while ((page = await pull(drain)) !== undefined) {
      yield page;
      page = undefined;
    }
    await all;
    if (outer?.aborted) throw abortReason(outer);
  } finally {
    outer?.removeEventListener('abort', forwardAbort);
    if (!signal.aborted) controller.abort(LISTING_STOPPED);
    merge.cancel();
    await all.catch(() => undefined);
  }
}

/** The abort reason of a listing the consumer left (nobody sees it as an error). */
const LISTING_STOPPED = Symbol('cloud-backups.listing-stopped');

function sourceFailure(runtime: SourceRuntime, error: unknown, region?: string): ListingFailure {
  const { source } = runtime;
  return { provider: source.provider, account: source.account, region: region ?? source.region, error: toCloudBackupsError(error, source.provider) };
}

function parseClientOptions(options: BackupClientOptions): { sources: SourceRuntime[]; concurrency?: number | undefined } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError('createBackupClient: pass an options object with `sources`.', { field: 'options' });
  }
  const parsed = parseOptions('createBackupClient', clientOptionsSchema, options);
  const sources: SourceRuntime[] = [];
  const seen = new Set<SourceRuntime>();
  parsed.sources.forEach((s, i) => {
    const runtime = runtimeOf(s);
    if (!runtime) {
      throw new ConfigurationError(
        `createBackupClient: sources[${i}] is not a source; create one with a source factory such as aliyunRds() or huaweiRds().`,
        { field: `sources[${i}]` },
      );
    }
    // The same source object twice would list every backup twice.
    if (!seen.has(runtime)) sources.push(runtime);
    seen.add(runtime);
  });
  return { sources, concurrency: parsed.concurrency };
}

function checkQueryObject<Q extends object>(query: Q, allowed?: readonly string[]): Q {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new ConfigurationError(
      `Invalid query: expected an object such as { status: 'failed' }, got ${Array.isArray(query) ? 'an array' : typeof query === 'string' ? `the string ${JSON.stringify(query)}` : String(query)}.`,
      { field: 'query' },
    );
  }
  // (The listing's query names its unknown fields in normalizeQuery; the others here.)
  if (allowed) checkKnownKeys('Invalid query', query, allowed);
  return query;
}

/** The fields of the queries of `discover`, `instances` and `policies`. */
const INSTANCE_QUERY_FIELDS = ['providers', 'instances', 'signal'] as const satisfies readonly (keyof ClientBackupQuery)[];

function normalizeProviders(value: unknown, configured: readonly ProviderName[]): ReadonlySet<ProviderName> | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) throw new ConfigurationError('Invalid query: providers is an empty list, which would match nothing.', { field: 'providers' });
  for (const p of list) {
    if (typeof p !== 'string' || !(configured as readonly string[]).includes(p)) {
      const hint = typeof p === 'string' ? closestMatch(p, configured) : undefined;
      throw new ConfigurationError(
        `Invalid query: providers ${JSON.stringify(p)} matches no source of this client. Its sources are: ${configured.join(', ')}.` +
          (hint ? ` Did you mean "${hint}"?` : ''),
        { field: 'providers' },
      );
    }
  }
  return new Set(list as ProviderName[]);
}

/** A filter naming only instances that no chosen source (all of them with given instances) has is a mistake: say so now. */
function rejectUnreachableInstances(runtimes: readonly SourceRuntime[], filter: ReadonlySet<string> | undefined): void {
  if (!filter || runtimes.some((r) => r.source.instances === undefined)) return;
  const known = new Set(runtimes.flatMap((r) => r.source.instances ?? []));
  const unknown = [...filter].filter((id) => !known.has(id));
  if (unknown.length === filter.size) {
    throw new ConfigurationError(
      `Invalid query: instances ${unknown.map((i) => JSON.stringify(i)).join(', ')} match no instance of the sources, which list: ${[...known].join(', ')}.`,
      { field: 'instances' },
    );
  }
}

function normalizeInstances(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.trim() === '' || v.length > 256)) {
    throw new ConfigurationError('Invalid query: instances must be a non-empty array of instance ids (non-empty strings of at most 256 characters).', {
      field: 'instances',
    });
  }
  return new Set((value as string[]).map((v) => v.trim()));
}
