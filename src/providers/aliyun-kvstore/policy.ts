import { z } from 'zod';
import { dayCount, onOff, weekdayNames } from '../../audit/policy-values.js';
import type { CallContext } from '../../listing/provider.js';
import type { BackupPolicy, InstanceInfo } from '../../model.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { numberLike } from '../aliyun-common/schema-helpers.js';
import { parseEnvelope } from '../shared/records.js';
import { KVSTORE_API_VERSION } from './request.js';

const OPERATION = 'DescribeBackupPolicy';
const text = z.string().nullish();

/**
 * KVStore `DescribeBackupPolicy` (R-kvstore 2015-01-01), as `@alicloud/r-kvstore20150101` 6.4 models it. Its types
 * are the reverse of RDS's sibling API (`BackupRetentionPeriod` a string, `EnableBackupLog` a number), so both forms
 * are accepted everywhere. `BackupRetentionPeriod` is required: a 200 without it is not a policy.
 */
const kvstoreBackupPolicyFields = z.object({
  RequestId: text,
  /** Days backups are kept (7..730), a string. */
  BackupRetentionPeriod: numberLike,
  /** UTC window, `HH:mmZ-HH:mmZ`. */
  PreferredBackupTime: text,
  /** Comma list of `Monday`..`Sunday`. */
  PreferredBackupPeriod: text,
  PreferredNextBackupTime: text,
  /** 1 | 0: incremental (AOF-based, "data flashback") backup, Tair only. */
  EnableBackupLog: z.union([z.number(), z.string(), z.boolean()]).nullish(),
  /** "1" | "0": the backup service (DBS) is on. */
  DbsInstance: numberLike.nullish(),
  BackupLogStartTime: text,
});

export const aliyunKvstoreBackupPolicySchema = kvstoreBackupPolicyFields.loose();
export type AliyunKvstoreBackupPolicyRecord = z.infer<typeof kvstoreBackupPolicyFields>;

declare module '../../model.js' {
  interface RawBackupPolicyMap {
    'aliyun-kvstore': AliyunKvstoreBackupPolicyRecord;
  }
}

/** Reads one instance's backup policy, signed and sent like the listing calls (the API takes no RegionId). */
export async function fetchKvstoreBackupPolicy(call: CallContext<'aliyun-kvstore'>, aliyun: ResolvedAliyunOptions, instance: InstanceInfo): Promise<BackupPolicy<'aliyun-kvstore'>> {
  const response = await callAliyunRpc(call, {
    action: OPERATION,
    version: KVSTORE_API_VERSION,
    params: { InstanceId: instance.instanceId },
    signatureVersion: aliyun.signatureVersion,
    format: aliyun.format,
    instanceId: instance.instanceId,
  });
  return mapKvstoreBackupPolicy(parseEnvelope('aliyun-kvstore', OPERATION, aliyunKvstoreBackupPolicySchema, response), instance);
}

/** Maps a validated answer. Pure. */
export function mapKvstoreBackupPolicy(
  record: AliyunKvstoreBackupPolicyRecord,
  instance: Pick<InstanceInfo, 'account' | 'region' | 'instanceId'>,
): BackupPolicy<'aliyun-kvstore'> {
  const retentionDays = dayCount(record.BackupRetentionPeriod);
  const preferredDays = weekdayNames(record.PreferredBackupPeriod);
  const policy: BackupPolicy<'aliyun-kvstore'> = {
    provider: 'aliyun-kvstore',
    account: instance.account,
    region: instance.region,
    instanceId: instance.instanceId,
    // KVStore has no off switch either; a policy that keeps nothing or names no day takes no automated backup.
    automated: retentionDays !== 0 && (preferredDays === undefined || preferredDays.length > 0),
    raw: record,
  };
  if (retentionDays !== undefined) policy.retentionDays = retentionDays;
  if (record.PreferredBackupTime) policy.preferredWindow = record.PreferredBackupTime;
  if (preferredDays !== undefined) policy.preferredDays = preferredDays;
  // The nearest thing KVStore has to a log backup: AOF-based incremental backups (data flashback).
  const logBackup = onOff(record.EnableBackupLog);
  if (logBackup !== undefined) policy.logBackup = logBackup;
  return policy;
}
