// Benchmark 1: listing many instances against the round-trip lower bound (bench/README.md derives it).
import { fork } from 'node:child_process';
import { detectPaging, fifoScheduleTrips, lowerBoundTrips, pagesFor, roundTripsFor } from './lib/bound.mjs';
import { note, report } from './lib/child.mjs';
import { lib } from './lib/dist.mjs';
import { countRequests, startEmulatorProcess } from './lib/emulator.mjs';
import { timedListing } from './lib/listing-run.mjs';
import { PROVIDERS, emulatorSources } from './lib/sources.mjs';
import { median, round } from './lib/stats.mjs';

export const SETUP = {
  latencyMs: 30,
  instancesPerProvider: 25,
  backupsPerInstance: 1_000,
  concurrency: lib.DEFAULT_CONCURRENCY,
  pageConcurrency: 4, // the paginator's default (DEFAULT_PAGE_CONCURRENCY in src/paginate.ts; not exported)
  timedRuns: 3,
};

/** Round trips per instance, in the order the client queues them (source order, then instance order). */
function instanceTrips(/** @type {string[]} */ providers, /** @type {Record<string, any>} */ PAGING) {
  const trips = [];
  for (const p of providers) {
    for (let i = 0; i < SETUP.instancesPerProvider; i++) trips.push(roundTripsFor(SETUP.backupsPerInstance, PAGING[p], SETUP.pageConcurrency));
  }
  return trips;
}

/**
 * Lists through the caching proxy: one filling run, then `SETUP.timedRuns` timed ones (median).
 * @param {import('./lib/emulator.mjs').EmulatorInfo} info
 * @param {Awaited<ReturnType<typeof startEmulatorProcess>>} emulator
 */
