import type { Counter } from 'prom-client';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, toCloudBackupsError, type CloudBackupsError } from '../errors.js';
import { internalsOf, type BackupClient } from '../listing/client.js';
import type { AuditResult } from './audit.js';
import { parseDuration, type Duration } from './duration.js';
import { parseListen, type ListenAddress } from './listen.js';
import { EXPORTER_METRICS } from './metric-names.js';
import { buildAuditRegistry, type MetricsRegistry } from './metrics.js';
import type { AuditOptions } from './options.js';
import { loadPromClient, type PromClient } from './prom-client.js';
import { resolveRules, type AuditRules } from './rules.js';
import { checkKnownKeys } from '../known-keys.js';

/** Options of `createExporter`. */
export interface ExporterOptions {
  /** The client whose sources every collection audits. */
  client: BackupClient;
  /** The rules every collection checks; default all six with their defaults. */
  rules?: AuditRules;
  /** Passed to every `client.audit` (not `now`: each collection judges at its own time; not `signal`: see `close`). */
  audit?: Omit<AuditOptions, 'now' | 'signal'>;
  /** Time between the end of one collection and the start of the next: ms or `'5m'`. Default `'5m'`. */
  interval?: Duration;
  /** Where to serve `/metrics` and `/healthz`; default `127.0.0.1:9469`; `false` serves nothing (use `metrics()`). */
  listen?: ListenAddress | false;
  /** Told about every collection as it ends (a result, or the error that ended it). */
  onCollect?: (event: CollectionEvent) => void;
  /** The clock for ages at scrape time. Default `Date.now`. */
  clock?: () => number;
}

/** How one collection ended: its audit result, or the error that ended it. */
export type CollectionEvent = { ok: true; result: AuditResult; durationMs: number } | { ok: false; error: CloudBackupsError; durationMs: number };

const EXPORTER_OPTIONS = Object.keys({ client: true, rules: true, audit: true, interval: true, listen: true, onCollect: true, clock: true } satisfies Record<keyof ExporterOptions, true>);
const EXPORTER_AUDIT_OPTIONS = Object.keys({ window: true, policies: true, providers: true, instances: true } satisfies Record<keyof NonNullable<ExporterOptions['audit']>, true>);

/** A running exporter, as `createExporter` resolves it. */
export interface Exporter {
  /** `http://host:port` when listening. */
  readonly url: string | undefined;
  /** The content type of `metrics()`. */
  readonly contentType: string;
  /** What `/metrics` serves: the last completed collection, plus the exporter's own metrics. Never lists anything. */
  metrics(): Promise<string>;
  /** Runs a collection now, or joins the one running; resolves when it has ended (its error is in `onCollect`). */
  collect(): Promise<void>;
  /** The last completed collection's audit, if any. */
  lastResult(): AuditResult | undefined;
  /** Stops the schedule, aborts a running collection, and closes the server. */
  close(): Promise<void>;
}

/** Time between the end of one collection and the start of the next when `interval` is not given. */
export const DEFAULT_INTERVAL = '5m';

/**
 * The engine of `cloud-backups exporter`: collects (runs `client.audit`) in the background, once at start and then
 * `interval` after each collection ends, and serves the LAST COMPLETED collection at `/metrics`. A scrape never
 * lists: it renders the registry the last collection built (ages are computed at scrape time), so while a
 * collection runs, scrapes get the previous values. `/healthz` answers 200 with the collection state as JSON.
 */
