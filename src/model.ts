import { z } from 'zod';

/**
 * The normalized model. It names no provider: each provider folder adds its raw record type to `RawBackupMap`
 * (module augmentation), and `ProviderName` is whatever those additions say. Value lists are the single source
 * of truth for the closed unions: schemas, types and error messages all derive from them.
 */

/**
 * Provider name -> that provider's raw backup record type. Empty here; every provider augments it:
 *
 * ```ts
 * declare module '../../model.js' {
 *   interface RawBackupMap { 'aliyun-rds': AliyunRdsBackupRecord }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RawBackupMap {}

/** Provider name -> extra fields only that provider's backups have (CapitalOnline's `site`, say). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ProviderBackupFieldsMap {}

/** Provider name -> that provider's raw backup policy record type. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RawBackupPolicyMap {}

/** The providers' names: `'aliyun-rds' | 'aliyun-kvstore' | 'huawei-rds' | 'capitalonline-mysql'`. */
export type ProviderName = keyof RawBackupMap & string;
/** A provider's own backup record, as validated (the type of `Backup['raw']` for that provider). */
export type RawBackup<P extends ProviderName = ProviderName> = RawBackupMap[P];

/** Every `BackupStatus`, in order. */
export const BACKUP_STATUSES = ['success', 'failed', 'running', 'deleting', 'unknown'] as const;
/** Every `BackupMode`: who started the backup. */
export const BACKUP_MODES = ['automated', 'manual', 'unknown'] as const;
/** Every `BackupType`: what the backup holds. */
export const BACKUP_TYPES = ['full', 'incremental', 'differential', 'unknown'] as const;
/** Every `BackupMethod`: how the backup was taken. */
export const BACKUP_METHODS = ['physical', 'logical', 'snapshot', 'unknown'] as const;
/** Every `BackupScope`: a whole instance, or some of its databases. */
export const BACKUP_SCOPES = ['instance', 'database', 'unknown'] as const;
/** One lower-case engine vocabulary; a provider's own spelling stays in `raw`, an engine outside the list is `other`. */
export const ENGINES = ['mysql', 'postgresql', 'sqlserver', 'mariadb', 'redis', 'tair', 'memcache', 'other'] as const;

/** zod schema of `BackupStatus`. */
export const backupStatusSchema = z.enum(BACKUP_STATUSES);
/** zod schema of `BackupMode`. */
export const backupModeSchema = z.enum(BACKUP_MODES);
/** zod schema of `BackupType`. */
export const backupTypeSchema = z.enum(BACKUP_TYPES);
/** zod schema of `BackupMethod`. */
export const backupMethodSchema = z.enum(BACKUP_METHODS);
/** zod schema of `BackupScope`. */
export const backupScopeSchema = z.enum(BACKUP_SCOPES);
/** zod schema of `Engine`. */
export const engineSchema = z.enum(ENGINES);

/**
 * Where a backup stands: `success`, `failed`, `running`, `deleting`, or `unknown` (a value the mapping does not know;
 * the provider's own value stays in `raw`).
 */
export type BackupStatus = z.infer<typeof backupStatusSchema>;
/** Who started a backup: `automated` (a schedule), `manual`, or `unknown`. */
export type BackupMode = z.infer<typeof backupModeSchema>;
/** What a backup holds: `full`, `incremental`, `differential`, or `unknown`. */
export type BackupType = z.infer<typeof backupTypeSchema>;
/** How a backup was taken: `physical`, `logical`, `snapshot`, or `unknown` (Huawei never says). */
export type BackupMethod = z.infer<typeof backupMethodSchema>;
/** What a backup covers: the whole `instance`, chosen databases (`database`), or `unknown`. */
export type BackupScope = z.infer<typeof backupScopeSchema>;
/** A database engine in one lower-case vocabulary; `other` for an engine outside it. */
export type Engine = z.infer<typeof engineSchema>;

/** One part of a backup job: a shard's or node's own row (Aliyun KVStore clusters report one per shard). */
export interface BackupPart {
  /** The provider's id of this part (KVStore: the shard row's `BackupId`, as a string). */
  id: string;
  /** The shard or node the part belongs to (KVStore `NodeInstanceId`). */
  nodeId?: string;
  status: BackupStatus;
  sizeBytes?: number;
  startTime?: Date;
  endTime?: Date;
}

