import { setMaxListeners } from 'node:events';
import { ConfigurationError, PartialFailureError, toCloudBackupsError, type ListingFailure } from './errors.js';
import { Channel, Semaphore } from './channel.js';
import { abortReason } from './http/retry.js';
import { PagedList, type BackupList, type ListPage } from './list.js';
import { PROVIDER_NAMES, type Backup, type InstanceInfo, type ProviderName } from './model.js';
import { normalizeQuery, type BackupQuery, type OneOrMany } from './query.js';
import type { BackupSource, ListingObserver } from './source.js';

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
  failures: number;
}

export interface BackupClientOptions {
  sources: readonly BackupSource[];
  /** Instances walked at once across all sources. Default 8. Each instance also prefetches `pageConcurrency` pages. */
  concurrency?: number;
  /** Receive each failure (a source, an instance, a record) as it happens; the listing then ends normally. */
  onError?: (failure: ListingFailure) => void;
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

export interface BackupClient {
  /** Every matching backup of every source. Lazy: nothing is requested until it is iterated. */
  backups(query?: ClientBackupQuery): BackupList;
  /** The instances `backups()` would walk (given ones, or discovered). Sources that fail are reported like in `backups()`. */
  instances(query?: Pick<ClientBackupQuery, 'providers' | 'instances' | 'signal'>): Promise<InstanceTarget[]>;
  /** Releases the sources' keep-alive sockets. */
  close(): void;
}

export const DEFAULT_CONCURRENCY = 8;

export function createBackupClient(options: BackupClientOptions): BackupClient {
  const { sources, onError, onProgress } = validateClientOptions(options);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;

  const selectSources = (providers: ReadonlySet<ProviderName> | undefined) =>
    providers ? sources.filter((s) => providers.has(s.provider)) : [...sources];

  return {
    backups(query = {}) {
      const { providers, instances, ...rest } = query;
      const backupQuery = normalizeQuery(rest);
      const providerSet = normalizeProviders(providers);
      const instanceFilter = normalizeInstances(instances);
      const chosen = selectSources(providerSet);
      const open = () =>
        walkAll({ sources: chosen, concurrency, query: rest, signal: backupQuery.signal, instanceFilter, ...(onProgress ? { onProgress } : {}) });
      return new PagedList<Backup>(open, onError);
    },

    async instances(query = {}) {
      const providerSet = normalizeProviders(query.providers);
      const instanceFilter = normalizeInstances(query.instances);
      const failures: ListingFailure[] = [];
      const targets: InstanceTarget[] = [];
      await Promise.all(
        selectSources(providerSet).map(async (source) => {
          try {
            for (const instance of await instancesOf(source, query.signal)) {
              if (!instanceFilter || instanceFilter.has(instance.instanceId)) targets.push({ source, instance });
            }
          } catch (error) {
            failures.push(sourceFailure(source, error));
          }
        }),
      );
      if (failures.length > 0) {
        if (onError) failures.forEach((f) => onError(f));
        else throw new PartialFailureError(failures);
      }
      return targets;
    },

    close() {
      for (const s of sources) s.close();
    },
  };
}

async function instancesOf(source: BackupSource, signal: AbortSignal | undefined): Promise<InstanceInfo[]> {
  if (source.instances) {
    return source.instances.map((instanceId) => ({ provider: source.provider, instanceId, ...(source.region ? { region: source.region } : {}) }));
  }
  return source.listInstances(signal ? { signal } : {});
}

interface WalkAllArgs {
  sources: BackupSource[];
  concurrency: number;
  query: BackupQuery;
  signal: AbortSignal | undefined;
  instanceFilter: ReadonlySet<string> | undefined;
  onProgress?: (progress: Readonly<BackupProgress>) => void;
}

/**
 * Discovers every source's instances, walks them under one concurrency bound, and yields their pages as
 * they arrive (each instance's pages in order). Leaving early aborts everything: queued instances never
 * start, and requests in flight are cancelled.
 */
async function* walkAll(args: WalkAllArgs): AsyncGenerator<ListPage<Backup>, void, undefined> {
  const controller = new AbortController();
  const outer = args.signal;
  if (outer?.aborted) throw abortReason(outer);
  const forwardAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', forwardAbort, { once: true });
  const signal = controller.signal;
  // One signal is shared by every queued instance and every page walk of this listing: many listeners is the design.
  setMaxListeners(0, signal);

  const channel = new Channel<ListPage<Backup>>(Math.max(4, args.concurrency * 2));
  const slots = new Semaphore(args.concurrency);
  const progress: BackupProgress = {
    sourcesTotal: args.sources.length, sourcesDone: 0, instancesTotal: 0, instancesDone: 0, pages: 0, backups: 0, retries: 0, failures: 0,
  };
  const report = () => args.onProgress?.({ ...progress });
  const fail = async (failure: ListingFailure) => {
    progress.failures++;
    report();
    await channel.push({ items: [], failures: [failure] });
  };
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

  const walkInstance = async (source: BackupSource, instance: InstanceInfo) => {
    let release: (() => void) | undefined;
    try {
      release = await slots.acquire(signal);
      const list = source.listBackups({
        ...args.query,
        instanceId: instance.instanceId,
        instance,
        signal,
        observer,
        onError: (failure) => void fail(failure),
      });
      for await (const page of list.pages()) {
        if (signal.aborted) return;
        progress.backups += page.items.length;
        if (page.items.length > 0) await channel.push({ items: page.items, failures: [] });
      }
    } catch (error) {
      if (signal.aborted) return;
      await fail({ ...sourceFailure(source, error), instanceId: instance.instanceId });
    } finally {
      release?.();
      progress.instancesDone++;
      report();
    }
  };

  const walkSource = async (source: BackupSource) => {
    try {
      let instances: InstanceInfo[];
      const release = await slots.acquire(signal); // discovery is requests too: it shares the bound
      try {
        instances = await instancesOf(source, signal);
      } finally {
        release();
      }
      if (args.instanceFilter) instances = instances.filter((i) => args.instanceFilter!.has(i.instanceId));
      progress.instancesTotal += instances.length;
      report();
      await Promise.all(instances.map((instance) => walkInstance(source, instance)));
    } catch (error) {
      if (!signal.aborted) await fail(sourceFailure(source, error));
    } finally {
      progress.sourcesDone++;
      report();
    }
  };

  const all = Promise.all(args.sources.map(walkSource)).finally(() => channel.close());
  try {
    report();
    yield* channel.drain();
    await all;
    if (outer?.aborted) throw abortReason(outer);
  } finally {
    outer?.removeEventListener('abort', forwardAbort);
    if (!signal.aborted) controller.abort(new Error('listing stopped'));
    channel.close();
  }
}

function sourceFailure(source: BackupSource, error: unknown): ListingFailure {
  return { provider: source.provider, ...(source.region ? { region: source.region } : {}), error: toCloudBackupsError(error, source.provider) };
}

function validateClientOptions(options: BackupClientOptions): BackupClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('createBackupClient: pass an options object with `sources`.', { field: 'options' });
  }
  if (!Array.isArray(options.sources) || options.sources.length === 0) {
    throw new ConfigurationError(
      'createBackupClient: `sources` must be a non-empty array of sources, e.g. [aliyunRds({ region: "cn-hangzhou" })].',
      { field: 'sources' },
    );
  }
  options.sources.forEach((s, i) => {
    if (!s || typeof s.listBackups !== 'function' || !(PROVIDER_NAMES as readonly string[]).includes(s.provider)) {
      throw new ConfigurationError(`createBackupClient: sources[${i}] is not a source; create one with aliyunRds(), aliyunKvstore(), huaweiRds() or capitalOnlineMysql().`, {
        field: `sources[${i}]`,
      });
    }
  });
  const c = options.concurrency;
  if (c !== undefined && !(Number.isInteger(c) && c >= 1)) {
    throw new ConfigurationError(`createBackupClient: concurrency must be an integer >= 1, got ${String(c)}.`, { field: 'concurrency' });
  }
  for (const field of ['onError', 'onProgress'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'function') {
      throw new ConfigurationError(`createBackupClient: ${field} must be a function.`, { field });
    }
  }
  return options;
}

function normalizeProviders(value: unknown): ReadonlySet<ProviderName> | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const p of list) {
    if (typeof p !== 'string' || !(PROVIDER_NAMES as readonly string[]).includes(p)) {
      throw new ConfigurationError(`Invalid query: providers ${JSON.stringify(p)} is not allowed. Allowed values: ${PROVIDER_NAMES.join(', ')}.`, {
        field: 'providers',
      });
    }
  }
  return new Set(list as ProviderName[]);
}

function normalizeInstances(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new ConfigurationError('Invalid query: instances must be an array of instance id strings.', { field: 'instances' });
  }
  return new Set(value as string[]);
}
