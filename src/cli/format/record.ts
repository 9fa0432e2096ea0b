import type { Backup, BackupMethod, BackupMode, BackupStatus, BackupType, ProviderName } from '../../index.js';
import { REDACTED, redact } from '../../index.js';

/** The fields machine formats carry, in column order. Exact values: ISO instants and sizes in bytes. */
export const RECORD_FIELDS = [
  'provider',
  'account',
  'region',
  'instanceId',
  'id',
  'status',
  'mode',
  'type',
  'method',
  'engine',
  'engineVersion',
  'startTime',
  'endTime',
  'sizeBytes',
] as const;

/** One backup as json, ndjson and csv print it. Absent values are null, so every row has every key. */
export interface BackupRecord {
  provider: ProviderName;
  /** The source's account label: its `account`, else its profile name, else `default`. */
  account: string;
  region: string | null;
  instanceId: string;
  id: string;
  status: BackupStatus;
  mode: BackupMode;
  type: BackupType;
  method: BackupMethod;
  engine: string | null;
  engineVersion: string | null;
  startTime: string;
  endTime: string | null;
  sizeBytes: number | null;
}

export function toBackupRecord(b: Backup): BackupRecord {
  return {
    provider: b.provider,
    account: b.account,
    region: b.region ?? null,
    instanceId: b.instanceId,
    id: b.id,
    status: b.status,
    mode: b.mode,
    type: b.type,
    method: b.method,
    engine: b.engine ?? null,
    engineVersion: b.engineVersion ?? null,
    startTime: b.startTime.toISOString(),
    endTime: b.endTime?.toISOString() ?? null,
    sizeBytes: b.sizeBytes ?? null,
  };
}

// Pre-signed object-storage URLs name their signature and token parameters in ways `redact` does not cover
// (OSS v4 `x-oss-signature`, OBS/S3-style `X-Amz-Signature`, `x-oss-security-token`).
const PREFIXED_SIGNATURE_PARAM = /([?&][\w.-]*(?:signature|security-token|securitytoken)=)[^&#\s"']*/gi;

/**
 * The provider record for `--raw`, with every string scrubbed: download URLs in raw records can be
 * pre-signed, and a signature must never reach the terminal or a log.
 */
export function redactedRaw(raw: unknown): unknown {
  if (typeof raw === 'string') return redact(raw).replace(PREFIXED_SIGNATURE_PARAM, `$1${REDACTED}`);
  if (Array.isArray(raw)) return raw.map(redactedRaw);
  if (raw !== null && typeof raw === 'object') {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, redactedRaw(v)]));
  }
  return raw;
}
