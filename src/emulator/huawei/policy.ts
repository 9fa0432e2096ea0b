/**
 * Huawei `ShowBackupPolicy` (`GET /v3/{project_id}/instances/{instance_id}/backups/policy`):
 * `{"backup_policy": {keep_days, start_time, period}}`, only `{keep_days: 0}` when automated backups are off.
 */
import type { InstanceData } from '../dataset.js';
import type { PolicySeed } from '../policies.js';
import { WEEKDAYS, hh, policySeed } from '../policies.js';
import type { EmulatedPolicy } from '../types.js';

const huaweiPolicy = (inst: InstanceData): PolicySeed => policySeed(inst, { canDisable: true, logBackups: false });

/** Weekday digits 1..7; the RDS pages do not say which is Monday: Huawei's DCS documents 1 = Monday. */
const PERIOD = '1,2,3,4,5,6,7';

export function backupPolicyBody(inst: InstanceData): Record<string, unknown> {
  const p = huaweiPolicy(inst);
  if (!p.automated) return { backup_policy: { keep_days: 0 } };
  return { backup_policy: { keep_days: p.retentionDays, start_time: `${hh(p.windowHour)}:00-${hh(p.windowHour + 1)}:00`, period: PERIOD } };
}

export function huaweiPolicyTruth(inst: InstanceData): Omit<EmulatedPolicy, 'provider' | 'account' | 'region' | 'instanceId'> {
  const p = huaweiPolicy(inst);
  const raw = (backupPolicyBody(inst)['backup_policy'] ?? {}) as Record<string, unknown>;
  if (!p.automated) return { automated: false, retentionDays: 0, raw };
  return { automated: true, retentionDays: p.retentionDays, preferredWindow: raw['start_time'] as string, preferredDays: [...WEEKDAYS], raw };
}