/** Fields every normalized backup has, whatever its provider. */
export interface BackupFields {
  /** The source's account label: its `account` option, else its profile name, else `default`. */
  account: string;
  /** The real region of the instance (CapitalOnline: the instance's `RegionId`, else the site). */
  region: string;
  instanceId: string;
  /** The provider's backup id, always a string (a KVStore job's `BackupJobID`; numeric ids are stringified). */
  id: string;
  status: BackupStatus;
  mode: BackupMode;
  type: BackupType;
  method: BackupMethod;
  /** A whole instance, or some of its databases. */
  scope: BackupScope;
  /** A real instant: provider times are parsed with their offset or the source's time zone, never the host's. */
  startTime: Date;
  endTime?: Date;
  /** Bytes. A job's size is the sum of its parts. */
  sizeBytes?: number;
  /**
   * Whether it can be restored now: false when the provider marks it unavailable or archived, or it has expired;
   * true when the provider says it is available; absent when the provider says nothing.
   */
  available?: boolean;
  /** When the provider deletes it. */
  expiresAt?: Date;
  engine?: Engine;
  engineVersion?: string;
  databases?: string[];
  /** The per-shard (or per-node) rows of one backup job, sorted by node id. */
  parts?: BackupPart[];
  downloadUrl?: string;
  intranetDownloadUrl?: string;
  /** When the download links stop working (read from the signed URL). */
  downloadUrlExpiresAt?: Date;
}

type ProviderFields<P extends ProviderName> = P extends keyof ProviderBackupFieldsMap ? ProviderBackupFieldsMap[P] : unknown;

/**
 * One normalized backup. A union discriminated on `provider`: narrowing on `b.provider` narrows `b.raw` to that
 * provider's record type (and adds that provider's own fields, such as CapitalOnline's `site`).
 *
 * @example
 * ```ts
 * for await (const b of client.backups({ status: 'failed' })) {
 *   console.log(b.provider, b.account, b.region, b.instanceId, b.id, b.startTime.toISOString(), b.sizeBytes);
 *   if (b.provider === 'huawei-rds') console.log(b.raw.datastore?.type); // typed as Huawei's record
 * }
 * ```
 */
export type Backup<P extends ProviderName = ProviderName> = P extends ProviderName
  ? BackupFields & ProviderFields<P> & { provider: P; raw: RawBackupMap[P] }
  : never;

const backupPartSchema = z.object({
  id: z.string().min(1),
  nodeId: z.string().optional(),
  status: backupStatusSchema,
  sizeBytes: z.number().nonnegative().optional(),
  startTime: z.date().optional(),
  endTime: z.date().optional(),
});

/** Runtime schema of the normalized fields (checks mapper output in tests; `raw` is checked by provider schemas). */
export const backupSchema = z.object({
  provider: z.string().min(1),
  account: z.string().min(1),
  region: z.string().min(1),
  instanceId: z.string().min(1),
  id: z.string().min(1),
  status: backupStatusSchema,
  mode: backupModeSchema,
  type: backupTypeSchema,
  method: backupMethodSchema,
  scope: backupScopeSchema,
  startTime: z.date(),
  endTime: z.date().optional(),
  sizeBytes: z.number().nonnegative().optional(),
  available: z.boolean().optional(),
  expiresAt: z.date().optional(),
  engine: engineSchema.optional(),
  engineVersion: z.string().optional(),
  databases: z.array(z.string()).optional(),
  parts: z.array(backupPartSchema).optional(),
  downloadUrl: z.string().optional(),
  intranetDownloadUrl: z.string().optional(),
  downloadUrlExpiresAt: z.date().optional(),
  raw: z.record(z.string(), z.unknown()),
});

// Compile-time proof that the schema and the hand-written interface agree.
type SchemaFields = Omit<z.infer<typeof backupSchema>, 'provider' | 'raw'>;
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesFields: Exact<SchemaFields, BackupFields> = true;
void schemaMatchesFields;

/** An instance a source can list backups for, as discovery reports it (or as given in `instances`). */
export interface InstanceInfo {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  name?: string;
  engine?: Engine;
  /** The provider's own engine name, when it differs from `engine` (`MySQL`, `Redis`...). */
  engineName?: string;
  engineVersion?: string;
  status?: string;
  /** When known, a required backup window starts here instead of 2010-01-01. */
  createdAt?: Date;
  /** Provider-specific facts the provider needs again when listing (KVStore: which backup API applies). */
  kind?: string;
  /** The region or site of the source that lists the instance, when it is not `region` (CapitalOnline's site). */
  location?: string;
}

/** What an instance's backup policy says, in one shape for every provider that can read it. */
export interface BackupPolicyFields {
  account: string;
  region: string;
  instanceId: string;
  /** Automated backups are on. */
  automated: boolean;
  /** Days data backups are kept. */
  retentionDays?: number;
  /** The backup window as the provider states it (`19:00Z-20:00Z`, `19:00-20:00`). */
  preferredWindow?: string;
  /** Days of the week with an automated backup: `Monday` .. `Sunday`. */
  preferredDays?: string[];
  logBackup?: boolean;
  logRetentionDays?: number;
}

/** An instance's backup policy, discriminated on `provider` like `Backup` (`raw` is the provider's policy record). */
export type BackupPolicy<P extends ProviderName = ProviderName> = P extends ProviderName
  ? BackupPolicyFields & { provider: P; raw: P extends keyof RawBackupPolicyMap ? RawBackupPolicyMap[P] : Record<string, unknown> }
  : never;
