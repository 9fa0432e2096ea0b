import { AuthenticationError, NotFoundError, type ListingFailure } from '../../src/errors.js';
import type { Backup, InstanceInfo, ProviderName } from '../../src/model.js';
import { defineProvider, type ProviderDefinition } from '../../src/listing/provider.js';
import { createSource, type BackupSource } from '../../src/listing/source.js';
import type { PagingStrategy } from '../../src/paging/strategy.js';

/**
 * An in-memory provider (no HTTP): instances with N backups each, 10 per page, optional failures and delays.
 * For the listing machinery's own tests; everything that speaks HTTP is tested against the emulator.
 */
export interface FakeProviderOptions {
  provider?: ProviderName;
  account?: string;
  region?: string;
  instances: Record<string, number>;
  failInstance?: string;
  failDiscovery?: boolean;
  delayMs?: number;
  log?: { instanceId: string; page: number; at: number }[];
  inFlight?: { now: number; max: number };
  badRecordEvery?: number;
  /** Instances whose every record cannot be mapped. */
  badInstances?: readonly string[];
  /** Called before each page is answered; may wait (to force an interleaving). */
  beforePage?: (instanceId: string, index: number) => Promise<void> | void;
  paging?: PagingStrategy;
  /** Ask for the source's credentials before answering each page, as a real provider does when it signs. */
  useCredentials?: boolean;
  /** Backups whose end is an hour before their start, as a misbehaving provider might report. */
  endBeforeStart?: boolean;
  /** Whether the API takes a time window (the walk then goes through window planning). Default 'none'. */
  timeWindow?: 'none' | 'optional';
}

export function fakeDefinition(opts: FakeProviderOptions): ProviderDefinition<'huawei-rds'> {
  const provider = 'huawei-rds' as const;
  const account = opts.account ?? 'default';
  const region = opts.region ?? 'cn-north-4';
  return defineProvider({
    provider,
    paging: opts.paging ?? { kind: 'offset', pageSize: 10 },
    timeWindow: opts.timeWindow ?? 'none',
    fetchBackupsPage: async (call, args) => {
      const instanceId = args.instance.instanceId;
      if (opts.useCredentials) await call.credentials();
      opts.log?.push({ instanceId, page: args.page.index, at: Date.now() });
      if (opts.inFlight) {
        opts.inFlight.now++;
        opts.inFlight.max = Math.max(opts.inFlight.max, opts.inFlight.now);
      }
      try {
        await opts.beforePage?.(instanceId, args.page.index);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (args.page.signal.aborted) throw new Error('aborted');
        if (instanceId === opts.failInstance) {
          throw new NotFoundError(`instance ${instanceId} not found`, { provider, code: 'DBS.200002', instanceId });
        }
        const total = opts.instances[instanceId] ?? 0;
        const items: Backup<'huawei-rds'>[] = [];
        const failures: ListingFailure[] = [];
        for (let i = args.page.offset; i < Math.min(total, args.page.offset + args.page.pageSize); i++) {
          if ((opts.badRecordEvery && i % opts.badRecordEvery === opts.badRecordEvery - 1) || opts.badInstances?.includes(instanceId)) {
            failures.push({ provider, account, region, instanceId, recordId: `${instanceId}-${i}`, error: new AuthenticationError('unmappable', { provider }) });
            continue;
          }
          items.push({
            provider,
            account,
            region,
            id: `${instanceId}-${i}`,
            instanceId,
            status: i % 3 === 0 ? 'failed' : 'success',
            mode: 'automated',
            type: 'full',
            method: 'physical',
            scope: 'instance',
            startTime: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
            ...(opts.endBeforeStart ? { endTime: new Date(Date.UTC(2024, 0, 1) + (i - 1) * 3_600_000) } : {}),
            raw: {} as Backup<'huawei-rds'>['raw'],
          });
        }
        return { items, failures, received: Math.max(0, Math.min(total - args.page.offset, args.page.pageSize)), total };
      } finally {
        if (opts.inFlight) opts.inFlight.now--;
      }
    },
    listInstances: async (): Promise<InstanceInfo[]> => {
      if (opts.failDiscovery) throw new AuthenticationError('bad credentials', { provider, code: 'APIGW.0301' });
      return Object.keys(opts.instances).map((instanceId) => ({ provider, account, region, instanceId }));
    },
  });
}

export function fakeSource(opts: FakeProviderOptions): BackupSource<'huawei-rds'> {
  return createSource({
    definition: fakeDefinition(opts),
    options: { account: opts.account },
    regions: { kind: 'list', regions: [opts.region ?? 'cn-north-4'] },
    baseUrlFor: () => 'http://127.0.0.1:9',
    credentialsChain: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }),
  });
}
