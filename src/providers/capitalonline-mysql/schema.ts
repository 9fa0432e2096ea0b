import { z } from 'zod';
import type { EnvelopeShortcut } from '../shared/records.js';

/**
 * Lenient schemas for the MySQL API (`/mysql`, Version 2019-08-08). They validate shape only and never
 * transform, so `raw` holds the record exactly as served: the mapper does every conversion.
 * Unknown fields are kept (`.loose()`); documented string fields are sometimes numbers, and the reverse.
 */
const idLike = z.union([z.string().min(1), z.number()]);
const numberLike = z.union([z.number(), z.string()]);
const text = z.string().nullish();

/** One item of `DescribeBackups` `Data[]`. Only the id and the start time are required: without them there is no backup to report. */
export const capitalOnlineBackupRecordSchema = z
  .object({
    BackupId: idLike,
    /** `finished` is the only documented value; anything else is kept here and mapped to 'unknown'. */
    Status: text,
    /** `auto` | `manual`. */
    BackupMode: text,
    /** `physical-backup` | `logical-backup`: a method, always of a full backup. */
    BackupType: text,
    /** `instance` | `db` (whole instance or chosen databases); added 2022-03. */
    BackupStrategy: text,
    /** Bytes; the table says string, the examples send a number. */
    BackupSize: numberLike.nullish(),
    /** Zone-less `YYYY-MM-DD HH:MM:SS` in the platform's zone. */
    StartTime: z.string(),
    EndTime: text,
    /** Added 2023-12; may be `""`. */
    BackupFinishTime: text,
    Desc: text,
    /** The instance UUID. */
    InstanceId: idLike.nullish(),
    /** Sent by `DownloadBackup`, not `DescribeBackups`; mapped when present. */
    BackupDownloadUrl: text,
    BackupIntranetDownloadUrl: text,
  })
  .loose();
/** One record of CapitalOnline MySQL `DescribeBackups` (`Data[]`), as `raw` of a `capitalonline-mysql` backup. */
export type CapitalOnlineBackupRecord = z.infer<typeof capitalOnlineBackupRecordSchema>;

/** The envelope every MySQL action answers with. Error bodies are classified before this is read. */
const envelope = {
  Code: z.union([z.string(), z.number()]),
  Message: z.string().nullish(),
  TaskId: z.union([z.string(), z.number()]).nullish(),
};

/**
 * `DescribeBackups`: `Data` is an array in every example; the table calls it a dict, and other MySQL actions answer
 * `{}` when they have nothing: an empty dict is an empty list, a dict that is one record is that record. A success
 * without `Data` is not this API's answer (a gateway stub, a proxy page) and is refused: never an empty listing.
 */
export const describeBackupsResponseSchema = z
  .object({
    ...envelope,
    Data: z.union(
      [
        z.array(z.unknown()),
        z
          .record(z.string(), z.unknown())
          .refine((d) => Object.keys(d).length === 0 || 'BackupId' in d, { message: 'a dict that is neither empty nor a backup record' })
          .transform((d) => (Object.keys(d).length === 0 ? [] : [d])),
      ],
      { error: 'Data must be the list of backups' },
    ),
  })
  .loose();
export type DescribeBackupsResponse = z.infer<typeof describeBackupsResponseSchema>;

/** `describeBackupsResponseSchema` without zod for the usual answer, `Data` an array (see `EnvelopeShortcut`). */
export const describeBackupsShortcut: EnvelopeShortcut<DescribeBackupsResponse> = {
  shape: z.object({ ...envelope, Data: z.array(z.unknown()) }).loose(),
  read: (body) => ({ ...body }) as DescribeBackupsResponse,
};

/** One item of `DescribeDBInstances` `Data[]`. */
export const capitalOnlineInstanceRecordSchema = z
  .object({
    InstanceUuid: z.string().min(1),
    InstanceName: text,
    /** e.g. `CN_Hongkong_A`. */
    RegionId: text,
    /** `RUNNING`, `CREATING`, ... (not enumerated by the docs). */
    Status: text,
    StatusStr: text,
    /** `"5.7.24"` per the table; some instances send a number. */
    Version: z.union([z.string(), z.number()]).nullish(),
    SubProductName: text,
    /** Zone-less, like the backup times. */
    CreatedTime: text,
  })
  .loose();
export type CapitalOnlineInstanceRecord = z.infer<typeof capitalOnlineInstanceRecordSchema>;

/** `DescribeDBInstances`: no paging, every instance in `Data[]`. An instance without a UUID cannot be listed, so it fails validation. */
export const describeDbInstancesResponseSchema = z
  .object({
    ...envelope,
    Data: z.union([z.array(capitalOnlineInstanceRecordSchema), z.object({}).strict().transform(() => [])], { error: 'Data must be the list of instances' }),
  })
  .loose();

declare module '../../model.js' {
  interface RawBackupMap {
    'capitalonline-mysql': CapitalOnlineBackupRecord;
  }
  interface ProviderBackupFieldsMap {
    'capitalonline-mysql': {
      /** The API site the backup was listed from (`region` is the instance's own region). */
      site: 'cn' | 'asia' | 'us';
    };
  }
}
