/**
 * The emulated cloud's contents: instances per provider, each with a lazily generated,
 * chronologically sorted backup history that drift can extend at the head.
 */
import type { ProviderName } from '../model.js';
import type { BackupSeed, InstanceSeed } from './model.js';
import type { ProfileContext, ProviderProfile } from './profile.js';
import type { Rng } from './random.js';
import { streamFor } from './random.js';
import type { IdState } from './timeline.js';
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

  constructor(
    readonly seed: InstanceSeed,
    private readonly profile: ProviderProfile,
    private readonly count: number,
    private readonly anchor: number,
    emulatorSeed: number,
  ) {
    this.historyRng = streamFor(emulatorSeed, 'history', seed.provider, seed.index);
    this.driftRng = streamFor(emulatorSeed, 'drift', seed.provider, seed.index);
    this.ids = initialIds(streamFor(emulatorSeed, 'ids', seed.provider, seed.index));
  }

  /** Oldest first. Generated on first use. */
  chronological(): readonly BackupSeed[] {
    this.history ??= generateHistory(this.seed, this.profile, this.count, this.anchor, this.historyRng, this.ids);
    return this.history;
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
    const added = generateDrift(this.seed, this.profile, all[all.length - 1], count, this.driftRng, this.ids, this.anchor);
    all.push(...added);
    this.version++;
    return added.reverse();
  }
}

export class ProviderData {
  readonly instances: InstanceData[];
  private readonly byId = new Map<string, InstanceData>();

  constructor(readonly profile: ProviderProfile, instanceCount: number, backupsPerInstance: number, ctx: ProfileContext, seed: number) {
    const rng = streamFor(seed, 'instances', profile.provider);
    this.instances = [];
    for (let i = 0; i < instanceCount; i++) {
      const inst = new InstanceData(profile.makeInstance(rng, i, ctx), profile, backupsPerInstance, ctx.anchor, seed);
      this.instances.push(inst);
      this.byId.set(inst.seed.id, inst);
    }
  }

  get(instanceId: string): InstanceData | undefined {
    return this.byId.get(instanceId);
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
