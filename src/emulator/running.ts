/** The running emulator as users see it: addresses, keys, ground truth and the knobs of a live run. */
import type { ProviderName } from './types.js';
import { EMULATOR_CREDENTIALS, EMULATOR_STS_CREDENTIALS } from './credentials.js';
import type { InstanceData } from './dataset.js';
import type { FaultPlan, LatencyPlan } from './faults.js';
import type { BackupSeed } from './model.js';
import type { AuditSubject } from './audit.js';
import { audit } from './audit.js';
import { PROVIDERS, providerDef } from './registry.js';
import type { RequestLog } from './request-log.js';
import { emulatedBackup, emulatedInstance } from './truth.js';
import type { RunningEmulator } from './types.js';
import type { World } from './world.js';

/** What the clouds contribute (their regions, Huawei project ids, the IAM endpoint). */
export type CloudFields = Pick<RunningEmulator, 'iamEndpoint' | 'huaweiProjectId' | 'huaweiProjectIdFor' | 'huaweiRegion' | 'aliyunRegion'>;

export interface RunningParts {
  world: World;
  baseUrl: string;
  clock: () => Date;
  log: RequestLog;
  faults: FaultPlan;
  latency: LatencyPlan;
  inFlight: { current: number; max: number };
  exposed: CloudFields;
  close(): Promise<void>;
}

export function runningEmulator(p: RunningParts): RunningEmulator {
  const { world, baseUrl, clock, log, faults, latency, inFlight } = p;
  const { dataset, accounts, denials } = world;
  const now = (): number => clock().getTime();
  const instanceOf = (provider: ProviderName, instanceId: string): InstanceData => {
    if (!PROVIDERS.includes(provider)) throw new RangeError(`The emulator has no provider ${String(provider)} (it has ${PROVIDERS.join(', ')})`);
    const inst = dataset[provider].get(instanceId);
    if (!inst) throw new RangeError(`The emulator has no ${provider} instance ${instanceId}`);
    return inst;
  };

  return {
    ...p.exposed,
    url: baseUrl,
    endpoints: Object.fromEntries(PROVIDERS.map((provider) => [provider, baseUrl])) as Record<ProviderName, string>,
    anchorTime: new Date(world.anchor),
    credentials: { ...EMULATOR_CREDENTIALS },
    stsCredentials: { ...EMULATOR_STS_CREDENTIALS },
    accounts: accounts.map((a) => ({ ...a, credentials: { ...a.credentials } })),
    regions: Object.fromEntries(PROVIDERS.map((provider) => [provider, [...world.regions[provider]]])) as Record<ProviderName, string[]>,
    denyRegion: (d) => {
      if (!PROVIDERS.includes(d.provider)) throw new RangeError(`denyRegion: unknown provider ${String(d.provider)}`);
      if (d.account !== undefined && !accounts.some((a) => a.name === d.account)) throw new RangeError(`denyRegion: unknown account ${d.account}`);
      denials.add(d);
    },
    clearDenials: () => denials.clear(),
    groundTruth: {
      instances: (provider) => dataset[provider].instances.map((i) => emulatedInstance(i.seed)),
      backups: (provider, instanceId) => {
        const list = instanceId === undefined ? dataset[provider].instances : [instanceOf(provider, instanceId)];
        const t = now();
        return list.flatMap((inst) => newestFirst(inst).map((b) => emulatedBackup(inst.seed, b, t)));
      },
      policies: (provider) => {
        const policy = providerDef(provider).truth.policy;
        if (!policy) return [];
        const t = now();
        return dataset[provider].instances.map((inst) => ({ ...scopeOf(inst), ...policy(inst, t) }));
      },
      audit: ({ now: at, rules }) => {
        const t = at.getTime();
        if (!Number.isFinite(t)) throw new RangeError('audit: now is not a valid date');
        const subjects: AuditSubject[] = PROVIDERS.flatMap((provider) => {
          const policy = providerDef(provider).truth.policy;
          return dataset[provider].instances.map((inst) => ({
            ...scopeOf(inst),
            backups: () => newestFirst(inst).map((b) => emulatedBackup(inst.seed, b, t)),
            ...(policy ? { policy: () => policy(inst, t) } : {}),
            denied: denials.denied(provider, inst.seed.account, inst.seed.region),
          }));
        });
        return audit(subjects, t, rules);
      },
    },
    stopBackups: (provider, instanceId, at) => {
      if (!Number.isFinite(at.getTime())) throw new RangeError('stopBackups: at is not a valid date');
      instanceOf(provider, instanceId).stop(at.getTime());
    },
    requestLog: () => log.snapshot(),
    clearRequestLog: () => log.clear(),
    concurrency: () => ({ ...inFlight }),
    resetConcurrency: () => {
      inFlight.max = inFlight.current;
    },
    setFaults: (f) => faults.set(f),
    setLatency: (l) => latency.set(l),
    addBackups: (provider, instanceId, count) => {
      if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
      const inst = instanceOf(provider, instanceId);
      const t = now();
      return inst.drift(count).map((b) => emulatedBackup(inst.seed, b, t));
    },
    deleteBackups: (provider, instanceId, ids) => {
      const inst = instanceOf(provider, instanceId);
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
        throw new RangeError('deleteBackups: ids must be an array of backup ids (as groundTruth.backups names them)');
      }
      const gone = seedsById(inst, ids);
      const t = now();
      const deleted = newestFirst(inst).filter((b) => gone.has(b)).map((b) => emulatedBackup(inst.seed, b, t));
      inst.remove(gone);
      return deleted;
    },
    close: p.close,
  };
}

/**
 * The seeds of the backups named by `ids` (the ground truth's ids: a KVStore job's, not one of its shard rows'). All
 * or nothing: an id the instance does not have now (never had, or already deleted) is refused before any is deleted.
 */
function seedsById(inst: InstanceData, ids: readonly string[]): Set<BackupSeed> {
  const wanted = new Set(ids);
  const idOf = providerDef(inst.seed.provider).truth.id;
  const found = new Map<string, BackupSeed>();
  for (const b of inst.chronological()) {
    const id = idOf ? idOf(inst.seed, b) : b.id;
    if (wanted.has(id)) found.set(id, b);
  }
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new RangeError(`deleteBackups: ${inst.seed.provider} instance ${inst.seed.id} has no backup ${missing.map((id) => JSON.stringify(id)).join(', ')} (ids as groundTruth.backups lists them)`);
  }
  return new Set(found.values());
}

const scopeOf = (inst: InstanceData) => ({ provider: inst.seed.provider, account: inst.seed.account, region: inst.seed.region, instanceId: inst.seed.id });

function newestFirst(inst: InstanceData): BackupSeed[] {
  const view = inst.query();
  const out: BackupSeed[] = [];
  for (let i = 0; i < view.total; i++) {
    const b = view.at(i);
    if (b) out.push(b);
  }
  return out;
}
