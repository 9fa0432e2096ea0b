import type { Backup } from '../../index.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What the listing amounted to, for the table's summary line. */
export interface ListingSummary {
  count: number;
  totalBytes: number;
  /** Parts of the listing that failed (a source, an instance, a record): not failed backups. */
  listingErrors: number;
  /** The listing stopped at `--limit`. */
  limit?: number;
}

/** One output format: gets each backup as it arrives, then the summary. */
export interface BackupWriter {
  write(backup: Backup): Promise<void>;
  end(summary: ListingSummary): Promise<void>;
}

export interface WriterOptions {
  /** json / ndjson only: include the provider's record (scrubbed of signatures). */
  raw: boolean;
  /** table only: times in the host's zone instead of UTC. */
  local: boolean;
}
