import type { TextSink } from '../output.js';
import { RECORD_FIELDS, toBackupRecord } from './record.js';
import type { BackupWriter } from './writer.js';

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled; null is empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** A header, then one row per backup as it arrives. Rows end with LF (what Unix tools expect; RFC 4180 readers accept it). */
export function createCsvWriter(sink: TextSink): BackupWriter {
  let headerWritten = false;
  const header = () => {
    if (headerWritten) return '';
    headerWritten = true;
    return csvRow(RECORD_FIELDS);
  };
  return {
    async write(backup) {
      const record = toBackupRecord(backup);
      await sink.write(header() + csvRow(RECORD_FIELDS.map((f) => record[f])));
    },
    async end() {
      await sink.write(header());
    },
  };
}
