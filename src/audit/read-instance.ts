import { toCloudBackupsError, type CloudBackupsError } from '../errors.js';
import type { InstanceLister } from '../listing/client.js';
import type { ListPage } from '../listing/paged-list.js';
import type { ListingObserver, SourceRuntime } from '../listing/source.js';
import type { Backup, InstanceInfo } from '../model.js';
import type { CalendarDay } from './calendar.js';
import { InstanceDigest } from './digest.js';
import type { AuditedInstance, PolicyOutcome } from './evaluate.js';
import { LOOKBACK_GROWTH, lookbackWindows } from './lookback.js';
import type { SourceRef } from './result.js';
import type { ResolvedRules } from './rules.js';
import { windowQuery } from './window-query.js';

/** One instance's state while the audit walks it. */
export interface Tracked {
  instance: AuditedInstance;
  source: SourceRef;
  digest: InstanceDigest;
  listingError?: CloudBackupsError;
  policy: PolicyOutcome;
}

export interface AuditPlan {
  rules: ResolvedRules;
  now: Date;
  window: { since: Date; until: Date };
  days: CalendarDay[];
  readPolicies: boolean;
}

/**
 * The per-instance lister an audit hands to `walkAll`: it registers the instance in `tracked`, reads its history
 * and (when needed) its policy, and passes every page on (the items only feed progress counts).
 */
export function auditLister(plan: AuditPlan, tracked: Map<string, Tracked>): InstanceLister {
  return async function* auditInstance(runtime, instance, signal, observer) {
    const state: Tracked = {
      instance: auditedInstance(instance),
      // The region (or CapitalOnline site) the instance was listed through: what collection success is reported by.
      source: { provider: instance.provider, account: instance.account, region: instance.location ?? instance.region },
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

/** The instance as a finding names it: where it is, and its engine when known. */
export function auditedInstance(instance: InstanceInfo): AuditedInstance {
  const out: AuditedInstance = { provider: instance.provider, account: instance.account, region: instance.region, instanceId: instance.instanceId };
  if (instance.engine) out.engine = instance.engine;
  return out;
}

export function instanceKey(instance: InstanceInfo): string {
  return `${instance.provider}\u0000${instance.account}\u0000${instance.region}\u0000${instance.instanceId}`;
}
