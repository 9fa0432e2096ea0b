/**
 * The one HTTP server behind every emulated API. Aliyun's official SDKs can only be pointed at
 * host:port, so requests are dispatched by shape: the first cloud in the registry that recognises
 * a request answers it. Faults and latency are applied here, after that cloud has decided the
 * honest answer.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderName } from './types.js';
import type { ApiRequest, ApiResponse, Env, Outcome } from './api.js';
import type { CloudRuntime, EmulatedCloud } from './cloud.js';
import { EMULATOR_CREDENTIALS, EMULATOR_STS_CREDENTIALS } from './credentials.js';
import type { InstanceData } from './dataset.js';
import type { BackupSeed } from './model.js';
import type { FaultKind } from './faults.js';
import { FaultPlan, LatencyPlan } from './faults.js';
import { randRequestId, streamFor } from './random.js';
import { CLOUDS, PROVIDERS } from './registry.js';
import { RequestLog } from './request-log.js';
import { emulatedBackup, emulatedInstance } from './truth.js';
import type { EmulatorOptions, RunningEmulator } from './types.js';
import { createWorld } from './world.js';

/**
 * The anchor every emulator used before `anchorTime` defaulted to the present.
 * @deprecated Pass it as `anchorTime` to reproduce data generated before that change.
 */
export const DEFAULT_ANCHOR_TIME = new Date('2026-06-01T00:00:00Z');

const MAX_BODY_BYTES = 1 << 20;

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const world = createWorld(opts);
  const { seed, anchor, dataset, accounts, keys, denials } = world;
  const clock = opts.now ?? (() => new Date());
  const clouds: Array<[EmulatedCloud, CloudRuntime]> = CLOUDS.map((c) => [c, c.start({ seed, accounts, keys, options: opts })]);

  const faults = new FaultPlan(seed, opts.faults);
  const latency = new LatencyPlan(seed, opts.latency);
  const log = new RequestLog(opts.recordRequests ?? true);
  const inFlight = { current: 0, max: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

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
    let response: ApiResponse = outcome?.response
      ?? { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `No emulated API at ${apiReq.path}` }) };

    const fault: FaultKind | undefined = outcome?.faults ? faults.draw() : undefined;
    let extraDelay = 0;
    if (outcome?.faults) {
      if (fault === 'throttle') response = outcome.faults.throttle();
      else if (fault === 'serverError') response = outcome.faults.serverError(faults.variant());
      else if (fault === 'slow') extraDelay = faults.slowMs;
      else if (fault === 'malformed') response = { ...response, body: outcome.faults.malformed() };
    }
    await sleep(latency.next() + extraDelay);

    const entry = outcome && {
      seq, provider: outcome.provider, action: outcome.action, params: outcome.params, receivedAt,
      ...(outcome.account ? { account: outcome.account } : {}),
      ...(outcome.region ? { region: outcome.region } : {}),
      ...(outcome.instanceId ? { instanceId: outcome.instanceId } : {}),
    };
    if (!open) {
      if (entry) log.add({ ...entry, status: 0, code: 'ClientClosedRequest' });
      return;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      if (entry) log.add({ ...entry, status: 0, code: 'ECONNRESET' });
      return;
    }
    let bytes = Buffer.from(response.body, 'utf8');
    if (fault === 'truncated') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
    res.writeHead(response.status, { ...response.headers, 'content-length': String(bytes.length) });
    res.end(bytes);
    if (outcome && response.status < 400) outcome.afterServe?.();
    if (entry) {
      log.add({ ...entry, status: response.status, ...(response.code ? { code: response.code } : {}), respondedAt: Date.now() });
    }
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

  const instanceOf = (provider: ProviderName, instanceId: string) => {
    const inst = dataset[provider].get(instanceId);
    if (!inst) throw new Error(`The emulator has no ${provider} instance ${instanceId}`);
    return inst;
  };

  const exposed = Object.assign({}, ...clouds.map(([, runtime]) => runtime.expose?.(baseUrl) ?? {})) as
    Pick<RunningEmulator, 'iamEndpoint' | 'huaweiProjectId' | 'huaweiProjectIdFor' | 'huaweiRegion' | 'aliyunRegion'>;

  return {
    ...exposed,
    url: baseUrl,
    endpoints: Object.fromEntries(PROVIDERS.map((p) => [p, baseUrl])) as Record<ProviderName, string>,
    anchorTime: new Date(anchor),
    credentials: { ...EMULATOR_CREDENTIALS },
    stsCredentials: { ...EMULATOR_STS_CREDENTIALS },
    accounts: accounts.map((a) => ({ ...a, credentials: { ...a.credentials } })),
    regions: Object.fromEntries(PROVIDERS.map((p) => [p, [...world.regions[p]]])) as Record<ProviderName, string[]>,
    denyRegion: (d) => {
      if (!PROVIDERS.includes(d.provider)) throw new RangeError(`denyRegion: unknown provider ${String(d.provider)}`);
      if (d.account !== undefined && !accounts.some((a) => a.name === d.account)) throw new RangeError(`denyRegion: unknown account ${d.account}`);
      denials.add(d);
    },
    clearDenials: () => denials.clear(),
    groundTruth: {
      instances: (provider) => dataset[provider].instances.map((i) => emulatedInstance(i.seed)),
      backups: (provider, instanceId) => {
        const list = instanceId === undefined ? dataset[provider].instances : [instanceOf(provider, instanceId)];
        return list.flatMap((inst) => collect(inst).map((b) => emulatedBackup(inst.seed, b, clock().getTime())));
      },
    },
    requestLog: () => log.snapshot(),
    clearRequestLog: () => log.clear(),
    concurrency: () => ({ ...inFlight }),
    resetConcurrency: () => {
      inFlight.max = inFlight.current;
    },
    setFaults: (f) => faults.set(f),
    setLatency: (l) => latency.set(l),
    addBackups: (provider, instanceId, count) => {
      if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
      const inst = instanceOf(provider, instanceId);
      return inst.drift(count).map((b) => emulatedBackup(inst.seed, b, clock().getTime()));
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function collect(inst: InstanceData): BackupSeed[] {
  const view = inst.query();
  const out: BackupSeed[] = [];
  for (let i = 0; i < view.total; i++) {
    const b = view.at(i);
    if (b) out.push(b);
  }
  return out;
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
