import { AbortError, NotFoundError, ProviderApiError } from '../../src/errors.js';
import { defineProvider, type TimeWindow } from '../../src/listing/provider.js';
import { createSource, type BackupSource } from '../../src/listing/source.js';
import type { Backup, BackupFields, BackupPolicy, BackupPolicyFields, Engine, InstanceInfo, ProviderName } from '../../src/model.js';
import { singleValue } from '../../src/query.js';

/** A backup as a test writes it: the fields that matter to the audit, the rest defaulted. */
export type MemoryBackup = Pick<BackupFields, 'id' | 'status' | 'startTime'> & Partial<Omit<BackupFields, 'id' | 'status' | 'startTime'>>;

export interface MemoryInstance {
  createdAt?: Date;
  engine?: Engine;
  backups: MemoryBackup[];
  /** The policy the provider reports; 'fail' answers an API error; absent with a policy API: a 7-day policy. */
  policy?: Partial<BackupPolicyFields> | 'fail';
  /** Every backup request for this instance fails. */
  fail?: boolean;
}

/** One backup page request, as the provider saw it. */
export interface MemoryRequest {
  instanceId: string;
  window: TimeWindow | undefined;
  status: string | undefined;
  type: string | undefined;
  offset: number;
}

export interface MemoryProviderOptions {
  provider?: ProviderName;
  account?: string;
  region?: string;
  timeWindow?: 'none' | 'optional' | 'required';
  /** Whether the provider has a policy API (CapitalOnline has none). Default true. */
  policies?: boolean;
  pageSize?: number;
  instances: Record<string, MemoryInstance>;
  /** Discovery fails. */
  failDiscovery?: boolean;
  log?: MemoryRequest[];
  policyLog?: string[];
  /** Awaited before each backup page is answered (a test holds a collection mid-way with it). */
  gate?: () => Promise<void>;
}

/**
 * An in-memory provider with the capabilities the audit depends on: a time window (or none), a status and type
 * filter pushed down when pinned to one value (as RDS does), offset paging, and rows served in an order that is
 * neither newest nor oldest first (a fixed scramble), so nothing may rely on row order.
 */
export function memorySource(options: MemoryProviderOptions): BackupSource {
  const provider = options.provider ?? 'aliyun-rds';
  const account = options.account ?? 'default';
  const region = options.region ?? 'cn-hangzhou';
  const pageSize = options.pageSize ?? 10;
  const definition = defineProvider<ProviderName>({
    provider,
    paging: { kind: 'offset', pageSize },
    timeWindow: options.timeWindow ?? 'optional',
    fetchBackupsPage: async (_call, args) => {
      const { instanceId } = args.instance;
      const status = singleValue(args.query.status);
      const type = singleValue(args.query.type);
      options.log?.push({ instanceId, window: args.window, status, type, offset: args.page.offset });
      if (options.gate) await untilAborted(options.gate(), args.page.signal);
      const instance = options.instances[instanceId];
      if (!instance) throw new NotFoundError(`instance ${instanceId} does not exist`, { provider, code: 'NotFound', instanceId });
      if (instance.fail) throw new ProviderApiError(`${instanceId}: InternalError`, { provider, code: 'InternalError', httpStatus: 500, instanceId });
      const since = args.window?.since?.getTime() ?? Number.NEGATIVE_INFINITY;
      const until = args.window?.until?.getTime() ?? Number.POSITIVE_INFINITY;
      const rows = scramble(
        instance.backups.filter((b) => {
          const t = b.startTime.getTime();
          return t >= since && t < until && (status === undefined || b.status === status) && (type === undefined || (b.type ?? 'full') === type);
        }),
      );
      const items = rows.slice(args.page.offset, args.page.offset + args.page.pageSize).map((b) => toBackup(provider, account, region, instanceId, instance, b));
      return { items, total: rows.length, received: items.length };
    },
    listInstances: async (): Promise<InstanceInfo[]> => {
      if (options.failDiscovery) throw new ProviderApiError('discovery refused', { provider, code: 'Forbidden', httpStatus: 403 });
      return Object.entries(options.instances).map(([instanceId, i]) => ({
        provider,
        account,
        region,
        instanceId,
        ...(i.createdAt ? { createdAt: i.createdAt } : {}),
        ...(i.engine ? { engine: i.engine } : {}),
      }));
    },
    ...(options.policies === false
      ? {}
      : {
          fetchBackupPolicy: async (_call, instance): Promise<BackupPolicy> => {
            options.policyLog?.push(instance.instanceId);
            const given = options.instances[instance.instanceId]?.policy;
            if (given === 'fail') throw new ProviderApiError('policy: access denied', { provider, code: 'Forbidden', httpStatus: 403, instanceId: instance.instanceId });
            return { provider, account, region, instanceId: instance.instanceId, automated: true, retentionDays: 7, ...given, raw: {} } as BackupPolicy;
          },
        }),
  });
  return createSource({
    definition,
    options: { account },
    regions: { kind: 'list', regions: [region] },
    baseUrlFor: () => 'http://127.0.0.1:9',
    credentialsChain: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }),
  });
}

/** Like a real request, a held page gives up when its walk is aborted. */
function untilAborted(wait: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new AbortError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    wait.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}

function toBackup(provider: ProviderName, account: string, region: string, instanceId: string, instance: MemoryInstance, b: MemoryBackup): Backup {
  const backup = {
    provider,
    account,
    region,
    instanceId,
    mode: 'automated',
    type: 'full',
    method: 'physical',
    scope: 'instance',
    ...(instance.engine ? { engine: instance.engine } : {}),
    ...b,
    raw: {},
  };
  return backup as Backup;
}

/** A fixed order unrelated to time: by a hash of the id. */
function scramble<T extends { id: string }>(rows: T[]): T[] {
  const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);
  return [...rows].sort((a, b) => hash(a.id) - hash(b.id) || (a.id < b.id ? -1 : 1));
}

export const HOUR_MS = 3_600_000;
export const DAY = 24 * HOUR_MS;

/** Successful full backups one a day, the newest an hour before `end`, sized `size(i)`; ids b0 (newest), b1, ... */
export function dailyBackups(end: Date, days: number, prefix = 'b', size: (i: number) => number = () => 1000): MemoryBackup[] {
  return Array.from({ length: days }, (_, i) => {
    const start = end.getTime() - i * DAY - HOUR_MS;
    return { id: `${prefix}${i}`, status: 'success', startTime: new Date(start), endTime: new Date(start + 30 * 60_000), sizeBytes: size(i) };
  });
}
