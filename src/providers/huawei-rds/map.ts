import type { HttpResponse } from '../../http/transport.js';
import type { Backup, BackupMethod, BackupMode, BackupScope, BackupStatus, BackupType } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { normalizeEngine } from '../shared/engine.js';
import { enumMapping } from '../shared/enums.js';
import { mapRecords, parseEnvelope } from '../shared/records.js';
import { nonEmpty, toNumber } from '../shared/values.js';
import { huaweiRdsBackupFieldsSchema, listBackupsEnvelopeSchema, listBackupsShortcut, withTrimmedKeys, type HuaweiRdsBackupRecord } from './schema.js';
import { parseHuaweiTime } from './time.js';

/** What the mapper needs besides the record. */
export interface HuaweiMapContext {
  account: string;
  region: string;
  /** The instance the listing asked for: used when a record does not name its own. */
  instanceId: string;
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
 * One answered page of `ListBackups`: the envelope checked, then each record validated and mapped on its own
 * (failures reported, never dropped); `received` counts every record served. Pure.
 */
export function mapBackupsPage(response: HttpResponse, context: HuaweiMapContext): FetchedPage<Backup<'huawei-rds'>> {
  const envelope = parseEnvelope('huawei-rds', 'ListBackups', listBackupsEnvelopeSchema, response, listBackupsShortcut);
  const { items, failures } = mapRecords({
    origin: { provider: 'huawei-rds', ...context },
    records: envelope.backups,
    schema: huaweiRdsBackupFieldsSchema,
    prepare: withTrimmedKeys,
    map: (record) => mapHuaweiBackup(record, context),
    idField: 'id',
    url: response.url,
    scrub: response.scrubError,
  });
  return { items, failures, received: envelope.backups.length, total: toNumber(envelope.total_count) };
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
    account: context.account,
    region: context.region,
    instanceId,
    id,
    status: mapStatus(record.status),
    mode: kind.mode,
    type: kind.type,
    method: mapMethod(record.type),
    scope: scopeOf(record.type, databases),
    startTime,
    raw: record,
  };
  if (endTime) backup.endTime = endTime;
  if (sizeBytes !== undefined) backup.sizeBytes = sizeBytes;
  if (engine !== undefined) backup.engine = engine;
  if (engineVersion) backup.engineVersion = engineVersion;
  if (databases) backup.databases = databases;
  return backup;
}

export const mapStatus = enumMapping<BackupStatus>({ COMPLETED: 'success', BUILDING: 'running', FAILED: 'failed', DELETING: 'deleting' }, 'unknown');

const kindOf = enumMapping<HuaweiBackupTypeValue | 'other'>({ auto: 'auto', manual: 'manual', fragment: 'fragment', incremental: 'incremental' }, 'other');

export function backupKind(value: string | null | undefined): BackupKind {
  const key = kindOf(value);
  return key === 'other' ? UNKNOWN_BACKUP_KIND : HUAWEI_BACKUP_KINDS[key];
}

/**
 * A manual backup that names the databases it holds is a database-level one (SQL Server can back up chosen databases);
 * every other backup is of the instance.
 */
function scopeOf(type: string | null | undefined, databases: string[] | undefined): BackupScope {
  return databases && kindOf(type) === 'manual' ? 'database' : 'instance';
}

/**
 * Nothing in ListBackups says how a backup was taken (physical copy, binlog/WAL archive, native dump), and we
 * do not guess: the method is 'unknown' for every Huawei backup. Filter Huawei backups on `type` instead.
 */
export function mapMethod(_value: string | null | undefined): BackupMethod {
  return 'unknown';
}

/** Huawei reports sizes in KB (1024 bytes). A negative or unreadable size is left out (it stays in `raw`). */
function kilobytesToBytes(value: unknown): number | undefined {
  const kb = toNumber(value);
  if (kb === undefined || kb < 0) return undefined;
  return Math.round(kb * 1024);
}

function databaseNames(value: HuaweiRdsBackupRecord['databases']): string[] | undefined {
  if (!value || value.length === 0) return undefined;
  let names: string[] | undefined;
  for (const d of value) {
    const name = nonEmpty(d.name)?.trim();
    if (name) (names ??= []).push(name);
  }
  return names;
}
