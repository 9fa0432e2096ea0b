import type { CloudBackupsError } from '../errors.js';
import type { Backup, BackupPolicy, Engine, ProviderName } from '../model.js';
import type { InstanceDigest } from './digest.js';
import { formatDuration } from './duration.js';
import type {
  AvailableFinding,
  ConsecutiveDaysFinding,
  Finding,
  FindingStatus,
  LatestFailedFinding,
  MaxAgeFinding,
  MinRetentionDaysFinding,
  SizeDropFinding,
} from './findings.js';
import { completionTime } from './order.js';
import { RULE_NAMES, type ResolvedRules, type Severity } from './rules.js';

/** Where a finding is about. */
export interface AuditedInstance {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  engine?: Engine;
}

/** What became of reading an instance's backup policy. */
export type PolicyOutcome =
  | { kind: 'read'; policy: BackupPolicy }
  /** The provider has no API for it (CapitalOnline). */
  | { kind: 'unsupported' }
  | { kind: 'failed'; error: CloudBackupsError }
  /** No rule needed it. */
  | { kind: 'not-read' };

/** Everything known about one instance when its rules are judged. */
export interface InstanceEvidence {
  instance: AuditedInstance;
  digest: InstanceDigest;
  /** Set when its backups could not be read completely: every rule that needs them is then 'error'. */
  listingError?: CloudBackupsError;
  policy: PolicyOutcome;
  /** When its backups had been read: a backup's `available` was judged by the listing's clock, at most this late. */
  listedAt: Date;
}

/** Judges one instance against every selected rule, in `RULE_NAMES` order. Pure. */
export function evaluateInstance(rules: ResolvedRules, evidence: InstanceEvidence, now: Date): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULE_NAMES) {
    const finding = evaluateRule(rule, rules, evidence, now);
    if (finding) findings.push(finding);
  }
  return findings;
}

function evaluateRule(rule: (typeof RULE_NAMES)[number], rules: ResolvedRules, evidence: InstanceEvidence, now: Date): Finding | undefined {
  switch (rule) {
    case 'maxAge':
      return rules.maxAge && maxAge(rules.maxAge, evidence, now);
    case 'latestFailed':
      return rules.latestFailed && latestFailed(rules.latestFailed, evidence);
    case 'consecutiveDays':
      return rules.consecutiveDays && consecutiveDays(rules.consecutiveDays, evidence);
    case 'minRetentionDays':
      return rules.minRetentionDays && minRetentionDays(rules.minRetentionDays, evidence);
    case 'sizeDrop':
      return rules.sizeDrop && sizeDrop(rules.sizeDrop, evidence);
    case 'available':
      return rules.available && available(rules.available, evidence, now);
  }
}

/** The fields every finding of this instance shares. */
function base(evidence: InstanceEvidence, severity: Severity) {
  const { instance } = evidence;
  const engine = instance.engine ?? evidence.digest.engine;
  return {
    severity,
    provider: instance.provider,
    account: instance.account,
    region: instance.region,
    instanceId: instance.instanceId,
    ...(engine ? { engine } : {}),
  };
}

/** ok, or the rule's severity when breached. */
function verdict(breached: boolean, severity: Severity): FindingStatus {
  return breached ? severity : 'ok';
}

/** The 'error' finding of a rule that needs backups which could not be read. */
function unreadable(error: CloudBackupsError) {
  return { status: 'error' as const, reason: `its backups could not be read: ${error.message}`, evidence: [], error };
}

function describe(b: Backup): string {
  return `${b.id} (started ${b.startTime.toISOString()})`;
}

function maxAge(rule: NonNullable<ResolvedRules['maxAge']>, evidence: InstanceEvidence, now: Date): MaxAgeFinding {
  const common = { rule: 'maxAge' as const, ...base(evidence, rule.severity), threshold: rule.ageMs };
  if (evidence.listingError) return { ...common, ...unreadable(evidence.listingError), observed: null };
  const newest = evidence.digest.newestSuccess;
  if (!newest) return { ...common, status: rule.severity, observed: null, reason: 'no successful backup at all', evidence: [] };
  const age = now.getTime() - completionTime(newest).getTime();
  const breached = age > rule.ageMs;
  const reason = `newest successful backup ${describe(newest)} finished ${formatDuration(Math.max(0, age))} ago${breached ? `, longer than ${formatDuration(rule.ageMs)}` : ` (limit ${formatDuration(rule.ageMs)})`}`;
  return { ...common, status: verdict(breached, rule.severity), observed: age, reason, evidence: [newest.id] };
}

function latestFailed(rule: NonNullable<ResolvedRules['latestFailed']>, evidence: InstanceEvidence): LatestFailedFinding {
  const common = { rule: 'latestFailed' as const, ...base(evidence, rule.severity), threshold: null };
  if (evidence.listingError) return { ...common, ...unreadable(evidence.listingError), observed: null };
  const newest = evidence.digest.newestAttempt;
  if (!newest) return { ...common, status: 'ok', observed: null, reason: 'no backup attempt at all', evidence: [] };
  const failed = newest.status === 'failed';
  return {
    ...common,
    status: verdict(failed, rule.severity),
    observed: failed ? 'failed' : 'success',
    reason: `newest backup attempt ${describe(newest)} ${failed ? 'failed' : 'succeeded'}`,
    evidence: [newest.id],
  };
}

