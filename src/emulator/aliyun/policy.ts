/**
 * `DescribeBackupPolicy` of RDS and KVStore, typed as each SDK model types it (rds20140815 15.4,
 * r-kvstore20150101 6.4): RDS's retention is a number and EnableBackupLog a string, KVStore's the reverse.
 */
import type { InstanceData } from '../dataset.js';
import type { PolicySeed } from '../policies.js';
import { WEEKDAYS, hh, nextWindowStart, policySeed } from '../policies.js';
import { aliyunTime } from '../times.js';
import type { EmulatedPolicy } from '../types.js';

type PolicyTruth = Omit<EmulatedPolicy, 'provider' | 'account' | 'region' | 'instanceId'>;

const window = (p: PolicySeed): string => `${hh(p.windowHour)}:00Z-${hh(p.windowHour + 1)}:00Z`;
/** `yyyy-MM-ddTHH:mmZ` */
const minuteTime = (ms: number): string => `${aliyunTime(ms).slice(0, 16)}Z`;

export const rdsPolicy = (inst: InstanceData): PolicySeed => policySeed(inst, { canDisable: false, logBackups: true });
export const kvstorePolicy = (inst: InstanceData): PolicySeed => policySeed(inst, { canDisable: false, logBackups: false });

export function rdsPolicyBody(inst: InstanceData, now: number): Record<string, unknown> {
  const p = rdsPolicy(inst);
  return {
    BackupRetentionPeriod: p.retentionDays,
    PreferredBackupTime: window(p),
    PreferredBackupPeriod: WEEKDAYS.join(','),
    PreferredNextBackupTime: minuteTime(nextWindowStart(p.windowHour, now)),
    BackupLog: p.logBackup ? 'Enable' : 'Disabled',
    EnableBackupLog: p.logBackup ? '1' : '0',
    LogBackupRetentionPeriod: p.logRetentionDays,
    LocalLogRetentionHours: 18,
    LocalLogRetentionSpace: '30',
    LogBackupLocalRetentionNumber: 60,
    HighSpaceUsageProtection: 'Enable',
    LogBackupFrequency: 'LogInterval',
    BackupInterval: '-1',
    Category: 'Standard',
    CompressType: '1',
    BackupMethod: inst.seed.fullMethod === 'snapshot' ? 'Snapshot' : 'Physical',
    ReleasedKeepPolicy: 'None',
    ArchiveBackupRetentionPeriod: '0',
    ArchiveBackupKeepCount: '0',
    ArchiveBackupKeepPolicy: 'ByMonth',
    EnableIncrementDataBackup: inst.seed.schedule.incrementalPerDay > 0,
    EnablePitrProtection: false,
    PitrRetentionPeriod: 0,
    SupportModifyBackupPriority: false,
    SupportReleasedKeep: 0,
    SupportVolumeShadowCopy: 0,
    SupportsHighFrequencyBackup: 0,
  };
}

export function kvstorePolicyBody(inst: InstanceData, now: number): Record<string, unknown> {
  const p = kvstorePolicy(inst);
  return {
    BackupRetentionPeriod: String(p.retentionDays),
    PreferredBackupTime: window(p),
    PreferredBackupPeriod: WEEKDAYS.join(','),
    PreferredNextBackupTime: minuteTime(nextWindowStart(p.windowHour, now)),
    EnableBackupLog: 0,
    DbsInstance: '0',
    BackupLogStartTime: '',
  };
}

/** What a correct client reads: RDS keeps automated backups always; log retention when log backup is on. */
export function rdsPolicyTruth(inst: InstanceData, now: number): PolicyTruth {
  const p = rdsPolicy(inst);
  const out: PolicyTruth = {
    automated: true, retentionDays: p.retentionDays, preferredWindow: window(p), preferredDays: [...WEEKDAYS],
    logBackup: p.logBackup, raw: rdsPolicyBody(inst, now),
  };
  if (p.logBackup) out.logRetentionDays = p.logRetentionDays;
  return out;
}

export function kvstorePolicyTruth(inst: InstanceData, now: number): PolicyTruth {
  const p = kvstorePolicy(inst);
  return {
    automated: true, retentionDays: p.retentionDays, preferredWindow: window(p), preferredDays: [...WEEKDAYS],
    logBackup: false, raw: kvstorePolicyBody(inst, now),
  };
}
