/**
 * The emulated cloud's contents: instances per provider, each with a lazily generated,
 * chronologically sorted backup history that drift can extend at the head.
 */
import type { ProviderName } from './types.js';
import type { BackupSeed, DataSettings, InstanceSeed } from './model.js';
import type { ProfileContext, ProviderProfile } from './profile.js';
import type { Rng } from './random.js';
import { streamFor } from './random.js';
import type { IdState } from './timeline.js';
import { applyQuirks, quirksFor } from './scenarios.js';
import { generateDrift, generateHistory, initialIds } from './timeline.js';

/** A newest-first view over part of a history. */
export interface BackupView {
  total: number;
  at(index: number): BackupSeed | undefined;
}

export interface BackupQuery {
  /** Inclusive bounds on the start time (ms). */
  from?: number;
  to?: number;
  /** Extra server-side filter; `key` names it for the per-instance cache. */
  filter?: { key: string; test: (b: BackupSeed) => boolean };
}

const CACHE_LIMIT = 32;

export class InstanceData {
  private history: BackupSeed[] | undefined;
  private version = 0;
  private readonly cache = new Map<string, { version: number; items: BackupSeed[] }>();
  private readonly ids: IdState;
  private readonly historyRng: Rng;
  private readonly driftRng: Rng;

  /** `streamKey` names the instance's random streams (provider, scope and index), so each history is independent. */
  constructor(
    readonly seed: InstanceSeed,
    private readonly profile: ProviderProfile,
    private readonly count: number,
    private readonly anchor: number,
    emulatorSeed: number,
    streamKey: ReadonlyArray<string | number>,
  ) {
    this.historyRng = streamFor(emulatorSeed, 'history', ...streamKey);
    this.driftRng = streamFor(emulatorSeed, 'drift', ...streamKey);
    this.ids = initialIds(streamFor(emulatorSeed, 'ids', ...streamKey));
  }

  /** Backups start before this instant (ms) from now on (`emu.stopBackups`). */
  private stoppedAt = Infinity;

  /** Oldest first. Generated on first use. */
  chronological(): readonly BackupSeed[] {
    if (!this.history) {
      const generated = generateHistory(this.seed, this.profile, this.count, this.anchor, this.historyRng, this.ids);
      this.history = applyQuirks(generated, this.seed.quirks, { anchor: this.anchor, reportsFailed: this.profile.reportsFailed !== false });
    }
    return this.history;
  }

  /** No backup starts at or after `at` any more: those already there are gone, and drift adds none. */
  stop(at: number): void {
    this.stoppedAt = Math.min(this.stoppedAt, at);
    const all = this.chronological() as BackupSeed[];
    const keep = upperBound(all, at - 1);
    if (keep < all.length) {
      all.length = keep;
      this.version++;
    }
  }

  /**
   * The cloud deleted these backups: they leave the history itself, so every view built afterwards (pages, totals,
   * filters, a job's shard rows, the ground truth) lacks them alike. The rest keep their order and ids; drift goes on
   * after the newest one left.
   */
  remove(gone: ReadonlySet<BackupSeed>): void {
    if (gone.size === 0) return;
    const all = this.chronological() as BackupSeed[];
    let kept = 0;
    for (const b of all) if (!gone.has(b)) all[kept++] = b;
    all.length = kept;
    this.version++;
  }

  query(q: BackupQuery = {}): BackupView {
    const all = this.chronological();
    const lo = q.from === undefined ? 0 : lowerBound(all, q.from);
    const hi = q.to === undefined ? all.length : upperBound(all, q.to);
    if (!q.filter) {
      const total = Math.max(0, hi - lo);
      return { total, at: (i) => (i >= 0 && i < total ? all[hi - 1 - i] : undefined) };
    }
    const key = `${q.filter.key}|${lo}|${hi}`;
    let entry = this.cache.get(key);
    if (!entry || entry.version !== this.version) {
      const items: BackupSeed[] = [];
      for (let i = hi - 1; i >= lo; i--) {
        const b = all[i];
        if (b && q.filter.test(b)) items.push(b);
      }
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      entry = { version: this.version, items };
      this.cache.set(key, entry);
    }
    const items = entry.items;
    return { total: items.length, at: (i) => items[i] };
  }

  /** Appends `count` newer backups; returns them newest first. */
  drift(count: number): BackupSeed[] {
    const all = this.chronological() as BackupSeed[];
    const added = generateDrift(this.seed, this.profile, all[all.length - 1], count, this.driftRng, this.ids, this.anchor)
      .filter((b) => b.start < this.stoppedAt);
    all.push(...added);
    this.version++;
    return added.reverse();
  }
}

/** Where instances live: one account in one region. */
export interface Scope {
  account: string;
  region: string;
}

export interface ProviderDataOptions {
  profile: ProviderProfile;
  /** The provider's place in the registry (audit scenarios differ by provider). */
  ordinal: number;
  settings: DataSettings;
  /** Account x region pairs; the first is the scope a single-account, single-region emulator had. */
  scopes: readonly Scope[];
  instancesPerScope: number;
  backupsPerInstance: number;
  anchor: number;
  seed: number;
}

export class ProviderData {
  /** Every instance of every scope, scope by scope. */
  readonly instances: InstanceData[] = [];
  private readonly byId = new Map<string, InstanceData>();

  constructor(o: ProviderDataOptions) {
    const provider = o.profile.provider;
    o.scopes.forEach((scope, s) => {
      // The first scope keeps the streams of the single-scope emulator, so its data is unchanged by accounts/regions.
      const scopeKey = s === 0 ? [provider] : [provider, scope.account, scope.region];
      const rng = streamFor(o.seed, 'instances', ...scopeKey);
      const ctx: ProfileContext = { anchor: o.anchor, backupsPerInstance: o.backupsPerInstance, settings: o.settings, ...scope };
      const n = o.instancesPerScope;
      for (let i = 0; i < n; i++) {
        const seed: InstanceSeed = { ...o.profile.makeInstance(rng, i, ctx), settings: o.settings, quirks: quirksFor(o.ordinal, i) };
        if (o.settings.shapes.emptyBodies && o.profile.emptyInstances && n >= 2 && i === n - 1) seed.backupless = true;
        const count = seed.backupless ? 0 : o.backupsPerInstance;
        const inst = new InstanceData(seed, o.profile, count, o.anchor, o.seed, [...scopeKey, i]);
        this.instances.push(inst);
        this.byId.set(inst.seed.id, inst);
      }
    });
  }

  /** Any account's instance (ground truth and test helpers). */
  get(instanceId: string): InstanceData | undefined {
    return this.byId.get(instanceId);
  }

  /** The instance as `account` sees it: another account's instance does not exist for it. */
  find(account: string, instanceId: string): InstanceData | undefined {
    const inst = this.byId.get(instanceId);
    return inst?.seed.account === account ? inst : undefined;
  }

  /** The account's instances, in one region or all. */
  list(account: string, region?: string): InstanceData[] {
    return this.instances.filter((i) => i.seed.account === account && (region === undefined || i.seed.region === region));
  }
}

export type Dataset = Record<ProviderName, ProviderData>;

function lowerBound(a: readonly BackupSeed[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid]?.start ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: readonly BackupSeed[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid]?.start ?? Infinity) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
