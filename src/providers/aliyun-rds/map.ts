import type { Backup } from '../../model.js';
import { mapAliyunMethod, mapAliyunMode, mapAliyunStatus, mapAliyunType } from '../aliyun-common/enums.js';
import { asArray } from '../aliyun-common/schema-helpers.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { nonEmpty, toNumber } from '../shared.js';
import type { AliyunRdsBackupRecord } from './schema.js';

/** What the record does not say about itself: which listing it came from. */
export interface RdsMapContext {
  /** The instance the listing asked for (records echo it, masked in the documents' examples). */
  instanceId: string;
  region?: string;
}

/** Maps one validated RDS record. Pure; throws only when the start time is unreadable (the record is then reported). */
export function mapRdsBackup(record: AliyunRdsBackupRecord, context: RdsMapContext): Backup<'aliyun-rds'> {
  const startTime = parseAliyunTime(record.BackupStartTime);
  if (!startTime) throw new Error(`BackupStartTime ${JSON.stringify(record.BackupStartTime)} is not a yyyy-MM-ddTHH:mm:ssZ time`);
  const endTime = parseAliyunTime(record.BackupEndTime);
  const size = toNumber(record.BackupSize);
  const engine = nonEmpty(record.Engine);
  const engineVersion = nonEmpty(record.EngineVersion);
  const databases = databasesOf(record);
  const downloadUrl = nonEmpty(record.BackupDownloadURL);
  const intranetDownloadUrl = nonEmpty(record.BackupIntranetDownloadURL);
  // Built by assignment, not conditional spreads: each `...(x ? { x } : {})` allocates and copies an object.
  const backup: Backup<'aliyun-rds'> = {
    provider: 'aliyun-rds',
    id: String(record.BackupId).trim(),
    instanceId: context.instanceId,
    status: mapAliyunStatus(record.BackupStatus),
    mode: mapAliyunMode(record.BackupMode),
    type: mapAliyunType(record.BackupType),
    method: mapAliyunMethod(record.BackupMethod),
    startTime,
    raw: record,
  };
  if (context.region !== undefined) backup.region = context.region;
  if (endTime) backup.endTime = endTime;
  if (size !== undefined && size >= 0) backup.sizeBytes = size;
  if (engine) backup.engine = engine;
  if (engineVersion) backup.engineVersion = engineVersion;
  if (databases.length > 0) backup.databases = databases;
  if (downloadUrl) backup.downloadUrl = downloadUrl;
  if (intranetDownloadUrl) backup.intranetDownloadUrl = intranetDownloadUrl;
  return backup;
}

/**
 * The backup's consistent point in time. The API sends unix SECONDS (0 when unknown: only MySQL 5.6 reports it);
 * reading it as milliseconds is a known peer bug. The normalized model has no field for it, so it is read from `raw`.
 */
export function rdsConsistentTime(record: Pick<AliyunRdsBackupRecord, 'ConsistentTime'>): Date | undefined {
  const seconds = toNumber(record.ConsistentTime);
  return seconds !== undefined && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/** `BackupDBNames` (comma-separated) when present, else the databases of the per-database download links. */
function databasesOf(record: AliyunRdsBackupRecord): string[] {
  const names = nonEmpty(record.BackupDBNames);
  if (names) return names.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  const links = typeof record.BackupDownloadLinkByDB === 'object' && record.BackupDownloadLinkByDB !== null
    ? asArray(record.BackupDownloadLinkByDB.BackupDownloadLinkByDB)
    : [];
  const out: string[] = [];
  for (const link of links) {
    const name = nonEmpty((link as { DataBase?: unknown }).DataBase);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}
