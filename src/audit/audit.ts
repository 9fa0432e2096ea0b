import type { ListingFailure } from '../errors.js';
import { internalsOf, walkAll, type BackupClient } from '../listing/client.js';
import type { SourceRuntime } from '../listing/source.js';
import { completeDaysBefore } from './calendar.js';
import { evaluateInstance, type AuditedInstance } from './evaluate.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from './findings.js';
import { resolveAuditOptions, type AuditOptions } from './options.js';
import { auditLister, type AuditPlan, type Tracked } from './read-instance.js';
import type { AuditedSource, AuditResult, AuditSummary, InstanceAudit } from './result.js';
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
  const sources = selected.runtimes.map((runtime) => auditedSource(runtime, states, failures));
  return {
    now: options.now,
    rules,
    window: plan.window,
    findings,
    instances: states.map(instanceAudit),
    sources,
    failures,
    summary: summarize(findings, states.length, sources, failures),
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

function auditedSource(runtime: SourceRuntime, states: readonly Tracked[], failures: readonly ListingFailure[]): AuditedSource {
  const { provider, account, region } = runtime.source;
  const mine = states.filter((s) => s.source.provider === provider && s.source.account === account && s.source.region === region);
  const ids = new Set(mine.map((s) => s.instance.instanceId));
  const own = failures.filter((f) => f.provider === provider && f.account === account && (f.instanceId === undefined ? f.region === region : ids.has(f.instanceId)));
  return { provider, account, region, instances: mine.length, ok: own.length === 0, failures: own.length };
}

function summarize(findings: readonly Finding[], instances: number, sources: readonly AuditedSource[], failures: readonly ListingFailure[]): AuditSummary {
  const counts = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  for (const f of findings) counts[f.status]++;
  const undiscovered = sources.filter((s) => failures.some((f) => f.instanceId === undefined && f.provider === s.provider && f.account === s.account && f.region === s.region));
  return { ...counts, instances, sourcesFailed: undiscovered.length };
}

function compareInstances(a: AuditedInstance, b: AuditedInstance): number {
  for (const key of ['provider', 'account', 'region', 'instanceId'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

