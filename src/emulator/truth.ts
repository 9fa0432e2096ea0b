/** Ground truth: what a correct client lists, assembled from each provider's truth mapping. */
import type { BackupTruthFields } from './cloud.js';
import type { BackupSeed, InstanceSeed } from './model.js';
import { providerDef } from './registry.js';
import type { EmulatedBackup, EmulatedEngine, EmulatedInstance } from './types.js';

export function emulatedBackup(inst: InstanceSeed, b: BackupSeed, now: number): EmulatedBackup {
  return { provider: inst.provider, account: inst.account, region: inst.region, instanceId: inst.id, ...providerDef(inst.provider).truth.backup(inst, b, now) };
}

export function emulatedInstance(inst: InstanceSeed): EmulatedInstance {
  return {
    provider: inst.provider,
    account: inst.account,
    instanceId: inst.id,
    region: inst.region,
    name: inst.name,
    engine: inst.engine,
    engineVersion: inst.engineVersion,
    createdAt: new Date(inst.createdAt),
    raw: providerDef(inst.provider).truth.instanceRecord(inst),
  };
}

/** The fields every backup takes straight from its seed (times, size, kinds), with the served record. */
export function seedTruth(b: BackupSeed, raw: Record<string, unknown>, scope: BackupTruthFields['scope']): BackupTruthFields {
  const out: BackupTruthFields = {
    id: b.id, status: b.status, mode: b.mode, type: b.type, method: b.method, scope,
    startTime: new Date(b.start), sizeBytes: b.sizeBytes, raw,
  };
  if (b.end !== undefined) out.endTime = new Date(b.end);
  return out;
}

const ENGINES: Record<string, EmulatedEngine> = {
  mysql: 'mysql', postgresql: 'postgresql', sqlserver: 'sqlserver', mariadb: 'mariadb', redis: 'redis', tair: 'tair', memcache: 'memcache',
};

/** A provider's engine spelling in the contracts' lower-case vocabulary ('other' when unknown). */
export function engineOf(name: string): EmulatedEngine {
  return ENGINES[name.toLowerCase()] ?? 'other';
}

/** Sets the optional fields that have a value (so absent stays absent, as a client leaves it). */
export function withDefined<T extends object>(target: T, fields: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') (target as Record<string, unknown>)[k] = v;
  return target;
}
