import type { HttpResponse } from '../../http/transport.js';
import type { Backup, BackupScope } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { mapAliyunMethod, mapAliyunMode, mapAliyunStatus, mapAliyunType } from '../aliyun-common/enums.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { downloadUrlExpiry } from '../shared/download-url.js';
import { normalizeEngine } from '../shared/engine.js';
import { enumMapping } from '../shared/enums.js';
import { mapRecords, parseEnvelope } from '../shared/records.js';
import { asArray, nonEmpty, toNumber } from '../shared/values.js';
import { aliyunRdsBackupRecordSchema, describeBackupsResponseSchema, describeBackupsShortcut, type AliyunRdsBackupRecord } from './schema.js';

/** What the record does not say about itself: which listing it came from, and the walk's clock. */
export interface RdsMapContext {
  account: string;
  region: string;
  /** The instance the listing asked for (records echo it, masked in the documents' examples). */
  instanceId: string;
  /** A backup whose `ExpectExpireTime` has passed by then is not available. */
  now: Date;
}

/**
 * One answered page of `DescribeBackups`: the envelope checked, then each record validated and mapped on its own
 * (failures reported, never dropped); `received` counts every record served. Pure.
 */
export function mapBackupsPage(response: HttpResponse, context: RdsMapContext): FetchedPage<Backup<'aliyun-rds'>> {
  const envelope = parseEnvelope('aliyun-rds', 'DescribeBackups', describeBackupsResponseSchema, response, describeBackupsShortcut);
  const { items, failures } = mapRecords({
    origin: { provider: 'aliyun-rds', account: context.account, region: context.region, instanceId: context.instanceId },
    records: envelope.Items,
    schema: aliyunRdsBackupRecordSchema,
    map: (record) => mapRdsBackup(record, context),
    idField: 'BackupId',
    url: response.url,
    scrub: response.scrubError,
  });
  return { items, failures, received: envelope.Items.length, total: toNumber(envelope.TotalRecordCount) };
}

const mapScale = enumMapping<BackupScope>({ DBInstance: 'instance', Database: 'database' }, 'unknown');

/** Maps one validated RDS record. Pure; throws only when the start time is unreadable (the record is then reported). */
export function mapRdsBackup(record: AliyunRdsBackupRecord, context: RdsMapContext): Backup<'aliyun-rds'> {
  const startTime = parseAliyunTime(record.BackupStartTime);
  if (!startTime) throw new Error(`BackupStartTime ${JSON.stringify(record.BackupStartTime)} is not a yyyy-MM-ddTHH:mm:ssZ time`);
  // Built by assignment, not conditional spreads: each `...(x ? { x } : {})` allocates and copies an object.
  const backup: Backup<'aliyun-rds'> = {
    provider: 'aliyun-rds',
    account: context.account,
    region: context.region,
    instanceId: context.instanceId,
    id: String(record.BackupId).trim(),
    status: mapAliyunStatus(record.BackupStatus),
    mode: mapAliyunMode(record.BackupMode),
    type: mapAliyunType(record.BackupType),
    method: mapAliyunMethod(record.BackupMethod),
    // The API lists instance backup sets; older versions say `BackupScale: Database` for per-database ones.
    scope: record.BackupScale ? mapScale(record.BackupScale) : 'instance',
    startTime,
    raw: record,
  };
  const endTime = parseAliyunTime(record.BackupEndTime);
  if (endTime) backup.endTime = endTime;
  const size = toNumber(record.BackupSize);
  if (size !== undefined && size >= 0) backup.sizeBytes = size;
  const expiresAt = parseAliyunTime(record.ExpectExpireTime);
  if (expiresAt) backup.expiresAt = expiresAt;
  const available = availability(record, expiresAt, context.now);
  if (available !== undefined) backup.available = available;
  const engine = normalizeEngine(record.Engine);
  if (engine) backup.engine = engine;
  const engineVersion = nonEmpty(record.EngineVersion);
  if (engineVersion) backup.engineVersion = engineVersion;
  const databases = databasesOf(record);
  if (databases) backup.databases = databases;
  const downloadUrl = nonEmpty(record.BackupDownloadURL);
  if (downloadUrl) backup.downloadUrl = downloadUrl;
  const intranetDownloadUrl = nonEmpty(record.BackupIntranetDownloadURL);
  if (intranetDownloadUrl) backup.intranetDownloadUrl = intranetDownloadUrl;
  const linkExpiry = downloadUrl ? downloadUrlExpiry(downloadUrl) : intranetDownloadUrl ? downloadUrlExpiry(intranetDownloadUrl) : undefined;
  if (linkExpiry) backup.downloadUrlExpiresAt = linkExpiry;
  return backup;
}

/**
 * `IsAvail` 0 means the set cannot be used; archive storage (`StorageClass` 1) must be unarchived before a restore;
 * an expired set is gone. With `IsAvail` 1 and none of those, it is available; with no `IsAvail`, nobody said.
 */
function availability(record: AliyunRdsBackupRecord, expiresAt: Date | undefined, now: Date): boolean | undefined {
  const isAvail = toNumber(record.IsAvail);
  if (isAvail === 0) return false;
  if (String(record.StorageClass ?? '').trim() === '1') return false;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return false;
  return isAvail === 1 ? true : undefined;
}

/**
 * The backup's consistent point in time. The API sends unix SECONDS (0 when unknown: only MySQL 5.6 reports it);
 * reading it as milliseconds is a known peer bug. The normalized model has no field for it, so it is read from `raw`.
 */
export function rdsConsistentTime(record: Pick<AliyunRdsBackupRecord, 'ConsistentTime'>): Date | undefined {
  const seconds = toNumber(record.ConsistentTime);
  return seconds !== undefined && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/**
 * `BackupDBNames` (comma-separated) when present, else the databases of the per-database download links; undefined
 * when neither names one (no array is made for the common case).
 */
function databasesOf(record: AliyunRdsBackupRecord): string[] | undefined {
  const names = nonEmpty(record.BackupDBNames);
  if (names) {
    const list = names.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
    return list.length > 0 ? list : undefined;
  }
  const holder = record.BackupDownloadLinkByDB;
  if (typeof holder !== 'object' || holder === null) return undefined;
  const links = holder.BackupDownloadLinkByDB;
  if (links === undefined || links === null || links === '' || (Array.isArray(links) && links.length === 0)) return undefined;
  let out: string[] | undefined;
  for (const link of asArray(links)) {
    const name = nonEmpty((link as { DataBase?: unknown }).DataBase);
    if (name && !out?.includes(name)) (out ??= []).push(name);
  }
  return out;
}
