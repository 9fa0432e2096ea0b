import type { Backup } from '../model.js';

/**
 * "Newest" everywhere in the audit: the later start, then the later completion, then the greater id, so that the
 * answer never depends on the order a provider returned its rows in (nor on which of two equal rows came first).
 */
export function isNewer(a: Backup, b: Backup): boolean {
  const byStart = a.startTime.getTime() - b.startTime.getTime();
  if (byStart !== 0) return byStart > 0;
  const byEnd = completionTime(a).getTime() - completionTime(b).getTime();
  if (byEnd !== 0) return byEnd > 0;
  return a.id > b.id;
}

/** When a backup finished: its end time, or its start when the provider gives no end. */
export function completionTime(b: Backup): Date {
  return b.endTime ?? b.startTime;
}
