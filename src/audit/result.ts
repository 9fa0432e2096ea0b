import type { CloudBackupsError, ListingFailure } from '../errors.js';
import type { Backup, BackupPolicy, BackupStatus, ProviderName } from '../model.js';
import type { AuditedInstance } from './evaluate.js';
import type { Finding, FindingStatus } from './findings.js';
import type { ResolvedRules } from './rules.js';

/** What the audit read of one instance, beyond its findings (what the metrics are made of). */
export interface InstanceAudit extends AuditedInstance {
  /** The newest successful backup (by start time), however far back it was. */
  lastSuccess?: Backup;
  /** The newest attempt (success or failed), when a rule needed it. */
  lastAttempt?: Backup;
  /** Backups that started within the audit window, by status. */
  counts: Record<BackupStatus, number>;
  /** The backup policy, when it was read. */
  policy?: BackupPolicy;
  /** Why its backups could not be read (completely). */
  error?: CloudBackupsError;
  /** The region it was listed through (CapitalOnline: its site). */
  source: SourceRef;
}

/** One region (or site) of one account of one provider: the unit a collection succeeds or fails by. */
export interface SourceRef {
  provider: ProviderName;
  account: string;
  /** The region listed (CapitalOnline: the site); `'*'` when even the regions could not be resolved. */
  region: string;
}

/** One region of a source as the audit saw it: whether everything it was asked for could be read. */
export interface AuditedSource extends SourceRef {
  instances: number;
  /** Its instances were discovered and every backup listing and policy it was asked for was read. */
  ok: boolean;
  /** Failures attributed to it (discovery, instances, records, policies). */
  failures: number;
}

export interface AuditSummary extends Record<FindingStatus, number> {
  instances: number;
  /** Regions whose instances could not even be discovered (their instances have no findings at all). */
  sourcesFailed: number;
  /** Everything that could not be read, findings or not (`failures.length`). */
  failures: number;
}

export interface AuditResult {
  /** The instant judged at. */
  now: Date;
  /** The rules as checked, defaults filled in. */
  rules: ResolvedRules;
  /** The history every instance was read for, [since, until); older windows were read only for "newest" facts. */
  window: { since: Date; until: Date };
  /** One per instance and rule, instances in (provider, account, region, instance) order, rules in `RULE_NAMES` order. */
  findings: Finding[];
  instances: InstanceAudit[];
  sources: AuditedSource[];
  /** Everything that could not be read: sources, instances, records, policies. */
  failures: ListingFailure[];
  summary: AuditSummary;
  startedAt: Date;
  durationMs: number;
}

/** How an audit ended, for exit codes: incomplete (something could not be checked) before breach before ok. */
export function auditOutcome(result: Pick<AuditResult, 'summary'>, failOn: 'alarm' | 'warn' = 'alarm'): 'ok' | 'breach' | 'incomplete' {
  const { summary } = result;
  if (summary.error > 0 || summary.failures > 0) return 'incomplete';
  if (summary.alarm > 0 || (failOn === 'warn' && summary.warn > 0)) return 'breach';
  return 'ok';
}

