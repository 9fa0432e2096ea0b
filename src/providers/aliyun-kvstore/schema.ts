import { z } from 'zod';
import { numberLike, wrappedList, wrappedListShortcut } from '../aliyun-common/schema-helpers.js';

/**
 * KVStore `DescribeBackups`, `DescribeClusterBackupList` and `DescribeInstances` (R-kvstore 2015-01-01), as they
 * really arrive: the SDK models say numbers where the API document's JSON example says strings, XML gives strings
 * for everything (an empty element becomes ''), and the cluster list sends sizes and shard ids as strings. So every
 * number is "a number or a string", enums are plain strings (new values must not fail validation), and unknown
 * fields pass through into `raw`.
 */
const text = z.string().nullish();

/** An id must be something: a number, or a string with a non-blank character. */
const requiredId = z.union([z.number(), z.string().regex(/\S/, 'must not be empty')]);

const aliyunKvstoreBackupRecordFields = z.object({
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
  /** `all`, or a comma-separated list of database numbers. */
  BackupDBNames: text,
  /** '' when the backup cannot be downloaded. */
  BackupDownloadURL: text,
  BackupIntranetDownloadURL: text,
  EngineVersion: text,
  ExpectExpireTime: text,
  /** The shard (cluster) or node the backup was taken on. */
  NodeInstanceId: text,
  RecoverConfigMode: text,
});

export const aliyunKvstoreBackupRecordSchema = aliyunKvstoreBackupRecordFields.loose();
/** One row of KVStore `DescribeBackups` (`Backups.Backup[]`), as `raw` of an `aliyun-kvstore` backup; a cluster job's: its first part's row. */
export type AliyunKvstoreBackupRecord = z.infer<typeof aliyunKvstoreBackupRecordFields>;

/** `Backups.Backup` is an array in JSON; XML gives one object for a single record and '' for none. */
export const describeBackupsEnvelopeSchema = z
  .object({
    RequestId: text,
    PageNumber: numberLike.nullish(),
    PageSize: numberLike.nullish(),
    TotalCount: numberLike.nullish(),
    Backups: wrappedList('Backup'),
  })
  .loose();

/** `describeBackupsEnvelopeSchema` without zod for the usual JSON answer (see `EnvelopeShortcut`). */
export const describeBackupsShortcut = wrappedListShortcut<z.output<typeof describeBackupsEnvelopeSchema>>(describeBackupsEnvelopeSchema, 'Backups', 'Backup');

export type DescribeBackupsEnvelope = z.output<typeof describeBackupsEnvelopeSchema>;

const clusterShardBackupSchema = z
  .object({
    BackupId: requiredId,
    BackupName: text,
    /** The shard, e.g. `r-bp1...-db-0`. */
    InstanceName: text,
    /** `OK` or `ERROR`. */
    BackupStatus: text,
    BackupStartTime: text,
    BackupEndTime: text,
    /** Bytes, as a string. */
    BackupSize: numberLike.nullish(),
    BackupDownloadURL: text,
    BackupIntranetDownloadURL: text,
    Engine: text,
    /** '0' or '1' here (a number at the cluster level). */
    IsAvail: numberLike.nullish(),
    RecoverConfigMode: text,
    ExtraInfo: z.object({ CustinsDbVersion: text }).loose().nullish(),
  })
  .loose();

const aliyunKvstoreClusterBackupFields = z.object({
  ClusterBackupId: z.string().regex(/\S/, 'must not be empty'),
  /** `OK`, `RUNNING` or `Failed`. */
  ClusterBackupStatus: text,
  ClusterBackupStartTime: z.string(),
  ClusterBackupEndTime: text,
  ClusterBackupMode: text,
  ClusterBackupSize: numberLike.nullish(),
  ExpectExpireTime: text,
  /** 1 valid; 0 when shard backups failed or have not completed. */
  IsAvail: numberLike.nullish(),
  Progress: text,
  ShardClassMemory: numberLike.nullish(),
  Backups: z.array(clusterShardBackupSchema).nullish(),
});

export const aliyunKvstoreClusterBackupSchema = aliyunKvstoreClusterBackupFields.loose();
/** One item of KVStore `DescribeClusterBackupList` (`ClusterBackups[]`): `raw` of a cloud-native cluster's backup. */
export type AliyunKvstoreClusterBackupRecord = z.infer<typeof aliyunKvstoreClusterBackupFields>;

/** `DescribeClusterBackupList`: a bare array of cluster backups, no total (the walk pages to an empty page). */
export const describeClusterBackupListEnvelopeSchema = z
  .object({
    // The list may be left out when empty; a RequestId is what every real answer carries, so `{}` (a proxy's or a
    // stub's body) is not read as "no backups".
    RequestId: z.string().regex(/\S/, 'must not be empty'),
    PageNumber: numberLike.nullish(),
    PageSize: numberLike.nullish(),
    ClusterBackups: z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : v), z.array(z.unknown())),
  })
  .loose();

export const aliyunKvstoreInstanceRecordSchema = z
  .object({
    InstanceId: requiredId,
    InstanceName: text,
    InstanceStatus: text,
    /** `Redis` (Community), `Tair` (Enhanced) or `Memcache`. */
    InstanceType: text,
    EngineVersion: text,
    /** `cluster`, `standard` or `rwsplit`. */
    ArchitectureType: text,
    /** `MASTER_SLAVE`/`STAND_ALONE` for cloud-native instances, `double`/`single` for classic ones. */
    NodeType: text,
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

declare module '../../model.js' {
  interface RawBackupMap {
    /** A `DescribeBackups` row (the first part's, for a cluster job) or a cloud-native cluster's `ClusterBackups` item. */
    'aliyun-kvstore': AliyunKvstoreBackupRecord | AliyunKvstoreClusterBackupRecord;
  }
}
