import { BACKUP_STATUSES, type Backup, type BackupStatus } from '../model.js';
import type { NormalizedQuery } from '../query.js';
import { dayIndexOf, type CalendarDay } from './calendar.js';
import { isNewer } from './order.js';
import type { ResolvedRules } from './rules.js';

/**
 * What the rules need to know of one instance's backups, gathered as pages arrive, so an audit holds a few
 * backups per instance however long the history it reads: the newest success, the newest attempt, the two newest
 * sized full successes, the newest success of each audited calendar day, and counts by status within the window.
 * "Newest" is by `isNewer`, never by arrival order.
 */
export class InstanceDigest {
  newestSuccess: Backup | undefined;
  newestAttempt: Backup | undefined;
  /** At most two, newest first. */
  readonly fullSuccesses: Backup[] = [];
  /** Per audited day (same order as `days`), its newest successful backup. */
  readonly dayEvidence: (Backup | undefined)[];
  /** Backups by status that started within the audit window. */
  readonly counts: Record<BackupStatus, number> = Object.fromEntries(BACKUP_STATUSES.map((s) => [s, 0])) as Record<BackupStatus, number>;
  engine: Backup['engine'];

  constructor(readonly days: readonly CalendarDay[]) {
    this.dayEvidence = days.map(() => undefined);
  }

  /** Adds a backup; `inWindow` when it came from the audit window (older ones only complete the "newest" facts). */
  add(backup: Backup, inWindow: boolean): void {
    this.engine ??= backup.engine;
    if (inWindow) this.counts[backup.status]++;
    if (backup.status === 'failed') {
      if (!this.newestAttempt || isNewer(backup, this.newestAttempt)) this.newestAttempt = backup;
      return;
    }
    if (backup.status !== 'success') return;
    if (!this.newestAttempt || isNewer(backup, this.newestAttempt)) this.newestAttempt = backup;
    if (!this.newestSuccess || isNewer(backup, this.newestSuccess)) this.newestSuccess = backup;
    if (backup.type === 'full' && backup.sizeBytes !== undefined) this.addFull(backup);
    if (this.days.length > 0) {
      const day = dayIndexOf(this.days, backup.startTime);
      const current = day >= 0 ? this.dayEvidence[day] : undefined;
      if (day >= 0 && (!current || isNewer(backup, current))) this.dayEvidence[day] = backup;
    }
  }

  private addFull(backup: Backup): void {
    const list = this.fullSuccesses;
    if (list.some((b) => b.id === backup.id)) return;
    list.push(backup);
    list.sort((a, b) => (isNewer(a, b) ? -1 : 1));
    if (list.length > 2) list.length = 2;
  }

  /**
   * Which "newest" facts these rules need that the digest does not hold yet: the newest success (maxAge, available),
   * the newest attempt (latestFailed), the two newest sized full successes (sizeDrop).
   */
  lacking(rules: ResolvedRules): { success: boolean; attempt: boolean; fulls: boolean } {
    return {
      success: (rules.maxAge !== undefined || rules.available !== undefined) && !this.newestSuccess,
      attempt: rules.latestFailed !== undefined && !this.newestAttempt,
      fulls: rules.sizeDrop !== undefined && this.fullSuccesses.length < 2,
    };
  }

  /**
   * What older windows still have to find for these rules, as a filter to push down; undefined when nothing.
   * Looking further back is only ever needed for "the newest X" facts: a day or a count lies in the window.
   */
  missing(rules: ResolvedRules): NormalizedQuery | undefined {
    const { success, attempt, fulls } = this.lacking(rules);
    if (attempt) return { status: new Set<BackupStatus>(['success', 'failed']) };
    if (success) return { status: new Set<BackupStatus>(['success']) };
    if (fulls) return { status: new Set<BackupStatus>(['success']), type: new Set(['full']) };
    return undefined;
  }
}