export async function createExporter(options: ExporterOptions): Promise<Exporter> {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('createExporter: pass an options object with `client`.', { field: 'options' });
  checkKnownKeys('createExporter', options, EXPORTER_OPTIONS, 'option');
  checkKnownKeys('createExporter: audit', options.audit, EXPORTER_AUDIT_OPTIONS, 'option');
  internalsOf(options.client); // a client made by createBackupClient, or a ConfigurationError now rather than at the first collection
  resolveRules(options.rules); // bad rules fail here, not in the background
  const intervalMs = parseDuration(options.interval ?? DEFAULT_INTERVAL, 'interval');
  const listen = options.listen === false ? undefined : parseListen(options.listen);
  const prom = await loadPromClient();
  const clock = options.clock ?? Date.now;
  const state = new CollectionState(prom, options, intervalMs, clock);
  let server: Server | undefined;
  let url: string | undefined;
  if (listen) {
    server = createServer((req, res) => void serve(req, res, state));
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(listen.port, listen.host, () => {
        server!.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  }
  state.start();
  return {
    url,
    contentType: state.contentType,
    metrics: () => state.render(),
    collect: () => state.collect(),
    lastResult: () => state.last,
    close: async () => {
      await state.stop();
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await closing;
      }
    },
  };
}

/** The schedule, the registry of the last completed collection, and the exporter's own metrics. */
class CollectionState {
  last: AuditResult | undefined;
  private current: MetricsRegistry | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly controller = new AbortController();
  private readonly own: MetricsRegistry;
  private readonly collections: Counter<'result'>;
  private lastError: CloudBackupsError | undefined;
  private lastEndedAt: Date | undefined;
  readonly contentType: string;

  constructor(
    private readonly prom: PromClient,
    private readonly options: ExporterOptions,
    private readonly intervalMs: number,
    private readonly clock: () => number,
  ) {
    const registry = new prom.Registry();
    this.own = registry;
    this.contentType = registry.contentType;
    const isRunning = () => this.running !== undefined;
    new prom.Gauge({
      name: EXPORTER_METRICS.collectRunning,
      help: '1 while a collection is running (scrapes then serve the previous one), else 0.',
      registers: [registry],
      collect() {
        this.set(isRunning() ? 1 : 0);
      },
    });
    this.collections = new prom.Counter<'result'>({
      name: EXPORTER_METRICS.collections,
      help: 'Collections ended, by result: success (an audit completed, whatever it found) or error (it could not run).',
      labelNames: ['result'],
      registers: [registry],
    });
    this.collections.inc({ result: 'success' }, 0);
    this.collections.inc({ result: 'error' }, 0);
  }

  start(): void {
    void this.collect();
  }

  collect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running;
    clearTimeout(this.timer);
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => void this.collect(), this.intervalMs);
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const started = this.clock();
    try {
      const result = await this.options.client.audit(this.options.rules, { ...this.options.audit, now: new Date(started), signal: this.controller.signal });
      const durationMs = this.clock() - started;
      // The new registry replaces the old one in one assignment: a scrape sees one collection or the other, whole.
      this.current = buildAuditRegistry(this.prom, result, { clock: this.clock, collection: { finishedAt: new Date(started + durationMs), durationMs } });
      this.last = result;
      this.lastError = undefined;
      this.lastEndedAt = new Date(started + durationMs);
      this.collections.inc({ result: 'success' });
      this.options.onCollect?.({ ok: true, result, durationMs });
    } catch (error) {
      if (this.stopped) return;
      const durationMs = this.clock() - started;
      this.lastError = toCloudBackupsError(error);
      this.lastEndedAt = new Date(started + durationMs);
      this.collections.inc({ result: 'error' });
      this.options.onCollect?.({ ok: false, error: this.lastError, durationMs });
    }
  }

  async render(): Promise<string> {
    const own = await this.own.metrics();
    return this.current ? own + (await this.current.metrics()) : own;
  }

  health(): Record<string, unknown> {
    return {
      status: 'ok',
      running: this.running !== undefined,
      lastCollection: this.last ? new Date(this.last.startedAt.getTime() + this.last.durationMs).toISOString() : null,
      lastEnded: this.lastEndedAt?.toISOString() ?? null,
      lastError: this.lastError ? { name: this.lastError.name, message: this.lastError.message } : null,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller.abort();
    await this.running?.catch(() => undefined);
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, state: CollectionState): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n');
    return;
  }
  try {
    if (path === '/metrics') {
      const body = await state.render();
      res.writeHead(200, { 'content-type': state.contentType }).end(req.method === 'HEAD' ? undefined : body);
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : `${JSON.stringify(state.health())}\n`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found: try /metrics or /healthz\n');
    }
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${error instanceof Error ? error.message : String(error)}\n`);
  }
}
