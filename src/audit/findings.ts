import type { CloudBackupsError } from '../errors.js';
import type { Engine, ProviderName } from '../model.js';
import type { RuleName, Severity } from './rules.js';

/** ok; a breach reported as warn or alarm (the rule's severity); error: it could not be checked; skip: it does not apply. */
export type FindingStatus = 'ok' | 'warn' | 'alarm' | 'error' | 'skip';

export const FINDING_STATUSES = ['ok', 'warn', 'alarm', 'error', 'skip'] as const satisfies readonly FindingStatus[];

/** What every finding says: which instance, which rule, the verdict and why. */
interface FindingFields<R extends RuleName> {
  rule: R;
  status: FindingStatus;
  /** What a breach of this rule reports (the rule's `severity`). */
  severity: Severity;
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  engine?: Engine;
  /** One sentence a person can act on. */
  reason: string;
  /** The ids of the backups that decided the verdict (none when no backup did, e.g. a missing day). */
  evidence: string[];
  /** Why the rule could not be checked (status 'error'). */
  error?: CloudBackupsError;
}

/** Age of the newest successful backup, from its completion (end, else start) to `now`. */
export interface MaxAgeFinding extends FindingFields<'maxAge'> {
  /** Milliseconds; null when there is no successful backup at all. */
  observed: number | null;
  /** Milliseconds. */
  threshold: number;
}

/** The newest attempt's status (success or failed, by start time). */
export interface LatestFailedFinding extends FindingFields<'latestFailed'> {
  /** null when there was no attempt at all. */
  observed: 'success' | 'failed' | null;
  threshold: null;
}

/** Complete calendar days before `now` covered by a successful backup. */
export interface ConsecutiveDaysFinding extends FindingFields<'consecutiveDays'> {
  /** Days covered; null when it could not be checked. */
  observed: number | null;
  /** Days required. */
  threshold: number;
  timeZone: string;
  /** `YYYY-MM-DD` dates (in `timeZone`) without a successful backup, oldest first. */
  missingDays: string[];
}

/** Days the backup policy keeps backups. */
export interface MinRetentionDaysFinding extends FindingFields<'minRetentionDays'> {
  /** null when the policy was not read or does not say. */
  observed: number | null;
  threshold: number;
  /** Whether automated backups are on; null when the policy was not read. */
  automated: boolean | null;
}

/** The newest successful full backup's size as a fraction of the previous one's. */
export interface SizeDropFinding extends FindingFields<'sizeDrop'> {
  observed: number | null;
  threshold: number;
}

/** Whether the newest successful backup can be restored now. */
export interface AvailableFinding extends FindingFields<'available'> {
  /** null when the provider does not say (an unknown is not a breach) or there is no successful backup. */
  observed: boolean | null;
  threshold: null;
}

/** One instance checked against one rule: a union discriminated on `rule`. */
export type Finding = MaxAgeFinding | LatestFailedFinding | ConsecutiveDaysFinding | MinRetentionDaysFinding | SizeDropFinding | AvailableFinding;

/** The finding type of one rule. */
export type FindingOf<R extends RuleName> = Extract<Finding, { rule: R }>;

/** Numeric form of a status, for metrics and sorting: skip is absent (undefined). */
export const STATUS_LEVEL: Readonly<Record<Exclude<FindingStatus, 'skip'>, number>> = { ok: 0, warn: 1, alarm: 2, error: 3 };
