import type { Finding } from '../../index.js';

/** One finding as json, ndjson and csv print it: every field on every row, `null` when absent, the error as name and message. */
export interface FindingRecord {
  provider: string;
  account: string;
  region: string;
  instanceId: string;
  engine: string | null;
  rule: string;
  status: string;
  severity: string;
  /** The rule's measure: age in ms (maxAge), 'success'/'failed' (latestFailed), covered days, retention days, size ratio, availability. */
  observed: number | string | boolean | null;
  threshold: number | null;
  reason: string;
  /** Ids of the backups that decided it. */
  evidence: string[];
  /** consecutiveDays: the zone and the days without a successful backup. */
  timeZone: string | null;
  missingDays: string[] | null;
  /** minRetentionDays: whether automated backups are on. */
  automated: boolean | null;
  error: { name: string; message: string } | null;
}

/** Column order of the csv output (and key order of json). */
export const FINDING_FIELDS = [
  'provider',
  'account',
  'region',
  'instanceId',
  'engine',
  'rule',
  'status',
  'severity',
  'observed',
  'threshold',
  'reason',
  'evidence',
  'timeZone',
  'missingDays',
  'automated',
  'error',
] as const satisfies readonly (keyof FindingRecord)[];

export function toFindingRecord(f: Finding): FindingRecord {
  return {
    provider: f.provider,
    account: f.account,
    region: f.region,
    instanceId: f.instanceId,
    engine: f.engine ?? null,
    rule: f.rule,
    status: f.status,
    severity: f.severity,
    observed: f.observed,
    threshold: f.threshold,
    reason: f.reason,
    evidence: [...f.evidence],
    timeZone: f.rule === 'consecutiveDays' ? f.timeZone : null,
    missingDays: f.rule === 'consecutiveDays' ? [...f.missingDays] : null,
    automated: f.rule === 'minRetentionDays' ? f.automated : null,
    error: f.error ? { name: f.error.name, message: f.error.message } : null,
  };
}