function consecutiveDays(rule: NonNullable<ResolvedRules['consecutiveDays']>, evidence: InstanceEvidence): ConsecutiveDaysFinding {
  const common = { rule: 'consecutiveDays' as const, ...base(evidence, rule.severity), threshold: rule.days, timeZone: rule.timeZone };
  if (evidence.listingError) return { ...common, ...unreadable(evidence.listingError), observed: null, missingDays: [] };
  const { days, dayEvidence } = evidence.digest;
  const missingDays = days.filter((_, i) => !dayEvidence[i]).map((d) => d.date);
  const covered = days.length - missingDays.length;
  const breached = missingDays.length > 0;
  const span = `the last ${rule.days} complete day(s) in ${rule.timeZone}`;
  const reason = breached
    ? `${missingDays.length} of ${span} have no successful backup: ${missingDays.join(', ')}`
    : `each of ${span} has a successful backup`;
  const ids = dayEvidence.filter((b): b is Backup => b !== undefined).map((b) => b.id);
  return { ...common, status: verdict(breached, rule.severity), observed: covered, missingDays, reason, evidence: ids };
}

function minRetentionDays(rule: NonNullable<ResolvedRules['minRetentionDays']>, evidence: InstanceEvidence): MinRetentionDaysFinding {
  const common = { rule: 'minRetentionDays' as const, ...base(evidence, rule.severity), threshold: rule.days, evidence: [] };
  const outcome = evidence.policy;
  switch (outcome.kind) {
    case 'unsupported':
      return { ...common, status: 'skip', observed: null, automated: null, reason: `${evidence.instance.provider} has no API to read a backup policy` };
    case 'not-read':
      return { ...common, status: 'skip', observed: null, automated: null, reason: 'the backup policy was not read' };
    case 'failed':
      return { ...common, status: 'error', observed: null, automated: null, reason: `its backup policy could not be read: ${outcome.error.message}`, error: outcome.error };
    case 'read': {
      const { policy } = outcome;
      const observed = policy.retentionDays ?? null;
      if (!policy.automated) {
        return { ...common, status: rule.severity, observed, automated: false, reason: 'automated backups are off in its backup policy' };
      }
      // The contract breaches only on a stated retention below the minimum: an unstated one is not a breach.
      if (observed === null) {
        return { ...common, status: 'ok', observed, automated: true, reason: 'automated backups are on; its backup policy states no retention' };
      }
      const breached = observed < rule.days;
      const reason = `its backup policy keeps backups ${observed} day(s)${breached ? `, fewer than ${rule.days}` : ` (at least ${rule.days})`}`;
      return { ...common, status: verdict(breached, rule.severity), observed, automated: true, reason };
    }
  }
}

function sizeDrop(rule: NonNullable<ResolvedRules['sizeDrop']>, evidence: InstanceEvidence): SizeDropFinding {
  const common = { rule: 'sizeDrop' as const, ...base(evidence, rule.severity), threshold: rule.fraction };
  if (evidence.listingError) return { ...common, ...unreadable(evidence.listingError), observed: null };
  const [newest, previous] = evidence.digest.fullSuccesses;
  if (!newest || !previous) {
    return { ...common, status: 'skip', observed: null, reason: 'fewer than two successful full backups with a size', evidence: newest ? [newest.id] : [] };
  }
  const newSize = newest.sizeBytes!;
  const oldSize = previous.sizeBytes!;
  // Compared as the rule states it (new < f * previous); the ratio is for people (null when the previous was empty).
  const breached = newSize < rule.fraction * oldSize;
  const ratio = oldSize > 0 ? newSize / oldSize : null;
  const share = ratio === null ? 'not comparable to an empty previous one' : `${(ratio * 100).toFixed(1)}% of the previous ${previous.id}`;
  const reason = `newest successful full backup ${describe(newest)} is ${share}${breached ? `, below ${rule.fraction * 100}%` : ''}`;
  return { ...common, status: verdict(breached, rule.severity), observed: ratio, reason, evidence: [newest.id, previous.id] };
}

function available(rule: NonNullable<ResolvedRules['available']>, evidence: InstanceEvidence, now: Date): AvailableFinding {
  const common = { rule: 'available' as const, ...base(evidence, rule.severity), threshold: null };
  if (evidence.listingError) return { ...common, ...unreadable(evidence.listingError), observed: null };
  const newest = evidence.digest.newestSuccess;
  if (!newest) return { ...common, status: 'skip', observed: null, reason: 'no successful backup to check', evidence: [] };
  const availability = availableAt(newest, now, evidence.listedAt);
  const breached = availability === false;
  const reason = breached
    ? `newest successful backup ${describe(newest)} cannot be restored (unavailable, archived or expired)`
    : availability === true
      ? `newest successful backup ${describe(newest)} is available`
      : `newest successful backup ${describe(newest)}: the provider does not say it is unavailable`;
  return { ...common, status: verdict(breached, rule.severity), observed: availability ?? null, reason, evidence: [newest.id] };
}

/**
 * Whether a backup could be restored at `now`. Its `available` was judged by the listing's clock, which is later
 * than `now` in an audit of the past: a backup that expired in between was still available at `now`. Such a
 * `false` is read as "not known" (the provider may also have flagged it, which the model cannot tell apart);
 * for an audit of the present the gap is the length of the listing, and this changes nothing.
 */
export function availableAt(b: Backup, now: Date, listedAt: Date): boolean | undefined {
  const expires = b.expiresAt?.getTime();
  if (expires !== undefined && expires <= now.getTime()) return false;
  if (b.available === false && expires !== undefined && expires <= listedAt.getTime()) return undefined;
  return b.available;
}
