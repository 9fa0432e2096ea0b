// Hosts the built emulator in its own process, so the cloud's CPU (rendering and serializing pages)
// does not share an event loop with the client being measured. Driven by its parent over IPC.
import { emulatorDistUrl } from './dist-url.mjs';

const { startEmulator } = await import(emulatorDistUrl('emulator/index.js'));

const PROVIDERS = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];

const options = JSON.parse(process.env.BENCH_EMULATOR_OPTIONS ?? '{}');
if (options.anchorTime) options.anchorTime = new Date(options.anchorTime);
const emulator = await startEmulator(options);

const instances = {};
for (const p of PROVIDERS) {
  instances[p] = emulator.groundTruth.instances(p).map((i) => ({ instanceId: i.instanceId, createdAt: i.createdAt.toISOString() }));
}

/** Request counts and server-side time per provider and action, from the emulator's request log. */
function logSummary() {
  const groups = {};
  for (const e of emulator.requestLog()) {
    const key = `${e.provider} ${e.action}`;
    const g = (groups[key] ??= { provider: e.provider, action: e.action, requests: 0, errors: 0, serverMsTotal: 0, first: Infinity, last: 0 });
    g.requests++;
    if (!(e.status >= 200 && e.status < 400)) g.errors++;
    if (e.respondedAt !== undefined) {
      g.serverMsTotal += e.respondedAt - e.receivedAt;
      g.last = Math.max(g.last, e.respondedAt);
    }
    g.first = Math.min(g.first, e.receivedAt);
  }
  return Object.values(groups);
}

const commands = {
  requestLog: () => logSummary(),
  /** The raw log (for investigating a figure, not used by the table). */
  rawRequestLog: () => emulator.requestLog(),
  clearRequestLog: () => emulator.clearRequestLog(),
  concurrency: () => emulator.concurrency(),
  resetConcurrency: () => emulator.resetConcurrency(),
  setLatency: (latency) => emulator.setLatency(latency),
  backupCount: ({ provider, instanceId }) => emulator.groundTruth.backups(provider, instanceId).length,
  /** Backups of every instance of `provider` that started at or after `since` (an ISO time; all when absent). */
  listableCount: ({ provider, since }) => {
    const from = since ? Date.parse(since) : -Infinity;
    let n = 0;
    for (const { instanceId } of instances[provider]) {
      for (const b of emulator.groundTruth.backups(provider, instanceId)) if (b.startTime.getTime() >= from) n++;
    }
    return n;
  },
  memory: () => process.memoryUsage(),
  /** CPU ms this process has used so far (user + system). */
  cpuMs: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  close: async () => {
    await emulator.close();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async (message) => {
  const { id, cmd, arg } = message;
  try {
    const result = await commands[cmd](arg);
    process.send({ id, result: result ?? null });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));

process.send({
  ready: {
    url: emulator.url,
    endpoints: emulator.endpoints,
    iamEndpoint: emulator.iamEndpoint,
    credentials: emulator.credentials,
    huaweiProjectId: emulator.huaweiProjectId,
    huaweiRegion: emulator.huaweiRegion,
    aliyunRegion: emulator.aliyunRegion,
    instances,
  },
});
