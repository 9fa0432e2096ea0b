import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./emulator-child.mjs', import.meta.url));

/**
 * @typedef {'aliyun-rds' | 'aliyun-kvstore' | 'huawei-rds' | 'capitalonline-mysql'} ProviderName
 * @typedef {{ instanceId: string, createdAt: string }} InstanceRef
 * @typedef {{
 *   url: string, endpoints: Record<ProviderName, string>, iamEndpoint: string,
 *   credentials: { accessKeyId: string, accessKeySecret: string },
 *   huaweiProjectId: string, huaweiRegion: string, aliyunRegion: string,
 *   instances: Record<ProviderName, InstanceRef[]>,
 * }} EmulatorInfo
 * @typedef {{ provider: string, action: string, requests: number, errors: number, serverMsTotal: number, first: number, last: number }} LogGroup
 */

/**
 * Starts the built emulator (`dist/emulator`) in a child process and returns its connection details plus
 * a small remote control (request log summary, concurrency, close).
 * @param {Record<string, unknown>} options startEmulator options (JSON-serializable; anchorTime as an ISO string)
 * @param {{ execArgv?: string[] }} [spawnOptions]
 */
export async function startEmulatorProcess(options, spawnOptions = {}) {
  const child = fork(CHILD, [], {
    // The plain record shapes (no cluster jobs, cloud-native clusters or lower-case enums), so that builds from before
    // the real shapes existed list exactly the same data; BENCH_EMULATOR_SHAPES=default keeps the emulator's default.
    env: { ...process.env, BENCH_EMULATOR_OPTIONS: JSON.stringify(process.env.BENCH_EMULATOR_SHAPES === 'default' ? options : { shapes: 'none', ...options }) },
    // BENCH_EMULATOR_EXEC_ARGV (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof-emulator") profiles the emulator's side.
    execArgv: spawnOptions.execArgv ?? (process.env.BENCH_EMULATOR_EXEC_ARGV?.split(/\s+/).filter(Boolean) ?? []),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let nextId = 1;
  /** @type {EmulatorInfo} */
  const info = await new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`the emulator process exited (code ${code}) before it was ready`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message) => {
      if (message.ready) {
        child.off('exit', onExit);
        resolve(message.ready);
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`emulator: ${message.error}`));
      else waiter.resolve(message.result);
    });
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the emulator process exited'));
    pending.clear();
  });

  /** @param {string} cmd @param {unknown} [arg] */
  const call = (cmd, arg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, arg });
    });

  return {
    info,
    pid: child.pid,
    /** @returns {Promise<LogGroup[]>} */
    requestLog: () => call('requestLog'),
    /** @returns {Promise<any[]>} */
    rawRequestLog: () => call('rawRequestLog'),
    clearRequestLog: () => call('clearRequestLog'),
    /** @returns {Promise<{ current: number, max: number }>} */
    concurrency: () => call('concurrency'),
    resetConcurrency: () => call('resetConcurrency'),
    /** @param {unknown} latency */
    setLatency: (latency) => call('setLatency', latency),
    /** Backups of a provider's instances from `since` on (KVStore's required window starts at 2010-01-01). */
    listableCount: (/** @type {string} */ provider, /** @type {string | undefined} */ since) => call('listableCount', { provider, since }),
    /** @returns {Promise<number>} CPU ms the emulator process has used so far */
    cpuMs: () => call('cpuMs'),
    /** @returns {Promise<NodeJS.MemoryUsage>} */
    memory: () => call('memory'),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('close').catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}

/** Sums requests per provider for one action name (or all actions when `action` is omitted). */
export function countRequests(/** @type {LogGroup[]} */ groups, /** @type {string} */ provider, /** @type {string | undefined} */ action) {
  return groups.filter((g) => g.provider === provider && (action === undefined || g.action === action)).reduce((n, g) => n + g.requests, 0);
}
