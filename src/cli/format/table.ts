import { BACKUP_METHODS, BACKUP_MODES, BACKUP_STATUSES, BACKUP_TYPES, PROVIDER_NAMES, type Backup } from '../../index.js';
import type { TextSink } from '../output.js';
import { ColumnLayout } from './columns.js';
import { formatBytes } from './human-size.js';
import { plural } from './plural.js';
import { formatInstant } from './time.js';
import type { BackupWriter, ListingSummary, WriterOptions } from './writer.js';

const COLUMNS = ['PROVIDER', 'ACCOUNT', 'REGION', 'INSTANCE', 'ID', 'STATUS', 'MODE', 'TYPE', 'METHOD', 'ENGINE', 'START', 'END', 'SIZE'] as const;
const RIGHT_ALIGNED = new Set<number>([COLUMNS.indexOf('SIZE')]);

/** Rows held to measure the columns before the first line is printed; later rows print as they arrive. */
export const TABLE_LOOKAHEAD_ROWS = 100;

// The widest size formatBytes prints ("1023 KiB", "1.00 GiB", "1000 MiB").
const SIZE_WIDTH = 8;

/** `12 backups, 3.21 GiB in total, 1 listing error`: the last line of the table. */
export function summaryLine(summary: ListingSummary): string {
  const parts = [plural(summary.count, 'backup'), `${formatBytes(summary.totalBytes)} in total`, plural(summary.listingErrors, 'listing error')];
  const limited = summary.limit !== undefined ? ` (stopped at --limit ${summary.limit})` : '';
  return `${parts.join(', ')}${limited}`;
}

function cells(b: Backup, local: boolean): string[] {
  const engine = [b.engine, b.engineVersion].filter(Boolean).join(' ') || '-';
  return [
    b.provider,
    b.account,
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

/** Column widths known before any row: the header, and the widest value of each closed vocabulary. */
function floorWidths(local: boolean): number[] {
  const widest = (values: readonly string[]) => Math.max(...values.map((v) => v.length));
  const time = formatInstant(new Date(Date.UTC(2000, 0, 1)), local).length;
  const known: Partial<Record<(typeof COLUMNS)[number], number>> = {
    PROVIDER: widest(PROVIDER_NAMES),
    STATUS: widest(BACKUP_STATUSES),
    MODE: widest(BACKUP_MODES),
    TYPE: widest(BACKUP_TYPES),
    METHOD: widest(BACKUP_METHODS),
    START: time,
    END: time,
    SIZE: SIZE_WIDTH,
  };
  return COLUMNS.map((c) => Math.max(c.length, known[c] ?? 0));
}

/**
 * For people: aligned columns, streamed. The first `TABLE_LOOKAHEAD_ROWS` rows fix the widths of the open-ended
 * columns (account, region, instance, id, engine); every later row prints as it arrives (a wider cell widens its column from
 * there on), so memory stays flat however long the listing. The summary line comes last.
 */
export function createTableWriter(sink: TextSink, options: Pick<WriterOptions, 'local'>, lookahead = TABLE_LOOKAHEAD_ROWS): BackupWriter {
  const layout = new ColumnLayout(floorWidths(options.local), RIGHT_ALIGNED);
  let held: string[][] | undefined = [];

  const release = async (rows: string[][]) => {
    held = undefined;
    for (const row of rows) layout.fit(row);
    await sink.write(`${[layout.line(COLUMNS), ...rows.map((row) => layout.line(row))].join('\n')}\n`);
  };

  return {
    async write(backup) {
      const row = cells(backup, options.local);
      if (held) {
        held.push(row);
        if (held.length >= lookahead) await release(held);
        return;
      }
      layout.fit(row);
      await sink.write(`${layout.line(row)}\n`);
    },
    async end(summary) {
      if (held && held.length === 0) await sink.write('No backups matched.\n');
      else if (held) await release(held);
      await sink.write(`\n${summaryLine(summary)}\n`);
    },
  };
}
