import type { BackupMethod, BackupMode, BackupPart, BackupScope, BackupStatus, BackupType, Engine, ProviderName } from '../index.js';
import type { SqlRow } from './driver.js';
import {
  readBoolean,
  readDate,
  readJson,
  readOptionalBoolean,
  readOptionalDate,
  readOptionalNumber,
  readOptionalString,
  readOptionalStrings,
  readString,
} from './rows.js';
import type { StoredBackup, StoredInstance, StoredPolicy } from './types.js';

/**
 * Rows back into the normalized model. Optional fields are absent rather than undefined, like the listing's
 * own objects, so a stored backup and a listed one compare equal field by field. The enum columns are read
 * back as the union types they were written from (every row comes from a validated Backup).
 */
export function backupFromRow(r: SqlRow): StoredBackup {
  const out: Record<string, unknown> = {
    provider: readString(r, 'provider') as ProviderName,
    account: readString(r, 'account'),
    region: readString(r, 'region'),
    instanceId: readString(r, 'instance_id'),
    id: readString(r, 'backup_id'),
    status: readString(r, 'status') as BackupStatus,
    mode: readString(r, 'mode') as BackupMode,
    type: readString(r, 'type') as BackupType,
    method: readString(r, 'method') as BackupMethod,
    scope: readString(r, 'scope') as BackupScope,
    startTime: readDate(r, 'start_time'),
  };
  const optional: Record<string, unknown> = {
    endTime: readOptionalDate(r, 'end_time'),
    sizeBytes: readOptionalNumber(r, 'size_bytes'),
    available: readOptionalBoolean(r, 'available'),
    expiresAt: readOptionalDate(r, 'expires_at'),
    engine: readOptionalString(r, 'engine') as Engine | undefined,
    engineVersion: readOptionalString(r, 'engine_version'),
    databases: readOptionalStrings(r, 'databases'),
    parts: partsFrom(readJson(r, 'parts')),
    site: readOptionalString(r, 'site'),
    downloadUrl: readOptionalString(r, 'download_url'),
    intranetDownloadUrl: readOptionalString(r, 'intranet_download_url'),
    downloadUrlExpiresAt: readOptionalDate(r, 'download_url_expires_at'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) out[k] = v;
  out.raw = readJson(r, 'raw');
  out.firstSeen = readDate(r, 'first_seen');
  out.lastSeen = readDate(r, 'last_seen');
  const goneAt = readOptionalDate(r, 'gone_at');
  if (goneAt) out.goneAt = goneAt;
  out.statusChangedAt = readDate(r, 'status_changed_at');
  // Every row was written from a validated Backup of its provider: the fields read back are that Backup's.
  return out as unknown as StoredBackup;
}

/** Parts went in through JSON: their instants come back as strings. */
function partsFrom(value: unknown): BackupPart[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((p: Record<string, unknown>) => {
    const part: BackupPart = { id: String(p.id), status: p.status as BackupStatus };
    if (typeof p.nodeId === 'string') part.nodeId = p.nodeId;
    if (typeof p.sizeBytes === 'number') part.sizeBytes = p.sizeBytes;
    if (typeof p.startTime === 'string') part.startTime = new Date(p.startTime);
    if (typeof p.endTime === 'string') part.endTime = new Date(p.endTime);
    return part;
  });
}

export function instanceFromRow(r: SqlRow): StoredInstance {
  const out: StoredInstance = {
    provider: readString(r, 'provider') as ProviderName,
    account: readString(r, 'account'),
    region: readString(r, 'region'),
    instanceId: readString(r, 'instance_id'),
    firstSeen: readDate(r, 'first_seen'),
    lastSeen: readDate(r, 'last_seen'),
  };
  const name = readOptionalString(r, 'name');
  if (name !== undefined) out.name = name;
  const engine = readOptionalString(r, 'engine');
  if (engine !== undefined) out.engine = engine as Engine;
  const engineName = readOptionalString(r, 'engine_name');
  if (engineName !== undefined) out.engineName = engineName;
  const engineVersion = readOptionalString(r, 'engine_version');
  if (engineVersion !== undefined) out.engineVersion = engineVersion;
  const status = readOptionalString(r, 'status');
  if (status !== undefined) out.status = status;
  const createdAt = readOptionalDate(r, 'created_at');
  if (createdAt !== undefined) out.createdAt = createdAt;
  const kind = readOptionalString(r, 'kind');
  if (kind !== undefined) out.kind = kind;
  const listedAt = readOptionalDate(r, 'listed_at');
  if (listedAt !== undefined) out.listedAt = listedAt;
  return out;
}

export function policyFromRow(r: SqlRow): StoredPolicy {
  const out: StoredPolicy = {
    provider: readString(r, 'provider') as ProviderName,
    account: readString(r, 'account'),
    region: readString(r, 'region'),
    instanceId: readString(r, 'instance_id'),
    automated: readBoolean(r, 'automated'),
    raw: readJson(r, 'raw'),
    fetchedAt: readDate(r, 'fetched_at'),
  };
  const retentionDays = readOptionalNumber(r, 'retention_days');
  if (retentionDays !== undefined) out.retentionDays = retentionDays;
  const preferredWindow = readOptionalString(r, 'preferred_window');
  if (preferredWindow !== undefined) out.preferredWindow = preferredWindow;
  const preferredDays = readOptionalStrings(r, 'preferred_days');
  if (preferredDays !== undefined) out.preferredDays = preferredDays;
  const logBackup = readOptionalBoolean(r, 'log_backup');
  if (logBackup !== undefined) out.logBackup = logBackup;
  const logRetentionDays = readOptionalNumber(r, 'log_retention_days');
  if (logRetentionDays !== undefined) out.logRetentionDays = logRetentionDays;
  return out;
}
