import type { Backup, InstanceInfo, ListingFailure, ProviderName } from '../index.js';

/** Failures kept per run (in memory and in the run's row); the total is always counted. */
export const MAX_KEPT_FAILURES = 1000;

/** An instance is one (provider, account, instance id): the region is an attribute (see the instances table). */
export function instanceKey(provider: string, account: string, instanceId: string): string {
  return `${provider}\u0000${account}\u0000${instanceId}`;
}

export interface InstanceState {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  /** What discovery said about it, when `client.instances()` returned it. */
  info?: InstanceInfo;
  /** Backups the listing yielded for it. */
  listed: number;
  /** Its walk failed (a failure with its id and no record id). */
  walkFailed: boolean;
  /** Records of it that could not be mapped. */
  recordFailures: number;
}

/**
 * - complete: every backup of the instance was listed: merge, and mark gone what was not seen;
 * - incomplete: what was listed is true, but something may be missing: merge, mark nothing gone;
 * - failed: its walk failed: leave its rows untouched (the run records why).
 */
export type Verdict = 'complete' | 'incomplete' | 'failed';

/**
 * What one run learned about each instance, from discovery and from the listing's pages, and the rule that
 * decides which instances were listed completely (the only ones whose unseen backups may be marked gone):
 *
 * - a failure naming the instance without a record id (its walk failed): failed;
 * - a failure naming one of its records (could not be mapped): incomplete;
 * - backups of it were listed and no failure names it: complete. An instance's walk either runs to its
 *   end or reports a failure carrying the instance id (the client catches every walk's error so);
 * - discovered but nothing listed: complete (it has no backups now), unless a failure without an instance id
 *   (a source or region: discovery failed there) covers its provider and account. Such a failure's region
 *   may be a CapitalOnline site rather than the instance's region, so it covers the whole account.
 *
 * Instances neither discovered nor listed are not candidates at all: their rows are left untouched.
 * Memory: one small state per instance, never the backups.
 */
export class ListingLedger {
  private readonly states = new Map<string, InstanceState>();
  private readonly coveredAccounts = new Set<string>();
  readonly failures: ListingFailure[] = [];
  failuresTotal = 0;
  listed = 0;

  discovered(info: InstanceInfo): void {
    const state = this.state(info.provider, info.account, info.region, info.instanceId);
    state.info = info;
    state.region = info.region;
  }

  items(backups: readonly Backup[]): void {
    for (const b of backups) {
      const state = this.state(b.provider, b.account, b.region, b.instanceId);
      // A state a failure created carries the failure's region, which may be a site: prefer the backup's.
      if (state.listed === 0 && !state.info) state.region = b.region;
      state.listed++;
    }
    this.listed += backups.length;
  }

  /** A failure the listing reported: kept for the run's record, and applied to the instances it concerns. */
  failure(failure: ListingFailure): void {
    this.failuresTotal++;
    if (this.failures.length < MAX_KEPT_FAILURES) this.failures.push(failure);
    this.applyFailure(failure);
  }

  /** A failure seen only by discovery before the listing: it decides completeness, and is not recorded twice. */
  applyFailure(failure: ListingFailure): void {
    if (failure.instanceId === undefined) {
      this.coveredAccounts.add(`${failure.provider}\u0000${failure.account}`);
      return;
    }
    const state = this.state(failure.provider, failure.account, failure.region ?? '', failure.instanceId);
    if (failure.recordId === undefined) state.walkFailed = true;
    else state.recordFailures++;
  }

  /** Instances to merge: listed or discovered (an instance only a failure names has nothing to merge). */
  *candidates(): Generator<InstanceState> {
    for (const state of this.states.values()) if (state.listed > 0 || state.info) yield state;
  }

  verdict(state: InstanceState): Verdict {
    if (state.walkFailed) return 'failed';
    if (state.recordFailures > 0) return 'incomplete';
    if (state.listed > 0) return 'complete';
    return this.coveredAccounts.has(`${state.provider}\u0000${state.account}`) ? 'incomplete' : 'complete';
  }

  private state(provider: ProviderName, account: string, region: string, instanceId: string): InstanceState {
    const key = instanceKey(provider, account, instanceId);
    let state = this.states.get(key);
    if (!state) {
      state = { provider, account, region, instanceId, listed: 0, walkFailed: false, recordFailures: 0 };
      this.states.set(key, state);
    }
    return state;
  }
}
