import { z } from 'zod';
import { numberLike, wrappedList } from '../aliyun-common/schema-helpers.js';

/**
 * KVStore `DescribeBackups` (R-kvstore 2015-01-01) and `DescribeInstances`, as they really arrive:
 * the SDK models say numbers, the API document's JSON example says strings, and XML gives strings for
 * everything (an empty element becomes ''). So every number is "a number or a string", enums are plain
 * strings (new values must not fail validation), and unknown fields pass through into `raw`.
 */
const text = z.string().nullish();

/** An id must be something: a number, or a string with a non-blank character. */
const requiredId = z.union([z.number(), z.string().regex(/\S/, 'must not be empty')]);

export const aliyunKvstoreBackupRecordSchema = z
  .object({
    /** A number in JSON (the SDK model), a string in XML and in the API document's JSON example. */
    BackupId: requiredId,
    /** Cluster instances: one record per shard, all sharing the job id. */
    BackupJobID: numberLike.nullish(),
    BackupStatus: text,
    BackupStartTime: z.string(),
    BackupEndTime: text,
    BackupType: text,
    BackupMode: text,
    BackupMethod: text,
    /** Bytes. */
    BackupSize: numberLike.nullish(),
    BackupDBNames: text,
    /** '' when the backup cannot be downloaded. */
    BackupDownloadURL: text,
    BackupIntranetDownloadURL: text,
    EngineVersion: text,
    ExpectExpireTime: text,
    /** The shard (cluster) or node the backup was taken on. */
    NodeInstanceId: text,
    RecoverConfigMode: text,
  })
  .loose();

export type AliyunKvstoreBackupRecord = z.infer<typeof aliyunKvstoreBackupRecordSchema>;

/**
 * `Backups.Backup` is an array in JSON; XML gives one object for a single record and '' for none.
 * The records themselves are validated one by one (see `mapRecords`), so one bad record never fails the page.
 */
export const describeBackupsEnvelopeSchema = z
  .object({
    RequestId: text,
    PageNumber: numberLike.nullish(),
    PageSize: numberLike.nullish(),
    TotalCount: numberLike.nullish(),
    Backups: wrappedList('Backup'),
  })
  .loose();

export type DescribeBackupsEnvelope = z.output<typeof describeBackupsEnvelopeSchema>;

export const aliyunKvstoreInstanceRecordSchema = z
  .object({
    InstanceId: requiredId,
    InstanceName: text,
    InstanceStatus: text,
    /** Redis, Tair or Memcache. */
    InstanceType: text,
    EngineVersion: text,
    ArchitectureType: text,
    RegionId: text,
    /** UTC, `yyyy-MM-ddTHH:mm:ssZ`: bounds the default backup window. */
    CreateTime: text,
  })
  .loose();

export type AliyunKvstoreInstanceRecord = z.infer<typeof aliyunKvstoreInstanceRecordSchema>;

export const describeInstancesEnvelopeSchema = z
  .object({
    RequestId: text,
    PageNumber: numberLike.nullish(),
    PageSize: numberLike.nullish(),
    TotalCount: numberLike.nullish(),
    /** `Instances.KVStoreInstance`, lenient in the same way as `Backups.Backup`. */
    Instances: wrappedList('KVStoreInstance'),
  })
  .loose();

export type DescribeInstancesEnvelope = z.output<typeof describeInstancesEnvelopeSchema>;
