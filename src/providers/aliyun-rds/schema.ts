import { z } from 'zod';
import { idLike, numberLike, oneOrMany, wrappedList, wrappedListShortcut } from '../aliyun-common/schema-helpers.js';

/**
 * Deliberately lenient: the Go SDK decodes every field fuzzily and the API documents disagree on types
 * (`BackupId`, `HostInstanceID` and the counts are strings in one and numbers in the other; XML makes
 * everything a string). Values are kept as received, so `raw` shows exactly what the API sent; the mapper
 * converts. Unknown fields pass through.
 */
const optionalText = z.string().nullish();

export const aliyunRdsDownloadLinkSchema = z
  .object({
    DataBase: optionalText,
    DownloadLink: optionalText,
    IntranetDownloadLink: optionalText,
  })
  .loose();

const aliyunRdsBackupRecordFields = z.object({
  BackupId: z.union([z.string().regex(/\S/, 'must not be blank'), z.number()]),
  DBInstanceId: idLike.nullish(),
  BackupStatus: optionalText,
  /** UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
  BackupStartTime: z.string(),
  BackupEndTime: optionalText,
  BackupType: optionalText,
  BackupMode: optionalText,
  BackupMethod: optionalText,
  /** Bytes. */
  BackupSize: numberLike.nullish(),
  BackupInitiator: optionalText,
  /** Empty when not downloadable. */
  BackupDownloadURL: optionalText,
  BackupIntranetDownloadURL: optionalText,
  BackupDownloadLinkByDB: z
    .union([z.object({ BackupDownloadLinkByDB: oneOrMany(aliyunRdsDownloadLinkSchema).nullish() }).loose(), z.literal('')])
    .nullish(),
  /** Comma-separated database names (older API versions). */
  BackupDBNames: optionalText,
  /** `DBInstance` or `Database` (older API versions): whether the set holds the whole instance or some databases. */
  BackupScale: optionalText,
  BackupLocation: optionalText,
  Checksum: optionalText,
  /** Unix seconds; 0 unless MySQL 5.6. */
  ConsistentTime: numberLike.nullish(),
  CopyOnlyBackup: idLike.nullish(),
  Encryption: optionalText,
  Engine: optionalText,
  EngineVersion: idLike.nullish(),
  /** When the set expires (UTC); SQL Server single-database backups with their own retention only. */
  ExpectExpireTime: optionalText,
  HostInstanceID: idLike.nullish(),
  /** 1 available, 0 unavailable. */
  IsAvail: numberLike.nullish(),
  MetaStatus: optionalText,
  /** '0' regular storage, '1' archive storage (must be unarchived before a restore). */
  StorageClass: idLike.nullish(),
  StoreStatus: optionalText,
});

/** Unknown fields are kept at runtime (they stay visible in `raw`)... */
export const aliyunRdsBackupRecordSchema = aliyunRdsBackupRecordFields.loose();

/**
 * One record of RDS `DescribeBackups` (`Items.Backup[]`), as `raw` of an `aliyun-rds` backup. Unknown fields are kept
 * at runtime, but the type lists only the known ones, so a misspelt or foreign field on `raw` is a compile error.
 */
export type AliyunRdsBackupRecord = z.infer<typeof aliyunRdsBackupRecordFields>;

/** The `DescribeBackups` envelope; records are validated one by one afterwards. */
export const describeBackupsResponseSchema = z
  .object({
    RequestId: z.string().optional(),
    PageNumber: numberLike.nullish(),
    PageRecordCount: numberLike.nullish(),
    /** A string in the current API, a number in older documents. */
    TotalRecordCount: numberLike.nullish(),
    Items: wrappedList('Backup'),
  })
  .loose();

/** `describeBackupsResponseSchema` without zod for the usual JSON answer (see `EnvelopeShortcut`). */
export const describeBackupsShortcut = wrappedListShortcut<z.output<typeof describeBackupsResponseSchema>>(describeBackupsResponseSchema, 'Items', 'Backup');

export const aliyunRdsInstanceRecordSchema = z
  .object({
    DBInstanceId: z.union([z.string().regex(/\S/, 'must not be blank'), z.number()]),
    DBInstanceDescription: optionalText,
    DBInstanceStatus: optionalText,
    DBInstanceType: optionalText,
    Engine: optionalText,
    EngineVersion: idLike.nullish(),
    RegionId: optionalText,
    /** UTC, `yyyy-MM-ddTHH:mm:ssZ`. */
    CreateTime: optionalText,
  })
  .loose();

export type AliyunRdsInstanceRecord = z.infer<typeof aliyunRdsInstanceRecordSchema>;

/** The `DescribeDBInstances` envelope. An instance without an id is unusable, so it fails the whole page. */
export const describeDBInstancesResponseSchema = z
  .object({
    RequestId: z.string().optional(),
    PageNumber: numberLike.nullish(),
    PageRecordCount: numberLike.nullish(),
    TotalRecordCount: numberLike.nullish(),
    Items: wrappedList('DBInstance', aliyunRdsInstanceRecordSchema),
  })
  .loose();

declare module '../../model.js' {
  interface RawBackupMap {
    'aliyun-rds': AliyunRdsBackupRecord;
  }
}
