import { z } from 'zod';
import type { AliyunRdsBackupRecord } from './providers/aliyun-rds/schema.js';
import type { AliyunKvstoreBackupRecord } from './providers/aliyun-kvstore/schema.js';
import type { HuaweiRdsBackupRecord } from './providers/huawei-rds/schema.js';
import type { CapitalOnlineBackupRecord } from './providers/capitalonline-mysql/schema.js';

/** The value lists are the single source of truth: schemas, types and error messages all derive from them. */
export const PROVIDER_NAMES = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'] as const;
export const BACKUP_STATUSES = ['success', 'failed', 'running', 'deleting', 'unknown'] as const;
export const BACKUP_MODES = ['automated', 'manual', 'unknown'] as const;
export const BACKUP_TYPES = ['full', 'incremental', 'differential', 'unknown'] as const;
export const BACKUP_METHODS = ['physical', 'logical', 'snapshot', 'unknown'] as const;

export const providerNameSchema = z.enum(PROVIDER_NAMES);
export const backupStatusSchema = z.enum(BACKUP_STATUSES);
export const backupModeSchema = z.enum(BACKUP_MODES);
export const backupTypeSchema = z.enum(BACKUP_TYPES);
export const backupMethodSchema = z.enum(BACKUP_METHODS);

export type ProviderName = z.infer<typeof providerNameSchema>;
export type BackupStatus = z.infer<typeof backupStatusSchema>;
export type BackupMode = z.infer<typeof backupModeSchema>;
export type BackupType = z.infer<typeof backupTypeSchema>;
export type BackupMethod = z.infer<typeof backupMethodSchema>;

/** The provider's own record, as validated by that provider's (lenient) schema. */
export interface RawBackupMap {
  'aliyun-rds': AliyunRdsBackupRecord;
  'aliyun-kvstore': AliyunKvstoreBackupRecord;
  'huawei-rds': HuaweiRdsBackupRecord;
  'capitalonline-mysql': CapitalOnlineBackupRecord;
}
export type RawBackup<P extends ProviderName = ProviderName> = RawBackupMap[P];

/** Fields every normalized backup has, whatever its provider. */
export interface BackupFields {
  /** The provider's backup id, always a string (KVStore's numeric ids are stringified). */
  id: string;
  instanceId: string;
  region?: string;
  status: BackupStatus;
  mode: BackupMode;
  type: BackupType;
  method: BackupMethod;
  /** A real instant: provider times are parsed with their offset or the source's time zone, never the host's. */
  startTime: Date;
  endTime?: Date;
  sizeBytes?: number;
  engine?: string;
  engineVersion?: string;
  databases?: string[];
  downloadUrl?: string;
  intranetDownloadUrl?: string;
}

/**
 * One normalized backup. A union discriminated on `provider`: narrowing on `b.provider`
 * narrows `b.raw` to that provider's record type.
 */
export type Backup<P extends ProviderName = ProviderName> = P extends ProviderName
  ? BackupFields & { provider: P; raw: RawBackupMap[P] }
  : never;

/** Runtime schema of the normalized fields (used to check mapper output; `raw` is checked by provider schemas). */
export const backupSchema = z.object({
  provider: providerNameSchema,
  id: z.string().min(1),
  instanceId: z.string().min(1),
  region: z.string().optional(),
  status: backupStatusSchema,
  mode: backupModeSchema,
  type: backupTypeSchema,
  method: backupMethodSchema,
  startTime: z.date(),
  endTime: z.date().optional(),
  sizeBytes: z.number().nonnegative().optional(),
  engine: z.string().optional(),
  engineVersion: z.string().optional(),
  databases: z.array(z.string()).optional(),
  downloadUrl: z.string().optional(),
  intranetDownloadUrl: z.string().optional(),
  raw: z.record(z.string(), z.unknown()),
});

// Compile-time proof that the schema and the hand-written interface agree.
type SchemaFields = Omit<z.infer<typeof backupSchema>, 'provider' | 'raw'>;
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesFields: Exact<SchemaFields, BackupFields> = true;
void schemaMatchesFields;

/** An instance a source can list backups for, as discovery reports it. */
export interface InstanceInfo {
  provider: ProviderName;
  instanceId: string;
  region?: string;
  name?: string;
  engine?: string;
  engineVersion?: string;
  status?: string;
  /** When known, the KVStore time window starts here instead of 2010-01-01. */
  createdAt?: Date;
}
