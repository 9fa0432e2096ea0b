import { z } from 'zod';
import { dayCount, onOff, weekdayNames } from '../../audit/policy-values.js';
import type { CallContext } from '../../listing/provider.js';
import type { BackupPolicy, InstanceInfo } from '../../model.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { numberLike } from '../aliyun-common/schema-helpers.js';
import { parseEnvelope } from '../shared/records.js';
import { RDS_API_VERSION } from './request.js';

const OPERATION = 'DescribeBackupPolicy';
const text = z.string().nullish();
/** A switch the API sends as a string in JSON ("1"), a number elsewhere, and a string in XML. */
const switchLike = z.union([z.string(), z.number(), z.boolean()]).nullish();

/**
 * RDS `DescribeBackupPolicy` (2014-08-15), as `@alicloud/rds20140815` 15.4 models it. Lenient: the SDK mixes numbers
 * and strings (`BackupRetentionPeriod` a number, `EnableBackupLog` the string "1"), XML makes everything a string,
 * and unknown fields pass through into `raw`. `BackupRetentionPeriod` is required: every answer has it, and a 200
 * without it (`{}`, a gateway page) is not a policy.
 */
const rdsBackupPolicyFields = z.object({
  RequestId: text,
  /** Days data backups are kept (7..730). */
  BackupRetentionPeriod: numberLike,
  /** UTC window, `HH:mmZ-HH:mmZ`. */
  PreferredBackupTime: text,
  /** Comma list of `Monday`..`Sunday`. */
  PreferredBackupPeriod: text,
  PreferredNextBackupTime: text,
  /** `Enable` | `Disabled`. */
  BackupLog: text,
  /** "1" | "0". */
  EnableBackupLog: switchLike,
  LogBackupRetentionPeriod: numberLike.nullish(),
  LocalLogRetentionHours: numberLike.nullish(),
  LocalLogRetentionSpace: numberLike.nullish(),
  LogBackupLocalRetentionNumber: numberLike.nullish(),
  HighSpaceUsageProtection: text,
  LogBackupFrequency: text,
  BackupInterval: numberLike.nullish(),
  /** `Flash` | `Standard`. */
  Category: text,
  CompressType: numberLike.nullish(),
  /** `Physical` | `Snapshot`. */
  BackupMethod: text,
  /** `None` | `Lastest` (sic) | `All`. */
  ReleasedKeepPolicy: text,
  ArchiveBackupRetentionPeriod: numberLike.nullish(),
  ArchiveBackupKeepCount: numberLike.nullish(),
  ArchiveBackupKeepPolicy: text,
  EnableIncrementDataBackup: switchLike,
  EnablePitrProtection: switchLike,
  PitrRetentionPeriod: numberLike.nullish(),
});

export const aliyunRdsBackupPolicySchema = rdsBackupPolicyFields.loose();
export type AliyunRdsBackupPolicyRecord = z.infer<typeof rdsBackupPolicyFields>;

declare module '../../model.js' {
  interface RawBackupPolicyMap {
    'aliyun-rds': AliyunRdsBackupPolicyRecord;
  }
}

/** Reads one instance's backup policy, signed and sent like the listing calls. */
export async function fetchRdsBackupPolicy(call: CallContext<'aliyun-rds'>, aliyun: ResolvedAliyunOptions, instance: InstanceInfo): Promise<BackupPolicy<'aliyun-rds'>> {
  const response = await callAliyunRpc(call, {
    action: OPERATION,
    version: RDS_API_VERSION,
    // No BackupPolicyMode: the default answer carries both the data and the log backup settings.
    params: { DBInstanceId: instance.instanceId },
    signatureVersion: aliyun.signatureVersion,
    format: aliyun.format,
    instanceId: instance.instanceId,
  });
  return mapRdsBackupPolicy(parseEnvelope('aliyun-rds', OPERATION, aliyunRdsBackupPolicySchema, response), instance);
}

/** Maps a validated answer. Pure. */
export function mapRdsBackupPolicy(record: AliyunRdsBackupPolicyRecord, instance: Pick<InstanceInfo, 'account' | 'region' | 'instanceId'>): BackupPolicy<'aliyun-rds'> {
  const retentionDays = dayCount(record.BackupRetentionPeriod);
  const preferredDays = weekdayNames(record.PreferredBackupPeriod);
  const policy: BackupPolicy<'aliyun-rds'> = {
    provider: 'aliyun-rds',
    account: instance.account,
    region: instance.region,
    instanceId: instance.instanceId,
    // RDS cannot switch automated backups off; a policy that keeps nothing or names no day takes none, though.
    automated: retentionDays !== 0 && (preferredDays === undefined || preferredDays.length > 0),
    raw: record,
  };
  if (retentionDays !== undefined) policy.retentionDays = retentionDays;
  if (record.PreferredBackupTime) policy.preferredWindow = record.PreferredBackupTime;
  if (preferredDays !== undefined) policy.preferredDays = preferredDays;
  // EnableBackupLog is the newer, exact switch; BackupLog (Enable/Disabled) the older one.
  const logBackup = onOff(record.EnableBackupLog) ?? onOff(record.BackupLog);
  if (logBackup !== undefined) policy.logBackup = logBackup;
  // With log backups off the API still states a period; no log backup is kept for it, so none is reported.
  const logRetentionDays = dayCount(record.LogBackupRetentionPeriod);
  if (logRetentionDays !== undefined && logBackup !== false) policy.logRetentionDays = logRetentionDays;
  return policy;
}
