/**
 * Generates one instance's backup history: a daily automated full backup in the instance's
 * window, incremental / differential ones between them where the engine has them, the odd
 * manual backup, a few failures. Pure: the same seed and instance give the same history.
 */
import type { BackupSeed, InstanceSeed } from './model.js';
import { DAY_MS } from './profile.js';
import type { ProviderProfile } from './profile.js';
import type { Rng } from './random.js';
import { chance, pick, randInt } from './random.js';
import type { EmulatedMethod, EmulatedMode, EmulatedType } from './types.js';

interface Event { start: number; mode: EmulatedMode; type: EmulatedType; method: EmulatedMethod }

export interface IdState { numericId: number; jobId: number }

export function initialIds(rng: Rng): IdState {
  return { numericId: randInt(rng, 100_000_000, 700_000_000), jobId: randInt(rng, 10_000_000, 90_000_000) };
}

export function generateHistory(
  inst: InstanceSeed, profile: ProviderProfile, count: number, anchor: number, rng: Rng, ids: IdState,
): BackupSeed[] {
  if (count <= 0) return [];
  const s = inst.schedule;
  const slots = s.incrementalPerDay + s.differentialPerDay;
  const events: Event[] = [];
  for (let k = 0; events.length < count; k++) {
    const cycleStart = anchor - (k + 1) * DAY_MS;
    const full = cycleStart + s.windowMs + randInt(rng, 0, 600) * 1000;
    events.push({ start: full, mode: 'automated', type: 'full', method: inst.fullMethod });
    for (let j = 1; j <= slots; j++) {
      const type: EmulatedType = j <= s.differentialPerDay ? 'differential' : 'incremental';
      const method: EmulatedMethod = inst.fullMethod === 'snapshot' ? 'physical' : inst.fullMethod;
      // Huawei's record for a differential (`fragment`) does not say whether a policy or a person took it,
      // and the truth is what the record says: 'unknown'.
      const mode = type === 'differential' ? 'unknown' : 'automated';
      events.push({ start: full + Math.floor((j * DAY_MS) / (slots + 1)) + randInt(rng, 0, 120) * 1000, mode, type, method });
    }
    if (chance(rng, s.manualPerDay)) {
      events.push({ start: cycleStart + randInt(rng, 0, 86_399) * 1000, mode: 'manual', type: 'full', method: pick(rng, inst.manualMethods) });
    }
  }
  events.sort((a, b) => a.start - b.start);
  const kept = events.slice(events.length - count);

  // Strictly increasing start times keep binary search and "newest first" unambiguous.
  for (let i = 1; i < kept.length; i++) {
    const prev = kept[i - 1];
    const cur = kept[i];
    if (prev && cur && cur.start <= prev.start) cur.start = prev.start + 1000;
  }

  const backups = kept.map((e) => makeBackup(inst, profile, e, anchor, rng, ids));
  const newest = backups[backups.length - 1];
  if (newest && s.newestRunning && profile.reportsRunning) {
    newest.status = 'running';
    delete newest.end;
    newest.sizeBytes = 0;
  }
  // Shift the whole history so the newest backup finishes a few minutes before the anchor.
  if (newest) {
    const delta = anchor - randInt(rng, 60, 600) * 1000 - (newest.end ?? newest.start);
    for (const b of backups) {
      b.start += delta;
      if (b.end !== undefined) b.end += delta;
    }
  }
  if (profile.reportsDeleting && s.deletingRate > 0) {
    for (const b of backups.slice(0, Math.max(0, backups.length - 7))) {
      if (b.status === 'success' && b.mode === 'manual' && chance(rng, Math.min(1, s.deletingRate * 25))) b.status = 'deleting';
    }
  }
  return backups;
}

/** New backups after the newest one (drift). Returned oldest first, ready to append. */
export function generateDrift(
  inst: InstanceSeed, profile: ProviderProfile, after: BackupSeed | undefined, count: number, rng: Rng, ids: IdState, anchor: number,
): BackupSeed[] {
  const out: BackupSeed[] = [];
  let last = after;
  for (let i = 0; i < count; i++) {
    const base = last ? Math.max(last.start, last.end ?? last.start) : anchor;
    const start = base + randInt(rng, 60, 1800) * 1000;
    const hasIncremental = inst.schedule.incrementalPerDay > 0;
    const roll = rng();
    const e: Event =
      roll < 0.2 ? { start, mode: 'manual', type: 'full', method: pick(rng, inst.manualMethods) }
      : roll < 0.55 && hasIncremental ? { start, mode: 'automated', type: 'incremental', method: inst.fullMethod === 'snapshot' ? 'physical' : inst.fullMethod }
      : { start, mode: 'automated', type: 'full', method: inst.fullMethod };
    const b = makeBackup(inst, profile, e, start, rng, ids, false);
    out.push(b);
    last = b;
  }
  return out;
}

function makeBackup(
  inst: InstanceSeed, profile: ProviderProfile, e: Event, anchor: number, rng: Rng, ids: IdState, mayFail = true,
): BackupSeed {
  ids.numericId += randInt(rng, 1_000, 300_000);
  ids.jobId += randInt(rng, 1, 5_000);
  const id = profile.backupId(inst, ids.numericId, rng);
  const ageDays = Math.max(0, (anchor - e.start) / DAY_MS);
  const data = inst.dataSizeBytes * Math.max(0.3, 1 - 0.0008 * ageDays);
  const failed = mayFail && chance(rng, inst.schedule.failedRate);
  let size: number;
  let seconds: number;
  if (e.type === 'incremental') {
    size = data * (0.002 + rng() * 0.028);
    seconds = randInt(rng, 5, 300);
  } else if (e.type === 'differential') {
    size = data * (0.02 + rng() * 0.13);
    seconds = randInt(rng, 60, 1800);
  } else if (e.method === 'snapshot') {
    size = data * (0.98 + rng() * 0.04);
    seconds = randInt(rng, 30, 300);
  } else if (e.method === 'logical') {
    size = data * (0.15 + rng() * 0.15);
    seconds = Math.round(size / (20 * 2 ** 20)) + randInt(rng, 10, 120);
  } else {
    size = data * (0.35 + rng() * 0.15);
    seconds = Math.round(size / (randInt(rng, 40, 200) * 2 ** 20)) + randInt(rng, 20, 120);
  }
  // A provider reporting KB keeps whole kilobytes, so bytes = KB * 1024 exactly.
  const unit = profile.sizeUnitBytes ?? 1;
  let sizeBytes = Math.ceil(Math.max(1024, Math.round(size)) / unit) * unit;
  if (failed) {
    sizeBytes = 0;
    seconds = randInt(rng, 10, 600);
  }
  return {
    id,
    numericId: ids.numericId,
    jobId: ids.jobId,
    status: failed ? 'failed' : 'success',
    mode: e.mode,
    type: e.type,
    method: e.method,
    start: e.start,
    end: e.start + seconds * 1000,
    sizeBytes,
    r: randInt(rng, 0, 0xffffffff),
  };
}
