import {
  ConfigurationError,
  createBackupClient,
  createExporter,
  DEFAULT_INTERVAL,
  DEFAULT_LISTEN,
  parseDuration,
  parseListen,
  type AuditRules,
  type CollectionEvent,
  type Exporter,
} from '../../index.js';
import { EXIT_OK, UsageError, type ExitCode } from '../exit-codes.js';
import { plural } from '../format/plural.js';
import type { CliIO } from '../io.js';
import type { FailureWording } from '../listing-outcome.js';
import { resolveSources, type SourceCommandOptions } from '../resolve-sources.js';
import { byInstance, worstCounts } from './audit-table.js';
import { checkRules } from './audit-command.js';

export interface ExporterCommandOptions extends SourceCommandOptions {
  rules: AuditRules;
  /** `host:port`; default 127.0.0.1:9469. */
  listen?: string;
  /** Between the end of one collection and the start of the next; default 5m. */
  interval?: string;
}

/**
 * `cloud-backups exporter`: the library's exporter (background collections, /metrics serving the last completed
 * one, /healthz) over the sources of the command line, until Ctrl-C. Each collection is logged to stderr.
 */
export async function runExporter(options: ExporterCommandOptions, io: CliIO): Promise<ExitCode> {
  const listen = options.listen ?? `${DEFAULT_LISTEN.host}:${DEFAULT_LISTEN.port}`;
  const interval = options.interval ?? DEFAULT_INTERVAL;
  inFlags(() => parseListen(listen), 'listen');
  inFlags(() => parseDuration(interval, 'interval'), 'interval');
  checkRules(options.rules);
  const resolved = await resolveSources(options);
  const client = createBackupClient({ sources: resolved.sources, ...(resolved.concurrency !== undefined ? { concurrency: resolved.concurrency } : {}) });
  const clock = io.now ?? (() => new Date());
  let exporter: Exporter;
  try {
    exporter = await createExporter({ client, rules: options.rules, interval, listen, onCollect: logCollection(io, resolved.wording, clock) });
  } catch (error) {
    client.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UsageError(`Cannot listen on ${listen} (${code}): choose another --listen, e.g. 127.0.0.1:0 for any free port.`);
    }
    throw error;
  }
  io.stdout.write(
    `cloud-backups exporter serving ${exporter.url}/metrics and ${exporter.url}/healthz; collecting now, then ${interval} after each collection ends. Press Ctrl-C to stop.\n`,
  );
  if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
  await exporter.close();
  client.close();
  io.stdout.write('Exporter stopped.\n');
  return EXIT_OK;
}

/** A library check of a flag's value, its error retold with the flag's name. */
function inFlags(check: () => unknown, flag: string): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message.replace(new RegExp(`^${flag}\\b`), `--${flag}`));
    throw error;
  }
}

/** One stderr line per collection (its counts, or why it failed), then its listing errors. */
function logCollection(io: CliIO, wording: FailureWording, clock: () => Date): (event: CollectionEvent) => void {
  let n = 0;
  return (event) => {
    n++;
    const at = clock().toISOString();
    const seconds = (event.durationMs / 1000).toFixed(2);
    if (!event.ok) {
      io.stderr.write(`${at} collection ${n} failed after ${seconds} s: ${event.error.name}: ${event.error.message}\n`);
      return;
    }
    const { result } = event;
    const counts = worstCounts(byInstance(result.findings));
    const parts = (['alarm', 'warn', 'error', 'ok'] as const).map((s) => `${counts.get(s) ?? 0} ${s}`);
    io.stderr.write(`${at} collection ${n}: ${plural(result.summary.instances, 'instance')} (${parts.join(', ')}), ${plural(result.failures.length, 'listing error')} in ${seconds} s\n`);
    for (const failure of result.failures) io.stderr.write(`  - ${wording(failure)}\n`);
  };
}
