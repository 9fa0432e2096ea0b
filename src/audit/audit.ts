import { toCloudBackupsError, type CloudBackupsError, type ListingFailure } from '../errors.js';
import { internalsOf, walkAll, type BackupClient, type InstanceLister } from '../listing/client.js';
import type { ListPage } from '../listing/paged-list.js';
import type { ListingObserver, SourceRuntime } from '../listing/source.js';
import type { Backup, BackupPolicy, BackupStatus, InstanceInfo, ProviderName } from '../model.js';
import { completeDaysBefore, type CalendarDay } from './calendar.js';
import { InstanceDigest } from './digest.js';
import { evaluateInstance, type AuditedInstance, type PolicyOutcome } from './evaluate.js';
import { FINDING_STATUSES, type Finding, type FindingStatus } from './findings.js';
import { LOOKBACK_GROWTH, lookbackWindows } from './lookback.js';
import { resolveAuditOptions, type AuditOptions } from './options.js';
import { resolveRules, type AuditRules, type ResolvedRules } from './rules.js';
import { windowQuery } from './window-query.js';

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
  /** The source it was reached through: CapitalOnline's source region is its site. */
  source: SourceRef;
}

export interface SourceRef {
  provider: ProviderName;
  account: string;
  region: string;
}

/** One source as the audit saw it: whether everything it was asked for could be read. */
export interface AuditedSource extends SourceRef {
  instances: number;
  /** Its instances were discovered and every backup listing and policy it was asked for was read. */
  ok: boolean;
  /** Failures attributed to it (discovery, instances, records, policies). */
  failures: number;
}

export interface AuditSummary extends Record<FindingStatus, number> {
  instances: number;
  /** Sources whose instances could not even be discovered (their instances have no findings at all). */
  sourcesFailed: number;
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

/** One instance's state while the audit walks it. */
interface Tracked {
  instance: AuditedInstance;
  source: SourceRef;
  digest: InstanceDigest;
  listingError?: CloudBackupsError;
  policy: PolicyOutcome;
}

interface AuditPlan {
  rules: ResolvedRules;
  now: Date;
  window: { since: Date; until: Date };
  days: CalendarDay[];
  readPolicies: boolean;
}

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

function auditLister(plan: AuditPlan, tracked: Map<string, Tracked>): InstanceLister {
  return async function* auditInstance(runtime, instance, signal, observer) {
    const state: Tracked = {
      instance: auditedInstance(instance),
      source: { provider: runtime.source.provider, account: runtime.source.account, region: runtime.source.region },
      digest: new InstanceDigest(plan.days),
      policy: { kind: 'not-read' },
    };
    tracked.set(instanceKey(instance), state);
    const policy = plan.readPolicies ? readPolicy(runtime, instance, signal, observer) : Promise.resolve<PolicyOutcome>({ kind: 'not-read' });
    try {
      for await (const page of readHistory(plan, runtime, instance, state, signal, observer)) {
        // A record that could not be read may be the very backup a rule is about: the instance cannot be judged.
        if (page.failures.length > 0) state.listingError ??= page.failures[0]!.error;
        yield page;
      }
    } catch (error) {
      state.listingError = toCloudBackupsError(error, instance.provider);
      throw error;
    } finally {
      state.policy = await policy;
    }
  };
}

/**
 * The audit window with every status (the counts and the per-day coverage come from it), then, while a "newest"
 * fact is still missing, windows reaching 4, 16, 64... times as far back with only what is missing pushed down.
 * A provider without time filters answers everything in one call: that call is the whole read.
 */
async function* readHistory(
  plan: AuditPlan,
  runtime: SourceRuntime,
  instance: InstanceInfo,
  state: Tracked,
  signal: AbortSignal,
  observer: ListingObserver,
): AsyncGenerator<ListPage<Backup>, void, undefined> {
  const { since, until } = plan.window;
  const windowed = runtime.definition.timeWindow !== 'none';
  const add = (backups: readonly Backup[]) => {
    for (const b of backups) {
      const t = b.startTime.getTime();
      if (t >= until.getTime()) continue;
      state.digest.add(b, t >= since.getTime());
    }
  };
  for await (const page of runtime.walk(instance, windowed ? windowQuery({}, plan.window) : {}, signal, observer)) {
    add(page.items);
    yield page;
  }
  let missing = state.digest.missing(plan.rules);
  if (!missing || !windowed) return;
  // Spans measured from `now`: the first older window reaches 4x as far back as the audit window, then 16x...
  const lookback = { anchor: since, until: since, firstSpanMs: (LOOKBACK_GROWTH - 1) * (plan.now.getTime() - since.getTime()) };
  for (const window of lookbackWindows(lookback, runtime.definition.timeWindow, instance)) {
    for await (const page of runtime.walk(instance, windowQuery(missing, window), signal, observer)) {
      add(page.items);
      yield page;
    }
    missing = state.digest.missing(plan.rules);
    if (!missing) return;
  }
}

async function readPolicy(runtime: SourceRuntime, instance: InstanceInfo, signal: AbortSignal, observer: ListingObserver): Promise<PolicyOutcome> {
  if (!runtime.definition.fetchBackupPolicy) return { kind: 'unsupported' };
  try {
    const policy = await runtime.policy(instance, signal, observer);
    return policy ? { kind: 'read', policy } : { kind: 'unsupported' };
  } catch (error) {
    return { kind: 'failed', error: toCloudBackupsError(error, instance.provider) };
  }
}

function auditedInstance(instance: InstanceInfo): AuditedInstance {
  const out: AuditedInstance = { provider: instance.provider, account: instance.account, region: instance.region, instanceId: instance.instanceId };
  if (instance.engine) out.engine = instance.engine;
  return out;
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

function instanceKey(instance: InstanceInfo): string {
  return `${instance.provider}\u0000${instance.account}\u0000${instance.region}\u0000${instance.instanceId}`;
}

function compareInstances(a: AuditedInstance, b: AuditedInstance): number {
  for (const key of ['provider', 'account', 'region', 'instanceId'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

/** How an audit ended, for exit codes: incomplete (something could not be checked) before breach before ok. */
export function auditOutcome(result: Pick<AuditResult, 'summary'>, failOn: 'alarm' | 'warn' = 'alarm'): 'ok' | 'breach' | 'incomplete' {
  const { summary } = result;
  if (summary.error > 0 || summary.sourcesFailed > 0) return 'incomplete';
  if (summary.alarm > 0 || (failOn === 'warn' && summary.warn > 0)) return 'breach';
  return 'ok';
}

