import { z } from 'zod';
import { WEEKDAYS, dayCount } from '../../audit/policy-values.js';
import type { CallContext } from '../../listing/provider.js';
import type { BackupPolicy, InstanceInfo } from '../../model.js';
import { parseEnvelope } from '../shared/records.js';
import type { ProjectIdResolver } from './project.js';
import { huaweiGet } from './request.js';

const OPERATION = 'ShowBackupPolicy';

/**
 * `GET /v3/{project_id}/instances/{instance_id}/backups/policy` answers `{ backup_policy: { keep_days, start_time?,
 * period? } }` (huaweicloud-sdk-python-v3 `BackupPolicy`: keep_days required). Numbers may come as strings; unknown
 * fields pass through into `raw`.
 */
const huaweiBackupPolicyFields = z.object({
  /** Days backups are kept; 0 means the automated backup policy is off. */
  keep_days: z.union([z.number(), z.string()]),
  /** UTC window `hh:mm-HH:MM`, e.g. `19:00-20:00`; absent when the policy is off. */
  start_time: z.string().nullish(),
  /** Comma-separated weekday digits, e.g. `1,2,4`. */
  period: z.union([z.string(), z.number()]).nullish(),
});

export const huaweiBackupPolicySchema = huaweiBackupPolicyFields.loose();
export type HuaweiRdsBackupPolicyRecord = z.infer<typeof huaweiBackupPolicyFields>;

const showBackupPolicyResponseSchema = z.object({ backup_policy: huaweiBackupPolicySchema }).loose();

declare module '../../model.js' {
  interface RawBackupPolicyMap {
    'huawei-rds': HuaweiRdsBackupPolicyRecord;
  }
}

/** Reads one instance's backup policy through the same signed GET as the listing. */
export async function fetchHuaweiBackupPolicy(call: CallContext<'huawei-rds'>, projectIds: ProjectIdResolver, instance: InstanceInfo): Promise<BackupPolicy<'huawei-rds'>> {
  const projectId = await projectIds(call);
  const response = await huaweiGet(call, {
    operation: OPERATION,
    baseUrl: call.baseUrl,
    // The signer encodes path segments itself: the id goes in as it is.
    pathTemplate: `/v3/{project_id}/instances/${instance.instanceId}/backups/policy`,
    projectId,
    instanceId: instance.instanceId,
    query: {},
  });
  const envelope = parseEnvelope('huawei-rds', OPERATION, showBackupPolicyResponseSchema, response);
  return mapHuaweiBackupPolicy(envelope.backup_policy, instance);
}

/** Maps a validated `backup_policy`. Pure. */
export function mapHuaweiBackupPolicy(record: HuaweiRdsBackupPolicyRecord, instance: Pick<InstanceInfo, 'account' | 'region' | 'instanceId'>): BackupPolicy<'huawei-rds'> {
  const retentionDays = dayCount(record.keep_days);
  const policy: BackupPolicy<'huawei-rds'> = {
    provider: 'huawei-rds',
    account: instance.account,
    region: instance.region,
    instanceId: instance.instanceId,
    // "keep_days 0: the automated backup policy is off" (ShowBackupPolicy and the SDK model).
    automated: retentionDays !== undefined && retentionDays > 0,
    raw: record,
  };
  if (retentionDays !== undefined) policy.retentionDays = retentionDays;
  if (record.start_time) policy.preferredWindow = record.start_time;
  const days = huaweiWeekdays(record.period);
  if (days !== undefined) policy.preferredDays = days;
  return policy;
}

/**
 * `1,2,4` -> Monday, Tuesday, Thursday. The RDS pages do not state the digit mapping; Huawei's DCS documents use
 * 1 = Monday .. 7 = Sunday (ISO), which is what this assumes. A digit outside 1..7 is kept as sent.
 */
export function huaweiWeekdays(period: string | number | null | undefined): string[] | undefined {
  if (period === undefined || period === null) return undefined;
  return String(period)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (/^[1-7]$/.test(part) ? WEEKDAYS[Number(part) - 1]! : part));
}
