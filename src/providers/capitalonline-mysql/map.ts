import type { HttpResponse } from '../../http/transport.js';
import type { Backup, BackupMethod, BackupMode, BackupScope, BackupStatus, BackupType, InstanceInfo } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { enumMapping } from '../shared/enums.js';
import { mapRecords, parseEnvelope } from '../shared/records.js';
import { nonEmpty, toNumber } from '../shared/values.js';
import { CAPITALONLINE_MYSQL, type CapitalOnlineSite } from './endpoints.js';
import { capitalOnlineBackupRecordSchema, describeBackupsResponseSchema, describeBackupsShortcut, type CapitalOnlineBackupRecord, type CapitalOnlineInstanceRecord } from './schema.js';
import { parseCapitalOnlineTime } from './time.js';

export interface MapContext {
  account: string;
  /** The instance's own region (its `RegionId`), or the site when that is unknown. */
  region: string;
  /** The site the listing came from. */
  site: CapitalOnlineSite;
  /** The instance the listing asked for (the records' `InstanceId` is the same UUID). */
  instanceId: string;
  /** The zone the API's zone-less times are read in. */
  timeZone: string;
}

/**
 * One answered `DescribeBackups` (every backup of the instance at once): the envelope checked, then each record
 * validated and mapped on its own (failures reported, never dropped). Pure.
 */
export function mapBackupsPage(response: HttpResponse, context: MapContext): FetchedPage<Backup<'capitalonline-mysql'>> {
  const envelope = parseEnvelope(CAPITALONLINE_MYSQL, 'DescribeBackups', describeBackupsResponseSchema, response, describeBackupsShortcut);
  const { items, failures } = mapRecords({
    origin: { provider: CAPITALONLINE_MYSQL, account: context.account, region: context.region, instanceId: context.instanceId },
    records: envelope.Data,
    schema: capitalOnlineBackupRecordSchema,
    map: (record) => mapCapitalOnlineBackup(record, context),
    idField: 'BackupId',
    url: response.url,
    scrub: response.scrubError,
  });
  return { items, failures, received: envelope.Data.length };
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
    account: context.account,
    region: context.region,
    site: context.site,
    instanceId: context.instanceId,
    id: String(record.BackupId),
    status: mapStatus(record.Status),
    mode: mapMode(record.BackupMode),
    type,
    method,
    scope: mapScope(record.BackupStrategy),
    startTime,
    engine: 'mysql',
    raw: record,
  };
  // An unreadable end time is left out rather than failing the record: the value stays in `raw`.
  // `EndTime` may be empty where `BackupFinishTime` (added 2023-12) is set.
  const endText = nonEmpty(record.EndTime) ?? nonEmpty(record.BackupFinishTime);
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
export const mapStatus = enumMapping<BackupStatus>({ finished: 'success' }, 'unknown');

export const mapMode = enumMapping<BackupMode>({ auto: 'automated', manual: 'manual' }, 'unknown');

/** `BackupStrategy`: the whole instance, or chosen databases. */
export const mapScope = enumMapping<BackupScope>({ instance: 'instance', db: 'database' }, 'unknown');

// Shared and frozen: the mapper reads them, so no object is made per record.
const PHYSICAL_FULL = Object.freeze({ type: 'full', method: 'physical' } as const);
const LOGICAL_FULL = Object.freeze({ type: 'full', method: 'logical' } as const);
const FULL = Object.freeze({ type: 'full', method: 'unknown' } as const);
const UNKNOWN_KIND = Object.freeze({ type: 'unknown', method: 'unknown' } as const);

/** `BackupType` names a method; every documented value is a full backup. */
export function mapBackupType(backupType: string | null | undefined): { readonly type: BackupType; readonly method: BackupMethod } {
  // The documented spellings first, without trimming or lower-casing a copy.
  if (backupType === 'physical-backup') return PHYSICAL_FULL;
  if (backupType === 'logical-backup') return LOGICAL_FULL;
  switch (backupType?.trim().toLowerCase()) {
    case 'physical-backup':
      return PHYSICAL_FULL;
    case 'logical-backup':
      return LOGICAL_FULL;
    // Older revisions of the docs (and the Redis API) say `full-backup`, which names no method.
    case 'full-backup':
      return FULL;
    default:
      return UNKNOWN_KIND;
  }
}

/** Maps one validated `DescribeDBInstances` record; its `RegionId` (e.g. `CN_Hongkong_A`) is the instance's region. */
export function mapCapitalOnlineInstance(record: CapitalOnlineInstanceRecord, context: { account: string; site: string; timeZone: string }): InstanceInfo {
  const info: InstanceInfo = {
    provider: CAPITALONLINE_MYSQL,
    account: context.account,
    region: nonEmpty(record.RegionId)?.trim() ?? context.site,
    instanceId: record.InstanceUuid.trim(),
    engine: 'mysql',
    location: context.site,
  };
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
