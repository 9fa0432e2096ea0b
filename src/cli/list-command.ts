import {
  ConfigurationError,
  createBackupClient,
  type BackupMethod,
  type BackupMode,
  type BackupSource,
  type BackupStatus,
  type BackupType,
  type ClientBackupQuery,
} from '../index.js';
import { loadConfigFile } from './config-file.js';
import { EXIT_INTERRUPTED, UsageError, type ExitCode } from './exit-codes.js';
import { failureWording, type SourceOrigin } from './failure-wording.js';
import { inFlagTerms } from './flag-wording.js';
import { createWriter } from './format/create-writer.js';
import { plural } from './format/plural.js';
import type { OutputFormat } from './format/writer.js';
import type { CliIO } from './io.js';
import { ListingOutcome } from './listing-outcome.js';
import { streamSink, type TextSink } from './output.js';
import { createProgressLine, PROGRESS_INTERVAL_MS, type ProgressLine } from './progress.js';
import { buildSource, type SourceSpec } from './source-spec.js';
import { sourcesFromFlags, type SourceFlagValues } from './sources-from-flags.js';

/** The options of `list`, as the program parsed and validated them. */
export interface ListCommandOptions {
  /** The source flags; ignored (and refused when given) with `config`. */
  sources: SourceFlagValues;
  config?: string;
  status?: BackupStatus[];
  mode?: BackupMode[];
  type?: BackupType[];
  method?: BackupMethod[];
  since?: Date;
  until?: Date;
  format?: OutputFormat;
  limit?: number;
  concurrency?: number;
  local?: boolean;
  raw?: boolean;
}

export async function runList(options: ListCommandOptions, io: CliIO): Promise<ExitCode> {
  const format = options.format ?? (io.stdout.isTTY ? 'table' : 'ndjson');
  if (options.raw && format !== 'json' && format !== 'ndjson') {
    throw new UsageError(`--raw applies to --format json and ndjson only (the ${format} output never carries provider records).`);
  }
  if (options.since && options.until && options.since.getTime() >= options.until.getTime()) {
    throw new UsageError(
      `--since (${options.since.toISOString()}) must be earlier than --until (${options.until.toISOString()}): a backup matches when since <= start < until.`,
    );
  }
  const { specs, concurrency, origin } = await resolveSources(options);
  const sources = specs.map((spec, i) => sourceOrExplain(spec, i, options.config));

  const outcome = new ListingOutcome();
  const progress = createProgressLine(io.stderr, PROGRESS_INTERVAL_MS, sources.map((s) => s.account));
  const readerGone = new AbortController();
  const sink = besideProgress(streamSink(io.stdout, () => readerGone.abort()), io, progress);
  const client = createBackupClient({
    sources,
    ...(concurrency !== undefined ? { concurrency } : {}),
    onError: outcome.onError,
    onProgress: (p) => {
      outcome.onProgress(p);
      progress.update(p);
    },
  });
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
  io.stderr.write(outcome.report(failureWording(specs, origin)));
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

/** The flags of `flags` that were given, spelt as typed: what `--config` cannot be mixed with. */
function givenSourceFlags(flags: SourceFlagValues): string[] {
  const given: string[] = [];
  if (flags.provider?.length) given.push('--provider');
  for (const [name, values] of Object.entries(flags.values ?? {})) if (values.length > 0) given.push(`--${name}`);
  if (flags.instance?.length) given.push('--instance');
  return given;
}

async function resolveSources(options: ListCommandOptions): Promise<{ specs: SourceSpec[]; concurrency?: number; origin: SourceOrigin }> {
  if (options.config === undefined) {
    const specs = sourcesFromFlags(options.sources);
    const origin: SourceOrigin = { kind: 'flags' };
    return options.concurrency === undefined ? { specs, origin } : { specs, concurrency: options.concurrency, origin };
  }
  const mixed = givenSourceFlags(options.sources);
  if (mixed.length > 0) {
    throw new UsageError(`--config describes the sources; drop ${mixed.join(', ')} (or drop --config and describe them with flags).`);
  }
  const config = await loadConfigFile(options.config);
  const concurrency = options.concurrency ?? config.concurrency;
  const origin: SourceOrigin = { kind: 'config', path: options.config };
  return concurrency === undefined ? { specs: config.sources, origin } : { specs: config.sources, concurrency, origin };
}

/** A factory's `ConfigurationError` retold: in flags for a command line, with the entry and key for a config file. */
function sourceOrExplain(spec: SourceSpec, index: number, configPath: string | undefined): BackupSource {
  try {
    return buildSource(spec);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    if (configPath === undefined) throw new UsageError(inFlagTerms(error));
    const at = error.field === undefined ? `sources[${index}]` : `sources[${index}].${error.field}`;
    throw new UsageError(`Config file ${configPath}, ${at}: ${error.message}`);
  }
}
