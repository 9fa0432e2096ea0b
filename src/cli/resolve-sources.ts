import { ConfigurationError, createBackupClient, type BackupClient, type BackupSource } from '../index.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './exit-codes.js';
import { failureWording, type SourceOrigin } from './failure-wording.js';
import { inFlagTerms } from './flag-wording.js';
import type { CliIO } from './io.js';
import { ListingOutcome, type FailureWording } from './listing-outcome.js';
import { createProgressLine, PROGRESS_INTERVAL_MS, type ProgressLine } from './progress.js';
import { buildSource, type SourceSpec } from './source-spec.js';
import { sourcesFromFlags, type SourceFlagValues } from './sources-from-flags.js';

/** What every command that reads sources (list, audit, exporter, sync) takes: flags, or a config file. */
export interface SourceCommandOptions {
  /** The source flags; refused beside `config`. */
  sources: SourceFlagValues;
  config?: string;
  concurrency?: number;
}

/** The sources a command line (or its config file) describes, built and checked. */
export interface ResolvedSources {
  specs: SourceSpec[];
  sources: BackupSource[];
  concurrency?: number;
  origin: SourceOrigin;
  /** How their listing errors read on this command line. */
  wording: FailureWording;
}

/** Reads the flags or the config file and builds every source; any mistake is a `UsageError` in the terms the user typed. */
export async function resolveSources(options: SourceCommandOptions): Promise<ResolvedSources> {
  const { specs, concurrency, origin } = await specsOf(options);
  const sources = specs.map((spec, i) => sourceOrExplain(spec, i, origin));
  const resolved: ResolvedSources = { specs, sources, origin, wording: failureWording(specs, origin) };
  if (concurrency !== undefined) resolved.concurrency = concurrency;
  return resolved;
}

/** A client over the sources, feeding a listing outcome (errors, progress) and a progress line on stderr. */
export function listingClient(resolved: ResolvedSources, io: CliIO): { client: BackupClient; outcome: ListingOutcome; progress: ProgressLine } {
  const outcome = new ListingOutcome();
  const progress = createProgressLine(io.stderr, PROGRESS_INTERVAL_MS, resolved.sources.map((s) => s.account));
  const client = createBackupClient({
    sources: resolved.sources,
    ...(resolved.concurrency !== undefined ? { concurrency: resolved.concurrency } : {}),
    onError: outcome.onError,
    onProgress: (p) => {
      outcome.onProgress(p);
      progress.update(p);
    },
  });
  return { client, outcome, progress };
}

/** The flags of `flags` that were given, spelt as typed: what `--config` cannot be mixed with. */
function givenSourceFlags(flags: SourceFlagValues): string[] {
  const given: string[] = [];
  if (flags.provider?.length) given.push('--provider');
  for (const [name, values] of Object.entries(flags.values ?? {})) if (values.length > 0) given.push(`--${name}`);
  if (flags.instance?.length) given.push('--instance');
  return given;
}

async function specsOf(options: SourceCommandOptions): Promise<{ specs: SourceSpec[]; concurrency?: number; origin: SourceOrigin }> {
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
function sourceOrExplain(spec: SourceSpec, index: number, origin: SourceOrigin): BackupSource {
  try {
    return buildSource(spec);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    if (origin.kind === 'flags') throw new UsageError(inFlagTerms(error));
    const at = error.field === undefined ? `sources[${index}]` : `sources[${index}].${error.field}`;
    throw new UsageError(`Config file ${origin.path}, ${at}: ${error.message}`);
  }
}
