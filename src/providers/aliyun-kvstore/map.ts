import type { Backup } from '../../model.js';
import { mapAliyunMethod, mapAliyunMode, mapAliyunStatus, mapAliyunType } from '../aliyun-common/enums.js';
import type { FetchedPage } from '../../paginate.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { mapRecords, nonEmpty, toNumber } from '../shared.js';
import { aliyunKvstoreBackupRecordSchema, type AliyunKvstoreBackupRecord, type DescribeBackupsEnvelope } from './schema.js';

/** What the mapper needs besides the record: the API does not repeat the instance or region in each row. */
export interface KvstoreMapContext {
  instanceId: string;
  region?: string;
}

/** KVStore backups are of Redis-compatible instances (Community Redis and Tair alike). */
export const KVSTORE_ENGINE = 'redis';

/**
 * One page of `DescribeBackups`: each record validated and mapped on its own (failures reported, never dropped);
 * `received` counts every record served, so a page with a bad record is not mistaken for a short last page.
 */
export function mapBackupsPage(envelope: DescribeBackupsEnvelope, context: KvstoreMapContext & { url?: string }): FetchedPage<Backup<'aliyun-kvstore'>> {
  const records = envelope.Backups;
  const { items, failures } = mapRecords({
    provider: 'aliyun-kvstore',
    instanceId: context.instanceId,
    ...(context.region !== undefined ? { region: context.region } : {}),
    records,
    schema: aliyunKvstoreBackupRecordSchema,
    map: (record) => mapKvstoreBackup(record, context),
    rawId: rawBackupId,
    ...(context.url !== undefined ? { url: context.url } : {}),
  });
  const total = toNumber(envelope.TotalCount);
  return { items, received: records.length, ...(total !== undefined ? { total } : {}), failures };
}

function rawBackupId(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as Record<string, unknown>).BackupId;
  return typeof id === 'number' || typeof id === 'string' ? nonEmpty(id) : undefined;
}

/** Maps one validated `Backups.Backup` record. Pure; throws only when the record has no readable start time. */
export function mapKvstoreBackup(record: AliyunKvstoreBackupRecord, context: KvstoreMapContext): Backup<'aliyun-kvstore'> {
  const startTime = parseAliyunTime(record.BackupStartTime);
  if (!startTime) throw new Error(`BackupStartTime ${JSON.stringify(record.BackupStartTime)} is not a UTC time (yyyy-MM-ddTHH:mm:ssZ)`);
  const endTime = parseAliyunTime(record.BackupEndTime);
  const sizeBytes = toNumber(record.BackupSize);
  const engineVersion = nonEmpty(record.EngineVersion);
  const databases = splitDatabases(record.BackupDBNames);
  const downloadUrl = nonEmpty(record.BackupDownloadURL);
  const intranetDownloadUrl = nonEmpty(record.BackupIntranetDownloadURL);
  // Built by assignment, not conditional spreads: each `...(x ? { x } : {})` allocates and copies an object.
  const backup: Backup<'aliyun-kvstore'> = {
    provider: 'aliyun-kvstore',
    id: String(record.BackupId).trim(),
    instanceId: context.instanceId,
    status: mapAliyunStatus(record.BackupStatus),
    mode: mapAliyunMode(record.BackupMode),
    type: mapAliyunType(record.BackupType),
    method: mapAliyunMethod(record.BackupMethod),
    startTime,
    engine: KVSTORE_ENGINE,
    raw: record,
  };
  if (context.region !== undefined) backup.region = context.region;
  if (endTime) backup.endTime = endTime;
  if (sizeBytes !== undefined && sizeBytes >= 0) backup.sizeBytes = sizeBytes;
  if (engineVersion !== undefined) backup.engineVersion = engineVersion;
  if (databases) backup.databases = databases;
  if (downloadUrl !== undefined) backup.downloadUrl = downloadUrl;
  if (intranetDownloadUrl !== undefined) backup.intranetDownloadUrl = intranetDownloadUrl;
  return backup;
}

/** `BackupDBNames` is a comma-separated list ("0,1,15") or "all"; kept as the API says it. */
function splitDatabases(value: string | null | undefined): string[] | undefined {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}