async function listAgainstCachedCloud(info, emulator) {
  await emulator.setLatency(0); // the proxy adds the latency, on hits and misses alike
  const proxy = fork(new URL('./lib/cached-cloud-child.mjs', import.meta.url), [], {
    env: { ...process.env, BENCH_CACHE_TARGET: info.url, BENCH_CACHE_LATENCY_MS: String(SETUP.latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { url } = /** @type {{ url: string }} */ (await new Promise((resolve) => proxy.once('message', resolve)));
    const viaProxy = { ...info, iamEndpoint: url, endpoints: Object.fromEntries(PROVIDERS.map((p) => [p, url])) };
    await timedListing(() => emulatorSources(viaProxy)); // fills the cache
    const runs = [];
    for (let i = 0; i < SETUP.timedRuns; i++) runs.push(await timedListing(() => emulatorSources(viaProxy), { concurrency: SETUP.concurrency }));
    proxy.send('stats');
    const cache = await new Promise((resolve) => proxy.once('message', resolve));
    const mid = [...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1];
    return { wallMs: mid.wallMs, cpuMs: mid.cpuMs, runs: runs.map((r) => round(r.wallMs)), counts: runs.map((r) => r.count), cache };
  } finally {
    proxy.kill();
    await emulator.setLatency({ fixedMs: SETUP.latencyMs, jitterMs: 0 });
  }
}

async function main() {
  const emulator = await startEmulatorProcess({
    seed: 1,
    instances: SETUP.instancesPerProvider,
    backupsPerInstance: SETUP.backupsPerInstance,
    latency: { fixedMs: SETUP.latencyMs, jitterMs: 0 },
    recordRequests: true,
  });
  try {
    const { info } = emulator;
    const expected = PROVIDERS.length * SETUP.instancesPerProvider * SETUP.backupsPerInstance;
    // Warm-up: JIT, and the emulator generates each instance's history on first use.
    note('listing: warm-up run');
    await timedListing(() => emulatorSources(info));
    // The page sizes this build asks for, from the warm-up's requests (the bound depends on them).
    const PAGING = detectPaging(await emulator.requestLog(), SETUP.instancesPerProvider, SETUP.backupsPerInstance);
    const expectedRequests = Object.fromEntries(
      PROVIDERS.map((p) => [p, SETUP.instancesPerProvider * pagesFor(SETUP.backupsPerInstance, PAGING[p])]),
    );

    const runs = [];
    for (let i = 0; i < SETUP.timedRuns; i++) {
      await emulator.clearRequestLog();
      await emulator.resetConcurrency();
      const emulatorCpuBefore = await emulator.cpuMs();
      const run = await timedListing(() => emulatorSources(info), { concurrency: SETUP.concurrency });
      const log = await emulator.requestLog();
      const { max } = await emulator.concurrency();
      const emulatorCpuMs = (await emulator.cpuMs()) - emulatorCpuBefore;
      const requests = Object.fromEntries(PROVIDERS.map((p) => [p, countRequests(log, p)]));
      const serverMs = log.reduce((s, g) => s + g.serverMsTotal, 0);
      runs.push({ ...run, emulatorCpuMs, requests, maxInFlight: max, serverMsPerRequest: serverMs / Math.max(1, log.reduce((s, g) => s + g.requests, 0)) });
      note(`listing: run ${i + 1}: ${run.count} backups in ${run.wallMs.toFixed(0)} ms (client CPU ${run.cpuMs.toFixed(0)} ms, emulator CPU ${emulatorCpuMs.toFixed(0)} ms, ${max} requests in flight at most)`);
    }

    const trips = instanceTrips([...PROVIDERS], PAGING);
    const boundTrips = lowerBoundTrips(trips, SETUP.concurrency);
    const boundMs = boundTrips * SETUP.latencyMs;
    const fifoMs = fifoScheduleTrips(trips, SETUP.concurrency) * SETUP.latencyMs;
    const wallMs = median(runs.map((r) => r.wallMs));
    const medianRun = [...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1];

    // With discovery: sources find their instances (Huawei also resolves its project through IAM).
    note('listing: with discovery');
    await timedListing(() => emulatorSources(info, { explicit: false, huaweiProjectId: false })); // warm the discovery path
    await emulator.clearRequestLog();
    const discovery = await timedListing(() => emulatorSources(info, { explicit: false, huaweiProjectId: false }), { concurrency: SETUP.concurrency });
    const discoveryLog = await emulator.requestLog();
    const discoveryTrips = Object.fromEntries(
      PROVIDERS.map((p) => [
        p,
        countRequests(discoveryLog, p) - countRequests(discoveryLog, p, p === 'huawei-rds' ? 'ListBackups' : 'DescribeBackups') +
          (p === 'huawei-rds' ? countRequests(discoveryLog, 'huawei-iam') : 0),
      ]),
    );
    // Discovery runs under a slot before a source's instances start; each discovery request counted as one round trip.
    const sumDiscovery = Object.values(discoveryTrips).reduce((a, b) => a + b, 0);
    const sumTrips = trips.reduce((a, b) => a + b, 0);
    const longest = Math.max(...PROVIDERS.map((p) => discoveryTrips[p] + roundTripsFor(SETUP.backupsPerInstance, PAGING[p], SETUP.pageConcurrency)));
    const discoveryBoundTrips = Math.max(Math.ceil((sumTrips + sumDiscovery) / SETUP.concurrency), longest);
    note(`listing: with discovery: ${discovery.count} backups in ${discovery.wallMs.toFixed(0)} ms`);

    // The client alone: the same listing against a cloud that costs no CPU (bench/lib/cached-cloud-child.mjs).
    note('listing: against a zero-CPU cloud (cached pages, same latency)');
    const cachedCloud = await listAgainstCachedCloud(info, emulator);
    note(`listing: zero-CPU cloud: ${cachedCloud.wallMs.toFixed(0)} ms (client CPU ${cachedCloud.cpuMs.toFixed(0)} ms)`);

    await report({
      setup: { ...SETUP, providers: PROVIDERS, paging: PAGING },
      expected,
      expectedRequests,
      roundTripsPerInstance: Object.fromEntries(PROVIDERS.map((p) => [p, roundTripsFor(SETUP.backupsPerInstance, PAGING[p], SETUP.pageConcurrency)])),
      sumRoundTrips: sumTrips,
      bound: { trips: boundTrips, ms: boundMs, fifoScheduleMs: fifoMs },
      wallMs,
      ratio: wallMs / boundMs,
      runs: runs.map((r) => ({ ...r, wallMs: round(r.wallMs), cpuMs: round(r.cpuMs), emulatorCpuMs: round(r.emulatorCpuMs), serverMsPerRequest: round(r.serverMsPerRequest) })),
      countOk: runs.every((r) => r.count === expected),
      requestsOk: runs.every((r) => PROVIDERS.every((p) => r.requests[p] === expectedRequests[p])),
      medianRun: { cpuMs: round(medianRun.cpuMs), emulatorCpuMs: round(medianRun.emulatorCpuMs), maxInFlight: medianRun.maxInFlight, serverMsPerRequest: round(medianRun.serverMsPerRequest) },
      cachedCloud: {
        wallMs: round(cachedCloud.wallMs),
        cpuMs: round(cachedCloud.cpuMs),
        runs: cachedCloud.runs,
        countOk: cachedCloud.counts.every((c) => c === expected),
        ratio: cachedCloud.wallMs / boundMs,
        cache: cachedCloud.cache,
      },
      discovery: {
        wallMs: round(discovery.wallMs),
        count: discovery.count,
        countOk: discovery.count === expected,
        discoveryRequests: discoveryTrips,
        boundMs: discoveryBoundTrips * SETUP.latencyMs,
        ratio: discovery.wallMs / (discoveryBoundTrips * SETUP.latencyMs),
      },
    });
  } finally {
    await emulator.close();
  }
}

await main();
