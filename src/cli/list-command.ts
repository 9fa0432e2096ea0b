import {
  ConfigurationError,
  createBackupClient,
  type BackupMethod,
  type BackupMode,
  type BackupSource,
  type BackupStatus,
  type BackupType,
  type ListingFailure,
} from '../index.js';
import { loadConfigFile } from './config-file.js';
import { EXIT_INTERRUPTED, UsageError, type ExitCode } from './exit-codes.js';
import { listingExitCode, failureReport } from './failures.js';
import { createWriter } from './format/create-writer.js';
import { plural } from './format/plural.js';
import type { OutputFormat } from './format/writer.js';
import type { CliIO } from './io.js';
import { streamSink } from './output.js';
import { createProgressLine } from './progress.js';
import { buildSource, type SourceSpec } from './source-spec.js';
import { sourcesFromFlags, type SourceFlags } from './sources-from-flags.js';

/** The options of `list`, as the program parsed and validated them. */
export interface ListCommandOptions extends SourceFlags {
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

const SOURCE_FLAG_NAMES: Record<keyof SourceFlags, string> = {
  provider: '--provider',
  region: '--region',
  instance: '--instance',
  endpoint: '--endpoint',
  site: '--site',
  projectId: '--project-id',
  iamEndpoint: '--iam-endpoint',
};

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
  const { specs, concurrency } = await resolveSources(options);
  const sources = specs.map((spec, i) => sourceOrExplain(spec, i, options.config));

  const failures: ListingFailure[] = [];
  const progress = createProgressLine(io.stderr);
  const readerGone = new AbortController();
  const sink = streamSink(io.stdout, () => readerGone.abort());
  const client = createBackupClient({
    sources,
    ...(concurrency !== undefined ? { concurrency } : {}),
    onError: (failure) => failures.push(failure),
    onProgress: (p) => progress.update(p),
  });
  const writer = createWriter(format, sink, { raw: options.raw ?? false, local: options.local ?? false });

  let count = 0;
  let totalBytes = 0;
  let limited = false;
  try {
    const backups = client.backups({
      ...(options.status ? { status: options.status } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.type ? { type: options.type } : {}),
      ...(options.method ? { method: options.method } : {}),
      ...(options.since ? { since: options.since } : {}),
      ...(options.until ? { until: options.until } : {}),
      signal: AbortSignal.any([io.signal, readerGone.signal]),
    });
    for await (const backup of backups) {
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

  await writer.end({ count, totalBytes, failures: failures.length, ...(limited ? { limit: count } : {}) });
  io.stderr.write(failureReport(failures));
  if (io.signal.aborted) {
    io.stderr.write(`cloud-backups: interrupted after ${plural(count, 'backup')}.\n`);
    return EXIT_INTERRUPTED;
  }
  return listingExitCode(failures);
}

async function resolveSources(options: ListCommandOptions): Promise<{ specs: SourceSpec[]; concurrency?: number }> {
  if (options.config === undefined) {
    return { specs: sourcesFromFlags(options), ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}) };
  }
  const mixed = (Object.keys(SOURCE_FLAG_NAMES) as (keyof SourceFlags)[]).filter((k) => options[k] !== undefined);
  if (mixed.length > 0) {
    throw new UsageError(
      `--config describes the sources; drop ${mixed.map((k) => SOURCE_FLAG_NAMES[k]).join(', ')} (or drop --config and describe them with flags).`,
    );
  }
  const config = await loadConfigFile(options.config);
  const concurrency = options.concurrency ?? config.concurrency;
  return { specs: config.sources, ...(concurrency !== undefined ? { concurrency } : {}) };
}

/** Factory errors name the option; say which config entry it came from too. */
function sourceOrExplain(spec: SourceSpec, index: number, configPath: string | undefined): BackupSource {
  try {
    return buildSource(spec);
  } catch (error) {
    if (configPath !== undefined && error instanceof ConfigurationError) {
      throw new UsageError(`Config file ${configPath}, sources[${index}]: ${error.message}`);
    }
    throw error;
  }
}
