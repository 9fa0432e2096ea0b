/**
 * Audit scenarios seeded into the data, so that just after the anchor several instances breach
 * several rules (contracts section 3). Decided by an instance's position, never by a random draw, so
 * every other value stays what it was and the first instance of each account x region stays healthy.
 */
import type { BackupSeed } from './model.js';
import { DAY_MS } from './profile.js';

export interface Quirks {
  /** The newest backup attempt failed (latestFailed). */
  lastFailed?: boolean;
  /** Backups stopped this many days before the anchor (maxAge, consecutiveDays). */
  stoppedDaysAgo?: number;
  /** Every backup of the UTC day this many days before the anchor's failed (consecutiveDays); not where no failure is reported. */
  missedDayAgo?: number;
  /** The newest successful full backup is a fraction of the one before (sizeDrop). */
  sizeDrop?: boolean;
  /** The newest successful backup is marked unavailable where records can say so (RDS under rdsAvailability). */
  newestUnavailable?: boolean;
}

const PATTERN: readonly Quirks[] = [
  { lastFailed: true },
  { stoppedDaysAgo: 2, newestUnavailable: true },
  { missedDayAgo: 3, sizeDrop: true },
  {},
];

/** `ordinal`: the provider's place in the registry, so providers get different scenarios at the same index. */
export function quirksFor(ordinal: number, index: number): Quirks {
  if (index === 0) return {};
  return PATTERN[(index - 1 + 2 * ordinal) % PATTERN.length] ?? {};
}

export interface QuirkContext {
  anchor: number;
  /** The provider reports failed backups (CapitalOnline documents none, so it gets no failed ones). */
  reportsFailed: boolean;
}

const fail = (b: BackupSeed): void => {
  b.status = 'failed';
  b.sizeBytes = 0;
};

/** Applies the scenarios to a chronological history in place (the number of backups never changes). */
export function applyQuirks(history: BackupSeed[], q: Quirks, c: QuirkContext): BackupSeed[] {
  const out = history;
  const newest = out[out.length - 1];
  if (q.stoppedDaysAgo !== undefined && newest) {
    // The whole history moves back, so the newest backup ended that many days (and a few minutes) ago.
    const shift = c.anchor - q.stoppedDaysAgo * DAY_MS - 300_000 - (newest.end ?? newest.start);
    if (shift < 0) {
      for (const b of out) {
        b.start += shift;
        if (b.end !== undefined) b.end += shift;
      }
    }
  }
  if (q.missedDayAgo !== undefined && c.reportsFailed) {
    const dayStart = Math.floor(c.anchor / DAY_MS) * DAY_MS - q.missedDayAgo * DAY_MS;
    for (const b of out) if (b.start >= dayStart && b.start < dayStart + DAY_MS && b.status === 'success') fail(b);
  }
  if (q.sizeDrop) {
    const fulls = out.filter((b) => b.type === 'full' && b.status === 'success');
    const last = fulls[fulls.length - 1];
    if (last) last.sizeBytes = Math.max(1024, Math.floor((last.sizeBytes * 0.3) / 1024) * 1024);
  }
  if (q.newestUnavailable) {
    const ok = [...out].reverse().find((b) => b.status === 'success');
    if (ok) ok.unavailable = true;
  }
  if (q.lastFailed && c.reportsFailed) {
    // The newest attempt: a still-running backup is not one.
    const attempt = [...out].reverse().find((b) => b.status === 'success' || b.status === 'failed');
    if (attempt) fail(attempt);
  }
  return out;
}
