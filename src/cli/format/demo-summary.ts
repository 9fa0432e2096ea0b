import { BACKUP_STATUSES, PROVIDER_NAMES, type Backup, type BackupStatus, type ProviderName } from '../../index.js';
import { formatBytes } from './human-size.js';
import { alignColumns } from './columns.js';
import { formatInstant } from './time.js';

const NEWEST_FAILED_SHOWN = 5;

/**
 * Running counts over a listing (per provider and status, sizes, the newest failed backups): what the
 * demo prints. Holds counters and a handful of backups, never the listing.
 */
export class BackupTally {
  readonly counts = new Map<ProviderName, Record<BackupStatus, number>>();
  readonly bytes = new Map<ProviderName, number>();
  readonly instances = new Set<string>();
  total = 0;
  totalBytes = 0;
  /** Newest first, at most `NEWEST_FAILED_SHOWN`. */
  readonly newestFailed: Backup[] = [];

  add(b: Backup): void {
    const counts = this.counts.get(b.provider) ?? emptyCounts();
    counts[b.status]++;
    this.counts.set(b.provider, counts);
    this.bytes.set(b.provider, (this.bytes.get(b.provider) ?? 0) + (b.sizeBytes ?? 0));
    this.instances.add(`${b.provider}\u0000${b.instanceId}`);
    this.total++;
    this.totalBytes += b.sizeBytes ?? 0;
    if (b.status === 'failed') this.keepIfNewest(b);
  }

  private keepIfNewest(b: Backup): void {
    const at = this.newestFailed.findIndex((f) => f.startTime.getTime() < b.startTime.getTime());
    if (at === -1) this.newestFailed.push(b);
    else this.newestFailed.splice(at, 0, b);
    if (this.newestFailed.length > NEWEST_FAILED_SHOWN) this.newestFailed.pop();
  }
}

function emptyCounts(): Record<BackupStatus, number> {
  return Object.fromEntries(BACKUP_STATUSES.map((s) => [s, 0])) as Record<BackupStatus, number>;
}

/** The per-provider table (one column per status), the total size, and the newest failed backups. */
export function renderTally(tally: BackupTally, local = false): string {
  const header = ['PROVIDER', ...BACKUP_STATUSES.map((s) => s.toUpperCase()), 'TOTAL', 'SIZE'];
  const providers = PROVIDER_NAMES.filter((p) => tally.counts.has(p));
  const rows = providers.map((p) => {
    const counts = tally.counts.get(p) ?? emptyCounts();
    const total = BACKUP_STATUSES.reduce((sum, s) => sum + counts[s], 0);
    return [p, ...BACKUP_STATUSES.map((s) => String(counts[s])), String(total), formatBytes(tally.bytes.get(p) ?? 0)];
  });
  const all = emptyCounts();
  for (const counts of tally.counts.values()) for (const s of BACKUP_STATUSES) all[s] += counts[s];
  rows.push(['all', ...BACKUP_STATUSES.map((s) => String(all[s])), String(tally.total), formatBytes(tally.totalBytes)]);
  const numeric = new Set(header.map((_, i) => i).filter((i) => i > 0));
  const lines = [...alignColumns([header, ...rows], numeric), '', `Total size: ${formatBytes(tally.totalBytes)} (${tally.totalBytes} bytes)`, ''];

  if (tally.newestFailed.length === 0) {
    lines.push('No failed backups.');
  } else {
    lines.push(`Newest failed backups:`);
    const failed = tally.newestFailed.map((b) => [formatInstant(b.startTime, local), b.provider, b.instanceId, b.id, b.type, formatBytes(b.sizeBytes)]);
    lines.push(...alignColumns([['START', 'PROVIDER', 'INSTANCE', 'ID', 'TYPE', 'SIZE'], ...failed], new Set([5])).map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}
