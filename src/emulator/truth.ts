/** Ground truth: the generator's semantic values next to the raw record the API serves. */
import type { ProviderName } from '../model.js';
import { renderKvstoreBackup, renderKvstoreInstance, renderRdsBackup, renderRdsInstance } from './aliyun/render.js';
import { renderCapitalOnlineBackup, renderCapitalOnlineInstance } from './capitalonline/render.js';
import { renderHuaweiBackup, renderHuaweiInstance } from './huawei/render.js';
import type { BackupSeed, InstanceSeed } from './model.js';
import type { EmulatedBackup, EmulatedInstance } from './types.js';

interface Renderer {
  backup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown>;
  instance(inst: InstanceSeed): Record<string, unknown>;
  /** Engine and version as the backup record expresses them (CapitalOnline's records carry neither). */
  engine(inst: InstanceSeed): { engine?: string; engineVersion?: string };
}

export const RENDERERS: Record<ProviderName, Renderer> = {
  'aliyun-rds': { backup: renderRdsBackup, instance: renderRdsInstance, engine: (i) => ({ engine: i.engine, engineVersion: i.engineVersion }) },
  'aliyun-kvstore': { backup: renderKvstoreBackup, instance: renderKvstoreInstance, engine: (i) => ({ engine: 'Redis', engineVersion: i.engineVersion }) },
  'huawei-rds': { backup: renderHuaweiBackup, instance: renderHuaweiInstance, engine: (i) => ({ engine: i.engine, engineVersion: i.engineVersion }) },
  'capitalonline-mysql': { backup: renderCapitalOnlineBackup, instance: renderCapitalOnlineInstance, engine: () => ({ engine: 'MySQL' }) },
};

export function emulatedBackup(inst: InstanceSeed, b: BackupSeed): EmulatedBackup {
  const r = RENDERERS[inst.provider];
  const out: EmulatedBackup = {
    provider: inst.provider,
    instanceId: inst.id,
    id: b.id,
    status: b.status,
    mode: b.mode,
    type: b.type,
    method: b.method,
    startTime: new Date(b.start),
    sizeBytes: b.sizeBytes,
    raw: r.backup(inst, b),
  };
  if (b.end !== undefined) out.endTime = new Date(b.end);
  const { engine, engineVersion } = r.engine(inst);
  if (engine !== undefined) out.engine = engine;
  if (engineVersion !== undefined) out.engineVersion = engineVersion;
  return out;
}

export function emulatedInstance(inst: InstanceSeed): EmulatedInstance {
  return {
    provider: inst.provider,
    instanceId: inst.id,
    region: inst.region,
    name: inst.name,
    engine: inst.engine,
    engineVersion: inst.engineVersion,
    createdAt: new Date(inst.createdAt),
    raw: RENDERERS[inst.provider].instance(inst),
  };
}
