import type { TextSink } from '../output.js';
import { createCsvWriter } from './csv.js';
import { createJsonWriter, createNdjsonWriter } from './json.js';
import { createTableWriter } from './table.js';
import type { BackupWriter, OutputFormat, WriterOptions } from './writer.js';

export function createWriter(format: OutputFormat, sink: TextSink, options: WriterOptions): BackupWriter {
  switch (format) {
    case 'table':
      return createTableWriter(sink, options);
    case 'json':
      return createJsonWriter(sink, options);
    case 'ndjson':
      return createNdjsonWriter(sink, options);
    case 'csv':
      return createCsvWriter(sink);
  }
}
