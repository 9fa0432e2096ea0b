import type { HttpResponse } from '../../http/transport.js';
import type { Backup, BackupPart, BackupStatus, Engine } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { mapAliyunMethod, mapAliyunMode, mapAliyunStatus, mapAliyunType } from '../aliyun-common/enums.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { downloadUrlExpiry } from '../shared/download-url.js';
import { enumMapping } from '../shared/enums.js';
import { mapRecords, parseEnvelope } from '../shared/records.js';
import { nonEmpty, scalarText, toNumber } from '../shared/values.js';
import {
  aliyunKvstoreBackupRecordSchema,
  aliyunKvstoreClusterBackupSchema,
  describeBackupsEnvelopeSchema,
  describeBackupsShortcut,
  describeClusterBackupListEnvelopeSchema,
  type AliyunKvstoreBackupRecord,
  type AliyunKvstoreClusterBackupRecord,
} from './schema.js';

/** What the mapper needs besides the record: the API repeats neither the instance, its region nor its engine. */
export interface KvstoreMapContext {
  account: string;
  region: string;
  instanceId: string;
  /** The instance's engine (redis, tair, memcache), when discovery said. */
  engine?: Engine;
  /** A backup whose expiry has passed by then is not available. */
  now: Date;
}

const originOf = (context: KvstoreMapContext) => ({ provider: 'aliyun-kvstore' as const, account: context.account, region: context.region, instanceId: context.instanceId });

/**
 * One answered page of `DescribeBackups`: the envelope checked, then each row validated and mapped on its own
 * (failures reported, never dropped); `received` counts every row served. Pure.
 */
export function mapBackupsPage(response: HttpResponse, context: KvstoreMapContext): FetchedPage<Backup<'aliyun-kvstore'>> {
  const envelope = parseEnvelope('aliyun-kvstore', 'DescribeBackups', describeBackupsEnvelopeSchema, response, describeBackupsShortcut);
  const { items, failures } = mapRecords({
    origin: originOf(context),
    records: envelope.Backups,
    schema: aliyunKvstoreBackupRecordSchema,
    map: (record) => mapKvstoreBackup(record, context),
    idField: 'BackupId',
    url: response.url,
    scrub: response.scrubError,
  });
  return { items, failures, received: envelope.Backups.length, total: toNumber(envelope.TotalCount) };
}

/** One answered page of `DescribeClusterBackupList` (no total: the walk pages to an empty page). Pure. */
export function mapClusterBackupsPage(response: HttpResponse, context: KvstoreMapContext): FetchedPage<Backup<'aliyun-kvstore'>> {
  const envelope = parseEnvelope('aliyun-kvstore', 'DescribeClusterBackupList', describeClusterBackupListEnvelopeSchema, response);
  const { items, failures } = mapRecords({
    origin: originOf(context),
    records: envelope.ClusterBackups,
    schema: aliyunKvstoreClusterBackupSchema,
    map: (record) => mapKvstoreClusterBackup(record, context),
    idField: 'ClusterBackupId',
    url: response.url,
    scrub: response.scrubError,
  });
  return { items, failures, received: envelope.ClusterBackups.length };
}

/**
 * Maps one `Backups.Backup` row. A cluster reports one row per shard of a job (each with its own `BackupId`, a shared
 * `BackupJobID` and the shard's `NodeInstanceId`): such a row becomes a one-part backup with the job's id, and the
 * shared walk merges the parts of one job into one backup. Pure; throws only when the start time is unreadable.
 */
export function mapKvstoreBackup(record: AliyunKvstoreBackupRecord, context: KvstoreMapContext): Backup<'aliyun-kvstore'> {
  const startTime = parseAliyunTime(record.BackupStartTime);
  if (!startTime) throw new Error(`BackupStartTime ${JSON.stringify(record.BackupStartTime)} is not a UTC time (yyyy-MM-ddTHH:mm:ssZ)`);
  const rowId = String(record.BackupId).trim();
  const status = mapAliyunStatus(record.BackupStatus);
  const backup: Backup<'aliyun-kvstore'> = {
    provider: 'aliyun-kvstore',
    account: context.account,
    region: context.region,
    instanceId: context.instanceId,
    id: scalarText(record.BackupJobID) ?? rowId,
    status,
    mode: mapAliyunMode(record.BackupMode),
    type: mapAliyunType(record.BackupType),
    method: mapAliyunMethod(record.BackupMethod),
    scope: 'instance',
    startTime,
    raw: record,
  };
  const endTime = parseAliyunTime(record.BackupEndTime);
  if (endTime) backup.endTime = endTime;
  const sizeBytes = toNumber(record.BackupSize);
  if (sizeBytes !== undefined && sizeBytes >= 0) backup.sizeBytes = sizeBytes;
  if (context.engine) backup.engine = context.engine;
  const engineVersion = nonEmpty(record.EngineVersion);
  if (engineVersion) backup.engineVersion = engineVersion;
  const databases = splitDatabases(record.BackupDBNames);
  if (databases) backup.databases = databases;
  const expiresAt = parseAliyunTime(record.ExpectExpireTime);
  if (expiresAt) {
    backup.expiresAt = expiresAt;
    if (expiresAt.getTime() <= context.now.getTime()) backup.available = false;
  }
  const downloadUrl = nonEmpty(record.BackupDownloadURL);
  if (downloadUrl) backup.downloadUrl = downloadUrl;
  const intranetDownloadUrl = nonEmpty(record.BackupIntranetDownloadURL);
  if (intranetDownloadUrl) backup.intranetDownloadUrl = intranetDownloadUrl;
  const linkExpiry = downloadUrlExpiry(downloadUrl ?? intranetDownloadUrl ?? '');
  if (linkExpiry) backup.downloadUrlExpiresAt = linkExpiry;
  const nodeId = nonEmpty(record.NodeInstanceId);
  if (nodeId) {
    const part: BackupPart = { id: rowId, nodeId, status, startTime };
    if (backup.sizeBytes !== undefined) part.sizeBytes = backup.sizeBytes;
    if (endTime) part.endTime = endTime;
    backup.parts = [part];
  }
  return backup;
}

