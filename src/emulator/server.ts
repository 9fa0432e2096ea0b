/**
 * The one HTTP server behind every emulated API. Aliyun's official SDKs can only be pointed at
 * host:port, so requests are dispatched by shape: the first cloud in the registry that recognises
 * a request answers it. Faults and latency are applied here, after that cloud has decided the
 * honest answer.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRequest, ApiResponse, Env, Outcome } from './api.js';
import type { CloudRuntime, EmulatedCloud } from './cloud.js';
import { deliver } from './delivery.js';
import type { FaultKind } from './faults.js';
import { FaultPlan, LatencyPlan } from './faults.js';
import { applyFault } from './hostile.js';
import { randRequestId, streamFor } from './random.js';
import { CLOUDS } from './registry.js';
import { RequestLog } from './request-log.js';
import { runningEmulator } from './running.js';
import { Timers } from './timers.js';
import type { EmulatorOptions, RequestLogEntry, RunningEmulator } from './types.js';
import { createWorld } from './world.js';

/**
 * The anchor every emulator used before `anchorTime` defaulted to the present.
 * @deprecated Pass it as `anchorTime` to reproduce data generated before that change.
 */
export const DEFAULT_ANCHOR_TIME = new Date('2026-06-01T00:00:00Z');

const MAX_BODY_BYTES = 1 << 20;

/**
 * Starts the emulator on 127.0.0.1 (an ephemeral port by default) and resolves once it listens. Its history ends at
 * the start time unless `anchorTime` pins it; for a seed and an anchor the data is the same on every run.
 * `close()` it when done.
 *
 * @example
 * ```ts
 * import { startEmulator } from 'cloud-backups/emulator';
 * import { createBackupClient, aliyunRds } from 'cloud-backups';
 *
 * const emu = await startEmulator({ anchorTime: new Date('2026-06-01T00:00:00Z') });
 * const source = aliyunRds({ region: emu.aliyunRegion, endpoint: emu.url, credentials: emu.credentials });
 * const client = createBackupClient({ sources: [source] });
 * const listed = await client.backups().toArray();
 * console.log(listed.length === emu.groundTruth.backups(source.provider).length); // true
 * client.close();
 * await emu.close();
 * ```
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const world = createWorld(opts);
  const { seed, dataset, accounts, keys, denials } = world;
  const clock = opts.now ?? (() => new Date());
  const clouds: Array<[EmulatedCloud, CloudRuntime]> = CLOUDS.map((c) => [c, c.start({ seed, accounts, keys, options: opts })]);

  const faults = new FaultPlan(seed, opts.faults);
  const latency = new LatencyPlan(seed, opts.latency);
  const log = new RequestLog(opts.recordRequests ?? true);
  const inFlight = { current: 0, max: 0 };
  const timers = new Timers();
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    inFlight.current++;
    inFlight.max = Math.max(inFlight.max, inFlight.current);
    let open = true;
    res.on('close', () => {
      if (open) inFlight.current--;
      open = false;
    });

    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const apiReq: ApiRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers: req.headers,
      body,
    };
    const seq = log.nextSeq();
    const requestId = randRequestId(streamFor(seed, 'request', seq));
    const env: Env = {
      dataset, now: () => clock().getTime(), requestId, baseUrl, driftPerPage: faults.driftPerPage, keys, denials, accounts,
    };

    const runtime = clouds.find(([cloud]) => cloud.recognise(apiReq))?.[1];
    const outcome: Outcome | undefined = runtime?.handle(apiReq, env);
    const honest: ApiResponse = outcome?.response
      ?? { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `No emulated API at ${apiReq.path}` }) };

    // Faults replace only answers that passed authentication and validation: one seeded draw each.
    const fault: FaultKind | undefined = outcome?.faults ? faults.draw() : undefined;
    const { response, delayMs, delivery, logCode } = outcome ? applyFault(fault, outcome, honest, faults) : { response: honest, delayMs: 0, delivery: { kind: 'whole' as const }, logCode: undefined };
    await timers.sleep(latency.next() + delayMs);

    const entry: Omit<RequestLogEntry, 'status'> | undefined = outcome && {
      seq, provider: outcome.provider, action: outcome.action, params: outcome.params, receivedAt,
      ...(outcome.account ? { account: outcome.account } : {}),
      ...(outcome.region ? { region: outcome.region } : {}),
      ...(outcome.instanceId ? { instanceId: outcome.instanceId } : {}),
    };
    if (!open) {
      if (entry) log.add({ ...entry, status: 0, code: 'ClientClosedRequest' });
      return;
    }
    if (delivery.kind === 'reset' || delivery.kind === 'hang') {
      if (entry) log.add({ ...entry, status: 0, code: delivery.kind === 'reset' ? 'ECONNRESET' : 'Hang' });
      await deliver(req, res, response, delivery, timers);
      return;
    }
    await deliver(req, res, response, delivery, timers);
    if (outcome && response.status < 400) outcome.afterServe?.();
    const code = logCode ?? response.code;
    if (entry) log.add({ ...entry, status: response.status, ...(code ? { code } : {}), respondedAt: Date.now() });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"emulator error"}');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return runningEmulator({
    world, baseUrl, clock, log, faults, latency, inFlight,
    exposed: Object.assign({}, ...clouds.map(([, runtime]) => runtime.expose?.(baseUrl) ?? {})),
    close: async () => {
      // Pending latency, slow and trickle timers first, then every socket (hanging ones included).
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
