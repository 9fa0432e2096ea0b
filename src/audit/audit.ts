import type { ListingFailure } from '../errors.js';
import { internalsOf, walkAll, type BackupClient } from '../listing/client.js';
import type { SourceRuntime } from '../listing/source.js';
import { completeDaysBefore } from './calendar.js';
import { evaluateInstance, type AuditedInstance } from './evaluate.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from './findings.js';
import { resolveAuditOptions, type AuditOptions } from './options.js';
import { auditLister, type AuditPlan, type Tracked } from './read-instance.js';
import type { AuditedSource, AuditResult, AuditSummary, InstanceAudit, SourceRef } from './result.js';
import { resolveRules, type AuditRules, type ResolvedRules } from './rules.js';

export type { AuditedSource, AuditResult, AuditSummary, InstanceAudit, SourceRef } from './result.js';
export { auditOutcome } from './result.js';

/**
 * `client.audit(rules, options)`. Walks every instance through the client's own machinery (concurrency, progress,
 * cancellation), reading the audit window and, only for facts it still lacks, older windows with a narrower filter;
 * then judges each instance against each rule. Never throws for what could not be read: it is 'error' in the
 * findings and listed in `failures`. Throws only for bad rules or options (ConfigurationError) and when aborted.
 */
export async function runAudit(client: BackupClient, rulesInput?: AuditRules, optionsInput?: AuditOptions): Promise<AuditResult> {
  const rules = resolveRules(rulesInput);
  const options = resolveAuditOptions(optionsInput);
  const internals = internalsOf(client);
  const selected = internals.select(options.selection);
  const plan = auditPlan(rules, options.now, options.windowMs, options.policies ?? rules.minRetentionDays !== undefined);
  const startedAt = new Date();
  const tracked = new Map<string, Tracked>();
  const failures: ListingFailure[] = [];
  const pages = walkAll({
    runtimes: selected.runtimes,
    concurrency: internals.concurrency,
    signal: options.signal,
    instanceFilter: selected.instanceFilter,
    onProgress: internals.onProgress,
    perInstance: auditLister(plan, tracked),
  });
  // Items were only for progress counts: the digests already hold what the rules need.
  for await (const page of pages) failures.push(...page.failures);

  const states = [...tracked.values()].sort((a, b) => compareInstances(a.instance, b.instance));
  for (const state of states) {
    if (state.policy.kind === 'failed') failures.push({ ...state.source, region: state.instance.region, instanceId: state.instance.instanceId, error: state.policy.error });
  }
  const listedAt = new Date();
  const findings = states.flatMap((state) => evaluateInstance(rules, { ...state, listedAt }, options.now));
  const sources = auditedSources(selected.runtimes, states, failures);
  return {
    now: options.now,
    rules,
    window: plan.window,
    findings,
    instances: states.map(instanceAudit),
    sources,
    failures,
    summary: summarize(findings, states.length, failures),
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
  };
}

/** The audit window: far enough back for every rule, and at least `windowMs`; up to and including `now`. */
function auditPlan(rules: ResolvedRules, now: Date, windowMs: number, readPolicies: boolean): AuditPlan {
  const days = rules.consecutiveDays ? completeDaysBefore(now, rules.consecutiveDays.days, rules.consecutiveDays.timeZone) : [];
  const starts = [now.getTime() - windowMs];
  if (rules.maxAge) starts.push(now.getTime() - rules.maxAge.ageMs);
  if (days[0]) starts.push(days[0].start.getTime());
  // A backup that started exactly at `now` counts; one that started after it is the future for this audit.
  return { rules, now, window: { since: new Date(Math.min(...starts)), until: new Date(now.getTime() + 1) }, days, readPolicies };
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
 * regions that failed, and the regions the sources were given (a region with no instance is still a success).
 */
function auditedSources(runtimes: readonly SourceRuntime[], states: readonly Tracked[], failures: readonly ListingFailure[]): AuditedSource[] {
  const units = new Map<string, AuditedSource>();
  const unit = (ref: SourceRef): AuditedSource => {
    const key = refKey(ref);
    let found = units.get(key);
    if (!found) units.set(key, (found = { provider: ref.provider, account: ref.account, region: ref.region, instances: 0, ok: true, failures: 0 }));
    return found;
  };
  for (const runtime of runtimes) {
    const { provider, account, regions } = runtime.source;
    if (regions !== '*') for (const region of regions) unit({ provider, account, region });
  }
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