const mapClusterStatus = enumMapping<BackupStatus>({ OK: 'success', RUNNING: 'running', Failed: 'failed' }, 'unknown');
const mapShardStatus = enumMapping<BackupStatus>({ OK: 'success', ERROR: 'failed', RUNNING: 'running' }, 'unknown');

/**
 * Maps one `ClusterBackups` item of a cloud-native cluster: the cluster backup is the backup, its per-shard backups
 * are its parts. The list has no type or method field: its backup sets are full backups (their sizes make up the
 * instance's `FullStorageSize`), of an unstated method.
 */
export function mapKvstoreClusterBackup(record: AliyunKvstoreClusterBackupRecord, context: KvstoreMapContext): Backup<'aliyun-kvstore'> {
  const startTime = parseAliyunTime(record.ClusterBackupStartTime);
  if (!startTime) throw new Error(`ClusterBackupStartTime ${JSON.stringify(record.ClusterBackupStartTime)} is not a UTC time (yyyy-MM-ddTHH:mm:ssZ)`);
  const backup: Backup<'aliyun-kvstore'> = {
    provider: 'aliyun-kvstore',
    account: context.account,
    region: context.region,
    instanceId: context.instanceId,
    id: record.ClusterBackupId.trim(),
    status: mapClusterStatus(record.ClusterBackupStatus),
    mode: mapAliyunMode(record.ClusterBackupMode),
    type: 'full',
    method: 'unknown',
    scope: 'instance',
    startTime,
    raw: record,
  };
  const endTime = parseAliyunTime(record.ClusterBackupEndTime);
  if (endTime) backup.endTime = endTime;
  const parts: BackupPart[] = [];
  let shardBytes = 0;
  let everyShardSized = true;
  let engineVersion: string | undefined;
  // The cluster's own fields should already say so, but a failed or unusable shard is never hidden behind them.
  let anyShardFailed = false;
  let everyShardAvailable = true;
  for (const shard of record.Backups ?? []) {
    const part: BackupPart = { id: String(shard.BackupId).trim(), status: mapShardStatus(shard.BackupStatus) };
    if (part.status === 'failed') anyShardFailed = true;
    if (toNumber(shard.IsAvail) === 0) everyShardAvailable = false;
    const nodeId = nonEmpty(shard.InstanceName);
    if (nodeId) part.nodeId = nodeId;
    const size = toNumber(shard.BackupSize);
    if (size !== undefined && size >= 0) {
      part.sizeBytes = size;
      shardBytes += size;
    } else {
      everyShardSized = false;
    }
    const partStart = parseAliyunTime(shard.BackupStartTime);
    if (partStart) part.startTime = partStart;
    const partEnd = parseAliyunTime(shard.BackupEndTime);
    if (partEnd) part.endTime = partEnd;
    engineVersion ??= nonEmpty(shard.ExtraInfo?.CustinsDbVersion);
    parts.push(part);
  }
  if (parts.length > 0) {
    if (anyShardFailed) backup.status = 'failed';
    parts.sort((a, b) => ((a.nodeId ?? '') < (b.nodeId ?? '') ? -1 : (a.nodeId ?? '') > (b.nodeId ?? '') ? 1 : a.id < b.id ? -1 : 1));
    backup.parts = parts;
  }
  const size = parts.length > 0 && everyShardSized ? shardBytes : toNumber(record.ClusterBackupSize);
  if (size !== undefined && size >= 0) backup.sizeBytes = size;
  if (context.engine) backup.engine = context.engine;
  if (engineVersion) backup.engineVersion = engineVersion;
  const expiresAt = parseAliyunTime(record.ExpectExpireTime);
  if (expiresAt) backup.expiresAt = expiresAt;
  const isAvail = toNumber(record.IsAvail);
  if (isAvail === 0 || !everyShardAvailable || (expiresAt && expiresAt.getTime() <= context.now.getTime())) backup.available = false;
  else if (isAvail === 1) backup.available = true;
  return backup;
}

/** `BackupDBNames` is a comma-separated list ("0,1,15") or "all": all is the whole instance, not a database named "all". */
function splitDatabases(value: string | null | undefined): string[] | undefined {
  if (value?.trim().toLowerCase() === 'all') return undefined;
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}
