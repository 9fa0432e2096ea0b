import type { Backup } from '../../index.js';
import type { TextSink } from '../output.js';
import { redactedRaw, toBackupRecord } from './record.js';
import type { BackupWriter, WriterOptions } from './writer.js';

function serialize(backup: Backup, raw: boolean): string {
  const record = toBackupRecord(backup);
  return JSON.stringify(raw ? { ...record, raw: redactedRaw(backup.raw) } : record);
}

/** One JSON object per line, written as each backup arrives. */
export function createNdjsonWriter(sink: TextSink, options: Pick<WriterOptions, 'raw'>): BackupWriter {
  return {
    write: (backup) => sink.write(`${serialize(backup, options.raw)}\n`),
    end: async () => {},
  };
}

/** One JSON array, still streamed element by element so a large listing never sits in memory. */
export function createJsonWriter(sink: TextSink, options: Pick<WriterOptions, 'raw'>): BackupWriter {
  let first = true;
  return {
    async write(backup) {
      await sink.write(`${first ? '[\n' : ',\n'}${serialize(backup, options.raw)}`);
      first = false;
    },
    async end() {
      await sink.write(first ? '[]\n' : '\n]\n');
    },
  };
}
