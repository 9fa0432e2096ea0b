/**
 * Each instance's backup policy, from its data: most keep 7 days, some less or more (by the
 * instance's random bits); the window is where its automated full backups actually run; a provider
 * that can switch automated backups off (Huawei keep_days 0) has them off where they stopped.
 */
import type { InstanceData } from './dataset.js';
import { DAY_MS } from './profile.js';

export interface PolicySeed {
  automated: boolean;
  retentionDays: number;
  /** UTC hour at which the one-hour backup window starts. */
  windowHour: number;
  /** Log (binlog / WAL) backups on, where the provider has them. */
  logBackup: boolean;
  logRetentionDays: number;
}

export interface PolicyTraits {
  /** The provider's policy can turn automated backups off. */
  canDisable: boolean;
  /** The provider backs up logs (binlog/WAL) as part of its policy. */
  logBackups: boolean;
}

const RETENTION = [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 5, 5, 14, 30, 30] as const;

export function policySeed(inst: InstanceData, traits: PolicyTraits): PolicySeed {
  const s = inst.seed;
  const retentionDays = RETENTION[(s.r >>> 5) % RETENTION.length] ?? 7;
  // The newest automated full, found from the newest end (histories can be long).
  const history = inst.chronological();
  let newest;
  for (let i = history.length - 1; i >= 0 && !newest; i--) {
    const b = history[i];
    if (b && b.mode === 'automated' && b.type === 'full') newest = b;
  }
  const windowHour = newest ? Math.floor((newest.start % DAY_MS) / 3_600_000) : Math.floor(s.schedule.windowMs / 3_600_000) % 24;
  return {
    // Automated backups that stopped days ago were switched off, where the policy can say so.
    automated: !(traits.canDisable && s.quirks.stoppedDaysAgo !== undefined),
    retentionDays,
    windowHour,
    logBackup: traits.logBackups && ((s.r >>> 10) & 7) !== 0,
    logRetentionDays: retentionDays,
  };
}

/** The next start of the daily window after `now` (ms). */
export function nextWindowStart(windowHour: number, now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + windowHour * 3_600_000;
  return today > now ? today : today + DAY_MS;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const hh = (h: number): string => String(h % 24).padStart(2, '0');
