import type { Backup } from '../index.js';

/**
 * The normalized fields of a backup as stored: one list, in table order, for the staging insert and the
 * merge. SQL is assembled from these constants only, never from data.
 */
export const BACKUP_COLUMNS = [
  ['provider', 'text'],
  ['account', 'text'],
  ['region', 'text'],
  ['instance_id', 'text'],
  ['backup_id', 'text'],
  ['status', 'text'],
  ['mode', 'text'],
  ['type', 'text'],
  ['method', 'text'],
  ['scope', 'text'],
  ['start_time', 'timestamptz'],
  ['end_time', 'timestamptz'],
  ['size_bytes', 'bigint'],
  ['available', 'boolean'],
  ['expires_at', 'timestamptz'],
  ['engine', 'text'],
  ['engine_version', 'text'],
  ['databases', 'text[]'],
  ['parts', 'jsonb'],
  ['site', 'text'],
  ['download_url', 'text'],
  ['intranet_download_url', 'text'],
  ['download_url_expires_at', 'timestamptz'],
  ['raw', 'jsonb'],
] as const;

export type BackupColumn = (typeof BACKUP_COLUMNS)[number][0];

/** `provider, account, ...` */
export const COLUMN_LIST = BACKUP_COLUMNS.map(([name]) => name).join(', ');

/** `provider text, account text, ...`: the record type `jsonb_to_recordset` reads a batch as. */
export const RECORD_TYPE = BACKUP_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');

/**
 * Facts whose change counts as a change of the backup. Download links (re-signed on every listing) and `raw`
 * (which carries them) are kept current but are not news.
 */
export const FACT_COLUMNS: readonly BackupColumn[] = [
  'status', 'mode', 'type', 'method', 'scope', 'start_time', 'end_time', 'size_bytes', 'available', 'expires_at',
  'engine', 'engine_version', 'databases', 'parts', 'site',
];

/** One backup as a staging record: the column names as keys; Dates become ISO strings through JSON. */
export function toRecord(b: Backup): Record<BackupColumn, unknown> {
  const site = (b as { site?: unknown }).site;
  return {
    provider: b.provider,
    account: b.account,
    region: b.region,
    instance_id: b.instanceId,
    backup_id: b.id,
    status: b.status,
    mode: b.mode,
    type: b.type,
    method: b.method,
    scope: b.scope,
    start_time: b.startTime,
    end_time: b.endTime,
    // bigint: a fractional byte count (a unit conversion upstream) would fail the whole batch.
    size_bytes: b.sizeBytes === undefined ? undefined : Math.round(b.sizeBytes),
    available: b.available,
    expires_at: b.expiresAt,
    engine: b.engine,
    engine_version: b.engineVersion,
    databases: b.databases,
    parts: b.parts,
    site: typeof site === 'string' ? site : undefined,
    download_url: b.downloadUrl,
    intranet_download_url: b.intranetDownloadUrl,
    download_url_expires_at: b.downloadUrlExpiresAt,
    raw: b.raw,
  };
}
