import type { BackupMethod, BackupMode, BackupStatus, BackupType, ClientBackupQuery } from '../index.js';
import { checkPeriod } from './arguments.js';
import { EXIT_INTERRUPTED, UsageError, type ExitCode } from './exit-codes.js';
import { createWriter } from './format/create-writer.js';
import { plural } from './format/plural.js';
import type { OutputFormat } from './format/writer.js';
import type { CliIO } from './io.js';
import { streamSink, type TextSink } from './output.js';
import type { ProgressLine } from './progress.js';
import { listingClient, resolveSources, type SourceCommandOptions } from './resolve-sources.js';

/** The options of `list`, as the program parsed and validated them. */
export interface ListCommandOptions extends SourceCommandOptions {
  status?: BackupStatus[];
  mode?: BackupMode[];
  type?: BackupType[];
  method?: BackupMethod[];
  since?: Date;
  until?: Date;
  format?: OutputFormat;
  limit?: number;
  local?: boolean;
  raw?: boolean;
}

export async function runList(options: ListCommandOptions, io: CliIO): Promise<ExitCode> {
  const format = options.format ?? (io.stdout.isTTY ? 'table' : 'ndjson');
  if (options.raw && format !== 'json' && format !== 'ndjson') {
    throw new UsageError(`--raw applies to --format json and ndjson only (the ${format} output never carries provider records).`);
  }
  checkPeriod(options.since, options.until, ': a backup matches when since <= start < until');
  const resolved = await resolveSources(options);
  const { client, outcome, progress } = listingClient(resolved, io);
  const readerGone = new AbortController();
  const sink = besideProgress(streamSink(io.stdout, () => readerGone.abort()), io, progress);
  const writer = createWriter(format, sink, { raw: options.raw ?? false, local: options.local ?? false });

  let count = 0;
  let totalBytes = 0;
  let limited = false;
  try {
    for await (const backup of client.backups(queryOf(options, AbortSignal.any([io.signal, readerGone.signal])))) {
      count++;
      totalBytes += backup.sizeBytes ?? 0;
      await writer.write(backup);
      if (options.limit !== undefined && count >= options.limit) {
        limited = true;
        break;
      }
    }
  } catch (error) {
    // Interrupted, or the reader closed the pipe: what was listed stays printed.
    if (!io.signal.aborted && !readerGone.signal.aborted) throw error;
  } finally {
    progress.clear();
    client.close();
  }

  await writer.end({ count, totalBytes, listingErrors: outcome.failures.length, ...(limited ? { limit: count } : {}) });
  io.stderr.write(outcome.report(resolved.wording));
  if (io.signal.aborted) {
    io.stderr.write(`cloud-backups: interrupted after ${plural(count, 'backup')}.\n`);
    return EXIT_INTERRUPTED;
  }
  return outcome.exitCode();
}

/**
 * Rows stream while the progress line is drawn: when both are on the terminal, each write first takes the line's
 * place (the next progress update draws it again below).
 */
function besideProgress(stdout: TextSink, io: CliIO, progress: ProgressLine): TextSink {
  if (!io.stdout.isTTY || !io.stderr.isTTY) return stdout;
  return {
    get closed() {
      return stdout.closed;
    },
    write(text) {
      progress.makeRoom();
      return stdout.write(text);
    },
  };
}

function queryOf(options: ListCommandOptions, signal: AbortSignal): ClientBackupQuery {
  const query: ClientBackupQuery = { signal };
  if (options.status) query.status = options.status;
  if (options.mode) query.mode = options.mode;
  if (options.type) query.type = options.type;
  if (options.method) query.method = options.method;
  if (options.since) query.since = options.since;
  if (options.until) query.until = options.until;
  return query;
}
