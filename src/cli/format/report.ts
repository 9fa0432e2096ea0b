import type { TextSink } from '../output.js';
import { alignColumns } from './columns.js';
import { csvRow } from './csv.js';
import type { OutputFormat } from './writer.js';

/** A value of a report row, as machine formats carry it: exact (ISO instants, bytes), null when absent. */
export type ReportValue = string | number | boolean | null | readonly string[] | readonly Record<string, unknown>[];

/** One column: its key in the records, its table header, and how the table shows it (default: the value as text). */
export interface ReportColumn<R> {
  key: keyof R & string;
  header: string;
  /** The table cell for people (human sizes, times to the second); machine formats keep the exact value. */
  cell?: (record: R) => string;
  /** Right-aligned in the table (sizes, counts). */
  right?: boolean;
  /** Left out of the table (a detail only machine formats carry, such as a day-by-day list). */
  machineOnly?: boolean;
  /** A list of objects: in json and ndjson only (a csv cell cannot hold it). */
  nested?: boolean;
}

export interface ReportOptions {
  /** The table's line when there are no rows. */
  empty: string;
  /** The table's last line (a count), if any. */
  summary?: string;
}

/**
 * Writes rows in one of `list`'s formats: an aligned table for people (with `summary` below), a JSON array, one
 * JSON object per line, or CSV with a header (lists joined with spaces). Every record has every column's key.
 */
export async function writeReport<R extends Record<string, ReportValue>>(
  format: OutputFormat,
  records: readonly R[],
  columns: readonly ReportColumn<R>[],
  sink: TextSink,
  options: ReportOptions,
): Promise<void> {
  switch (format) {
    case 'json':
      return sink.write(`${JSON.stringify(records, null, 2)}\n`);
    case 'ndjson':
      return sink.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    case 'csv': {
      const fields = columns.filter((c) => !c.nested);
      return sink.write(csvRow(fields.map((c) => c.key)) + records.map((r) => csvRow(fields.map((c) => csvValue(r[c.key] as ReportValue)))).join(''));
    }
    case 'table': {
      const shown = columns.filter((c) => !c.machineOnly);
      const right = new Set(shown.flatMap((c, i) => (c.right ? [i] : [])));
      const lines = records.length === 0 ? [options.empty] : alignColumns([shown.map((c) => c.header), ...records.map((r) => shown.map((c) => (c.cell ? c.cell(r) : textOf(r[c.key] as ReportValue))))], right);
      return sink.write(`${lines.join('\n')}\n${options.summary !== undefined ? `\n${options.summary}\n` : ''}`);
    }
  }
}

/** A value as a CSV cell: lists joined with spaces, booleans as text. */
export function csvValue(value: ReportValue): string | number | null {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  return (value as readonly string[]).join(' ');
}

function textOf(value: ReportValue): string {
  if (value === null) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(', ');
  return String(value);
}
