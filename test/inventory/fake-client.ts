import {
  AuthenticationError,
  NotFoundError,
  PagedList,
  ResponseValidationError,
  type Backup,
  type BackupSource,
  type ClientBackupQuery,
  type InstanceInfo,
  type InstanceTarget,
  type ListingFailure,
  type ListPage,
} from '../../src/index.js';
import type { SyncClient } from '../../src/inventory/index.js';

/**
 * A client without HTTP, for the sync's semantics (statuses changing, failures of every kind, aborts at a
 * chosen page). Everything that speaks HTTP is tested against the emulator instead.
 */
export interface FakeInstance {
  instanceId: string;
  account?: string;
  region?: string;
  backups: Backup[];
  /** The walk fails (after yielding `failAfter` backups, default none). */
  fail?: boolean;
  failAfter?: number;
  /** Ids of records that cannot be mapped (reported, not yielded). */
  badRecords?: string[];
}

export interface FakeClientOptions {
  instances: FakeInstance[];
  /** Discovery of this account fails (a source-level failure) in the listing. */
  failDiscovery?: { account: string };
  /** Called before each page is yielded (index across the listing): may wait, may abort. */
  beforePage?: (index: number) => Promise<void> | void;
  pageSize?: number;
}

const PROVIDER = 'aliyun-rds' as const;

export function fakeBackup(instanceId: string, id: string, startTime: Date, o: Partial<Backup<'aliyun-rds'>> = {}): Backup {
  return {
    provider: PROVIDER,
    account: 'fake',
    region: 'cn-hangzhou',
    instanceId,
    id,
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    scope: 'instance',
    startTime,
    endTime: new Date(startTime.getTime() + 600_000),
    sizeBytes: 1024 * 1024,
    raw: { BackupId: id, BackupStartTime: startTime.toISOString(), BackupEndTime: '', BackupStatus: 'Success', BackupMode: 'Automated' } as unknown as Backup<'aliyun-rds'>['raw'],
    ...o,
  } as Backup;
}

function info(i: FakeInstance): InstanceInfo {
  return { provider: PROVIDER, account: i.account ?? 'fake', region: i.region ?? 'cn-hangzhou', instanceId: i.instanceId, name: `${i.instanceId}-name`, engine: 'mysql' };
}

export function fakeClient(o: FakeClientOptions): SyncClient {
  const pageSize = o.pageSize ?? 2;
  const source = { provider: PROVIDER, account: 'fake', region: 'cn-hangzhou' } as unknown as BackupSource;
  const selected = (q: Pick<ClientBackupQuery, 'instances'>) => o.instances.filter((i) => !q.instances || q.instances.includes(i.instanceId));
  const discoveryFails = (i: FakeInstance) => o.failDiscovery !== undefined && (i.account ?? 'fake') === o.failDiscovery.account;

  return {
    backups(query: ClientBackupQuery = {}) {
      const open = async function* (): AsyncGenerator<ListPage<Backup>, void, undefined> {
        let index = 0;
        const page = async (p: ListPage<Backup>) => {
          await o.beforePage?.(index++);
          if (query.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
          return p;
        };
        if (o.failDiscovery) {
          const failure: ListingFailure = { provider: PROVIDER, account: o.failDiscovery.account, region: 'cn-hangzhou', error: new AuthenticationError('denied', { provider: PROVIDER }) };
          yield await page({ items: [], failures: [failure] });
        }
        for (const instance of selected(query)) {
          if (discoveryFails(instance)) continue;
          const inWindow = instance.backups.filter((b) => (!query.since || b.startTime >= query.since) && (!query.until || b.startTime < query.until));
          const good = inWindow.filter((b) => !instance.badRecords?.includes(b.id));
          const visible = instance.fail ? good.slice(0, instance.failAfter ?? 0) : good;
          for (let i = 0; i < visible.length; i += pageSize) yield await page({ items: visible.slice(i, i + pageSize), failures: [] });
          const where = { provider: PROVIDER, account: instance.account ?? 'fake', region: instance.region ?? 'cn-hangzhou', instanceId: instance.instanceId };
          for (const recordId of instance.badRecords ?? []) {
            yield await page({ items: [], failures: [{ ...where, recordId, error: new ResponseValidationError('unmappable', { provider: PROVIDER }) }] });
          }
          if (instance.fail) yield await page({ items: [], failures: [{ ...where, error: new NotFoundError(`instance ${instance.instanceId} not found`, { provider: PROVIDER }) }] });
        }
      };
      return new PagedList<Backup>(open);
    },
    async discover(query = {}) {
      const failures: ListingFailure[] = o.failDiscovery
        ? [{ provider: PROVIDER, account: o.failDiscovery.account, region: 'cn-hangzhou', error: new AuthenticationError('denied', { provider: PROVIDER }) }]
        : [];
      const instances = selected(query)
        .filter((i) => !discoveryFails(i))
        .map((i): InstanceTarget => ({ source, instance: info(i) }));
      return { instances, failures };
    },
  };
}
