import type { ListingFailure } from '../errors.js';
import { completeDaysBefore } from './calendar.js';
import { evaluateInstance, type AuditedInstance } from './evaluate.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from './findings.js';
import type { AuditPlan, Tracked } from './read-instance.js';
import type { AuditedSource, AuditResult, AuditSummary, InstanceAudit, SourceRef } from './result.js';
import type { ResolvedRules } from './rules.js';

/**
 * What every audit shares once the evidence is gathered, whatever it was read from (the clouds' APIs or the
 * inventory): the window the rules need, the judging of each instance, and the result's shape.
 */

/**
 * The audit window: far enough back for every rule, and at least `windowMs`; up to and including `now`. Policies are
 * read when asked (`policies`), and by default when a rule needs them (minRetentionDays).
 */
export function auditPlan(rules: ResolvedRules, now: Date, windowMs: number, policies: boolean | undefined): AuditPlan {
  const readPolicies = policies ?? rules.minRetentionDays !== undefined;
  const days = rules.consecutiveDays ? completeDaysBefore(now, rules.consecutiveDays.days, rules.consecutiveDays.timeZone) : [];
  const starts = [now.getTime() - windowMs];
  if (rules.maxAge) starts.push(now.getTime() - rules.maxAge.ageMs);
  if (days[0]) starts.push(days[0].start.getTime());
  // A backup that started exactly at `now` counts; one that started after it is the future for this audit.
  return { rules, now, window: { since: new Date(Math.min(...starts)), until: new Date(now.getTime() + 1) }, days, readPolicies };
}

export interface AssembleArgs {
  plan: AuditPlan;
  /** Every instance's evidence, in any order. */
  states: readonly Tracked[];
  /** Everything that could not be read, policies excepted (they are added from the states). */
  failures: readonly ListingFailure[];
  /** When a backup's `available` was judged, per instance: at most this late. */
  listedAt: (state: Tracked) => Date;
  /** Regions the audit was asked to read even if they hold no instance (a region without one is still a success). */
  givenRegions?: readonly SourceRef[];
  startedAt: Date;
}

/** Judges every instance against every rule and builds the result: findings, instances, sources, failures, summary. */
export function assembleResult(a: AssembleArgs): AuditResult {
  const { plan } = a;
  const states = [...a.states].sort((x, y) => compareInstances(x.instance, y.instance));
  const failures = [...a.failures];
  for (const state of states) {
    if (state.policy.kind === 'failed') failures.push({ ...state.source, region: state.instance.region, instanceId: state.instance.instanceId, error: state.policy.error });
  }
  const findings = states.flatMap((state) => evaluateInstance(plan.rules, { ...state, listedAt: a.listedAt(state) }, plan.now));
  return {
    now: plan.now,
    rules: plan.rules,
    window: plan.window,
    findings,
    instances: states.map(instanceAudit),
    sources: auditedSources(a.givenRegions ?? [], states, failures),
    failures,
    summary: summarize(findings, states.length, failures),
    startedAt: a.startedAt,
    durationMs: Date.now() - a.startedAt.getTime(),
  };
}

function instanceAudit(state: Tracked): InstanceAudit {
  const { digest } = state;
  const engine = state.instance.engine ?? digest.engine;
  const out: InstanceAudit = { ...state.instance, counts: { ...digest.counts }, source: state.source };
  if (engine) out.engine = engine;
  if (digest.newestSuccess) out.lastSuccess = digest.newestSuccess;
  if (digest.newestAttempt) out.lastAttempt = digest.newestAttempt;
  if (state.policy.kind === 'read') out.policy = state.policy.policy;
  if (state.listingError) out.error = state.listingError;
  return out;
}

/**
 * Every region (or site) the audit touched, with what could not be read there: the regions of its instances, the
 * regions that failed, and the regions it was given (a region with no instance is still a success).
 */
function auditedSources(given: readonly SourceRef[], states: readonly Tracked[], failures: readonly ListingFailure[]): AuditedSource[] {
  const units = new Map<string, AuditedSource>();
  const unit = (ref: SourceRef): AuditedSource => {
    const key = refKey(ref);
    let found = units.get(key);
    if (!found) units.set(key, (found = { provider: ref.provider, account: ref.account, region: ref.region, instances: 0, ok: true, failures: 0 }));
    return found;
  };
  for (const ref of given) unit(ref);
  const byInstance = new Map<string, SourceRef>();
  for (const state of states) {
    unit(state.source).instances++;
    byInstance.set(`${refKey(state.instance)}\u0000${state.instance.instanceId}`, state.source);
  }
  for (const f of failures) {
    const place = { provider: f.provider, account: f.account, region: f.region ?? '*' };
    const u = unit((f.instanceId !== undefined && byInstance.get(`${refKey(place)}\u0000${f.instanceId}`)) || place);
    u.ok = false;
    u.failures++;
  }
  return [...units.values()].sort((a, b) => (refKey(a) < refKey(b) ? -1 : 1));
}

function refKey(ref: SourceRef): string {
  return `${ref.provider}\u0000${ref.account}\u0000${ref.region}`;
}

function summarize(findings: readonly Finding[], instances: number, failures: readonly ListingFailure[]): AuditSummary {
  const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  for (const f of findings) counts[f.status]++;
  const undiscovered = new Set(failures.filter((f) => f.instanceId === undefined).map((f) => refKey({ provider: f.provider, account: f.account, region: f.region ?? '*' })));
  return { ...counts, instances, sourcesFailed: undiscovered.size, failures: failures.length };
}

function compareInstances(a: AuditedInstance, b: AuditedInstance): number {
  for (const key of ['provider', 'account', 'region', 'instanceId'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}
