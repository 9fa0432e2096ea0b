import type { Backup, BackupMethod, BackupMode, BackupStatus, BackupType } from '../../model.js';
import type { FetchedPage } from '../../paginate.js';
import { mapRecords, nonEmpty, toNumber } from '../shared.js';
import { huaweiRdsBackupRecordSchema, type HuaweiRdsBackupRecord, type ListBackupsEnvelope } from './schema.js';
import { parseHuaweiTime } from './time.js';

/** What the mapper needs besides the record. */
export interface HuaweiMapContext {
  /** The instance the listing asked for: used when a record does not name its own. */
  instanceId: string;
  region?: string;
}

/** The four documented `type` values. */
export type HuaweiBackupTypeValue = 'auto' | 'manual' | 'fragment' | 'incremental';

export interface BackupKind {
  mode: BackupMode;
  type: BackupType;
}

/**
 * Huawei's `type` mixes who started a backup with what it holds. The API document says: auto = automated full,
 * manual = manual full, fragment = differential full, incremental = automated incremental. For `fragment`
 * it names no trigger (unlike the other three), so its mode is 'unknown' rather than a guess.
 * Used both by the mapper and by the `backup_type` pushdown, so the two can never disagree.
 */
export const HUAWEI_BACKUP_KINDS: Readonly<Record<HuaweiBackupTypeValue, BackupKind>> = {
  auto: { mode: 'automated', type: 'full' },
  manual: { mode: 'manual', type: 'full' },
  fragment: { mode: 'unknown', type: 'differential' },
  incremental: { mode: 'automated', type: 'incremental' },
};

/** What an undocumented `type` value maps to. */
export const UNKNOWN_BACKUP_KIND: BackupKind = { mode: 'unknown', type: 'unknown' };

/**
 * One page of `ListBackups`: each record validated and mapped on its own (failures reported, never dropped);
 * `received` counts every record served, so a page with a bad record is not mistaken for a short last page.
 */
export function mapBackupsPage(envelope: ListBackupsEnvelope, context: HuaweiMapContext & { url?: string }): FetchedPage<Backup<'huawei-rds'>> {
  const records = envelope.backups;
  const { items, failures } = mapRecords({
    provider: 'huawei-rds',
    instanceId: context.instanceId,
    ...(context.region !== undefined ? { region: context.region } : {}),
    records,
    schema: huaweiRdsBackupRecordSchema,
    map: (record) => mapHuaweiBackup(record, context),
    rawId: rawBackupId,
    ...(context.url !== undefined ? { url: context.url } : {}),
  });
  const total = toNumber(envelope.total_count);
  return { items, received: records.length, ...(total !== undefined ? { total } : {}), failures };
}

function rawBackupId(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  // Any key that trims to "id" (see the schema's withTrimmedKeys): this runs on records the schema rejected.
  const id = Object.entries(record).find(([key]) => key.trim() === 'id')?.[1];
  return typeof id === 'number' || typeof id === 'string' ? nonEmpty(id)?.trim() : undefined;
}

/** Maps one validated record. Pure; throws only when the record has no usable id or start time. */
export function mapHuaweiBackup(record: HuaweiRdsBackupRecord, context: HuaweiMapContext): Backup<'huawei-rds'> {
  const id = String(record.id).trim();
  if (id === '') throw new Error('the backup id is blank');
  const startTime = parseHuaweiTime(record.begin_time);
  if (!startTime) throw new Error(`begin_time ${JSON.stringify(record.begin_time)} is not a time with an offset (yyyy-mm-ddThh:mm:ss+hhmm)`);
  // An unreadable end time must not hide the backup: it is left out here and stays visible in `raw`.
  const endTime = parseHuaweiTime(record.end_time);
  const kind = backupKind(record.type);
  const instanceId = nonEmpty(record.instance_id)?.trim() || context.instanceId;
  const sizeBytes = kilobytesToBytes(record.size);
  const engine = normalizeEngine(record.datastore?.type);
  const engineVersion = nonEmpty(record.datastore?.version)?.trim();
  const databases = databaseNames(record.databases);
  // Built by assignment, not conditional spreads: each `...(x ? { x } : {})` allocates and copies an object.
  const backup: Backup<'huawei-rds'> = {
    provider: 'huawei-rds',
    id,
    instanceId,
    status: mapStatus(record.status),
    mode: kind.mode,
    type: kind.type,
    method: mapMethod(record.type),
    startTime,
    raw: record,
  };
  if (context.region !== undefined) backup.region = context.region;
  if (endTime) backup.endTime = endTime;
  if (sizeBytes !== undefined) backup.sizeBytes = sizeBytes;
  if (engine !== undefined) backup.engine = engine;
  if (engineVersion) backup.engineVersion = engineVersion;
  if (databases) backup.databases = databases;
  return backup;
}

export function mapStatus(value: string | null | undefined): BackupStatus {
  switch (value?.trim().toUpperCase()) {
    case 'COMPLETED':
      return 'success';
    case 'BUILDING':
      return 'running';
    case 'FAILED':
      return 'failed';
    case 'DELETING':
      return 'deleting';
    default:
      return 'unknown';
  }
}

export function backupKind(value: string | null | undefined): BackupKind {
  const key = value?.trim().toLowerCase();
  switch (key) {
    case 'auto':
    case 'manual':
    case 'fragment':
    case 'incremental':
      return HUAWEI_BACKUP_KINDS[key];
    default:
      return UNKNOWN_BACKUP_KIND;
  }
}

/**
 * Nothing in ListBackups says how a backup was taken (physical copy, binlog/WAL archive, native dump), and we
 * do not guess: the method is 'unknown' for every Huawei backup. Filter Huawei backups on `type` instead.
 */
export function mapMethod(_value: string | null | undefined): BackupMethod {
  return 'unknown';
}

/** `datastore.type`, case-insensitive per the API: `MySQL` -> `mysql`, `SQLServer` -> `sqlserver`. */
export function normalizeEngine(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const key = trimmed.toLowerCase().replace(/[^a-z0-9]/g, '');
  switch (key) {
    case 'mysql':
      return 'mysql';
    case 'postgresql':
    case 'postgres':
      return 'postgresql';
    case 'sqlserver':
    case 'microsoftsqlserver':
      return 'sqlserver';
    case 'mariadb':
      return 'mariadb';
    default:
      return trimmed.toLowerCase();
  }
}

/** Huawei reports sizes in KB (1024 bytes). A negative or unreadable size is left out (it stays in `raw`). */
function kilobytesToBytes(value: unknown): number | undefined {
  const kb = toNumber(value);
  if (kb === undefined || kb < 0) return undefined;
  return Math.round(kb * 1024);
}

function databaseNames(value: HuaweiRdsBackupRecord['databases']): string[] | undefined {
  if (!value) return undefined;
  const names = value.map((d) => nonEmpty(d.name)?.trim()).filter((n): n is string => n !== undefined && n !== '');
  return names.length > 0 ? names : undefined;
}
