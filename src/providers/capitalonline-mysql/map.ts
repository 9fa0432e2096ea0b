import type { Backup, BackupMethod, BackupMode, BackupStatus, BackupType, InstanceInfo } from '../../model.js';
import { nonEmpty, toNumber } from '../shared.js';
import { CAPITALONLINE_MYSQL } from './endpoints.js';
import type { CapitalOnlineBackupRecord, CapitalOnlineInstanceRecord } from './schema.js';
import { parseCapitalOnlineTime } from './time.js';

export interface MapContext {
  /** The instance the listing asked for (the records' `InstanceId` is the same UUID). */
  instanceId: string;
  /** The source's site. */
  region?: string;
  /** The zone the API's zone-less times are read in. */
  timeZone: string;
}

/** Maps one validated `DescribeBackups` record. Pure; throws only when the start time is unreadable. */
export function mapCapitalOnlineBackup(record: CapitalOnlineBackupRecord, context: MapContext): Backup<'capitalonline-mysql'> {
  const startTime = parseCapitalOnlineTime(record.StartTime, context.timeZone);
  if (!startTime) {
    throw new Error(`StartTime ${JSON.stringify(record.StartTime)} is not a "YYYY-MM-DD HH:MM:SS" time`);
  }
  const { type, method } = mapBackupType(record.BackupType);
  const backup: Backup<'capitalonline-mysql'> = {
    provider: CAPITALONLINE_MYSQL,
    id: String(record.BackupId),
    instanceId: context.instanceId,
    status: mapStatus(record.Status),
    mode: mapMode(record.BackupMode),
    type,
    method,
    startTime,
    engine: 'mysql',
    raw: record,
  };
  if (context.region !== undefined) backup.region = context.region;
  // An unreadable EndTime is left out rather than failing the record: the value stays in `raw`.
  const endText = nonEmpty(record.EndTime);
  const endTime = endText === undefined ? undefined : parseCapitalOnlineTime(endText, context.timeZone);
  if (endTime) backup.endTime = endTime;
  const size = toNumber(record.BackupSize);
  if (size !== undefined && size >= 0) backup.sizeBytes = size;
  const downloadUrl = nonEmpty(record.BackupDownloadUrl);
  if (downloadUrl !== undefined) backup.downloadUrl = downloadUrl;
  const intranetDownloadUrl = nonEmpty(record.BackupIntranetDownloadUrl);
  if (intranetDownloadUrl !== undefined) backup.intranetDownloadUrl = intranetDownloadUrl;
  return backup;
}

/** Only `finished` is documented; failed and in-progress spellings are unknown, so they stay 'unknown'. */
export function mapStatus(status: string | null | undefined): BackupStatus {
  switch (status?.trim().toLowerCase()) {
    case 'finished':
      return 'success';
    default:
      return 'unknown';
  }
}

export function mapMode(mode: string | null | undefined): BackupMode {
  switch (mode?.trim().toLowerCase()) {
    case 'auto':
      return 'automated';
    case 'manual':
      return 'manual';
    default:
      return 'unknown';
  }
}

/** `BackupType` names a method; every documented value is a full backup. */
export function mapBackupType(backupType: string | null | undefined): { type: BackupType; method: BackupMethod } {
  switch (backupType?.trim().toLowerCase()) {
    case 'physical-backup':
      return { type: 'full', method: 'physical' };
    case 'logical-backup':
      return { type: 'full', method: 'logical' };
    // Older revisions of the docs (and the Redis API) say `full-backup`, which names no method.
    case 'full-backup':
      return { type: 'full', method: 'unknown' };
    default:
      return { type: 'unknown', method: 'unknown' };
  }
}

/** Maps one validated `DescribeDBInstances` record. */
export function mapCapitalOnlineInstance(record: CapitalOnlineInstanceRecord, context: { region?: string; timeZone: string }): InstanceInfo {
  const info: InstanceInfo = { provider: CAPITALONLINE_MYSQL, instanceId: record.InstanceUuid, engine: 'mysql' };
  if (context.region !== undefined) info.region = context.region;
  const name = nonEmpty(record.InstanceName);
  if (name !== undefined) info.name = name;
  const version = nonEmpty(record.Version);
  if (version !== undefined) info.engineVersion = version.trim();
  const status = nonEmpty(record.Status);
  if (status !== undefined) info.status = status;
  const created = nonEmpty(record.CreatedTime);
  const createdAt = created === undefined ? undefined : parseCapitalOnlineTime(created, context.timeZone);
  if (createdAt) info.createdAt = createdAt;
  return info;
}
