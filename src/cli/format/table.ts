import type { Backup } from '../../index.js';
import type { TextSink } from '../output.js';
import { formatBytes } from './human-size.js';
import { plural } from './plural.js';
import { formatInstant } from './time.js';
import type { BackupWriter, ListingSummary, WriterOptions } from './writer.js';

const COLUMNS = ['PROVIDER', 'REGION', 'INSTANCE', 'ID', 'STATUS', 'MODE', 'TYPE', 'METHOD', 'ENGINE', 'START', 'END', 'SIZE'] as const;
const RIGHT_ALIGNED = new Set<number>([COLUMNS.indexOf('SIZE')]);

/** `12 backups, 3.21 GiB in total, 1 failure`: the last line of the table, also what the demo reports. */
export function summaryLine(summary: ListingSummary): string {
  const parts = [plural(summary.count, 'backup'), `${formatBytes(summary.totalBytes)} in total`, plural(summary.failures, 'failure')];
  const limited = summary.limit !== undefined ? ` (stopped at --limit ${summary.limit})` : '';
  return `${parts.join(', ')}${limited}`;
}

/** Pads each column to its widest cell; sizes align right so their units line up. */
export function alignColumns(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        if (rightAligned.has(i)) return cell.padStart(width);
        return i === row.length - 1 ? cell : cell.padEnd(width);
      })
      .join('  '),
  );
}

function row(b: Backup, local: boolean): string[] {
  const engine = [b.engine, b.engineVersion].filter(Boolean).join(' ') || '-';
  return [
    b.provider,
    b.region ?? '-',
    b.instanceId,
    b.id,
    b.status,
    b.mode,
    b.type,
    b.method,
    engine,
    formatInstant(b.startTime, local),
    formatInstant(b.endTime, local),
    formatBytes(b.sizeBytes),
  ];
}

/**
 * For people: aligned columns need every width, so rows are held (as short strings) until the end,
 * then printed with a summary line. Machine formats stream instead.
 */
export function createTableWriter(sink: TextSink, options: Pick<WriterOptions, 'local'>): BackupWriter {
  const rows: string[][] = [];
  return {
    async write(backup) {
      rows.push(row(backup, options.local));
    },
    async end(summary) {
      const body = rows.length > 0 ? `${alignColumns([[...COLUMNS], ...rows], RIGHT_ALIGNED).join('\n')}\n\n` : 'No backups matched.\n';
      await sink.write(`${body}${summaryLine(summary)}\n`);
    },
  };
}
