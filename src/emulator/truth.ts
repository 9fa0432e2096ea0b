/** Ground truth: the generator's semantic values next to the raw record the API serves. */
import type { BackupSeed, InstanceSeed } from './model.js';
import { providerDef } from './registry.js';
import type { EmulatedBackup, EmulatedInstance } from './types.js';

export function emulatedBackup(inst: InstanceSeed, b: BackupSeed): EmulatedBackup {
  const truth = providerDef(inst.provider).truth;
  const raw = truth.backupRecord(inst, b);
  const out: EmulatedBackup = {
    provider: inst.provider,
    account: inst.account,
    region: inst.region,
    instanceId: inst.id,
    id: b.id,
    status: b.status,
    mode: b.mode,
    type: b.type,
    method: b.method,
    startTime: new Date(b.start),
    sizeBytes: b.sizeBytes,
    raw,
  };
  if (b.end !== undefined) out.endTime = new Date(b.end);
  const { engine, engineVersion } = truth.engine(inst);
  if (engine !== undefined) out.engine = engine;
  if (engineVersion !== undefined) out.engineVersion = engineVersion;
  if (truth.extra) Object.assign(out, truth.extra(inst, b, raw));
  return out;
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
