// Benchmark 6 (issue 19): our client against the minimal client (bench/lib/minimal-client.mjs), on the same
// emulator, in the same process, with paired, interleaved repetitions. Two datasets:
// - "100k": 4 providers x 25 instances x 1,000 backups (the listing of benchmark 1);
// - "1000x10": 4 providers x 250 instances x 10 backups (many small instances: the per-request cost).
// Each repetition runs both clients back to back, in alternating order (ours first, then the minimal client first),
// and the figures are ratios within a pair: ours / minimal for wall time and for client CPU (process.cpuUsage),
// min/median/max over the pairs. On a shared machine the absolute times move with the load; the ratios much less.
import { detectPaging, lowerBoundTrips, roundTripsFor } from './lib/bound.mjs';
import { note, report } from './lib/child.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { timedListing } from './lib/listing-run.mjs';
import { minimalListing } from './lib/minimal-client.mjs';
import { PROVIDERS, emulatorSources } from './lib/sources.mjs';
import { median, msSince, round } from './lib/stats.mjs';

const argPairs = process.argv.indexOf('--pairs');
export const SETUP = {
  latencyMs: 30,
  concurrency: 8,
  pageConcurrency: 4,
  pairs: argPairs >= 0 ? Number(process.argv[argPairs + 1]) : 5,
  /** Untimed listings of each client before the pairs (ours reaches its steady state after a few). */
  warmups: 3,
  datasets: [
    { name: '100k', instancesPerProvider: 25, backupsPerInstance: 1_000 },
    { name: '1000x10', instancesPerProvider: 250, backupsPerInstance: 10 },
  ],
};
const only = process.argv.indexOf('--dataset') >= 0 ? process.argv[process.argv.indexOf('--dataset') + 1] : undefined;

const spread = (/** @type {number[]} */ v) => ({ min: round(Math.min(...v), 3), median: round(median(v), 3), max: round(Math.max(...v), 3) });

async function timedMinimal(/** @type {any} */ info) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const { count, requests } = await minimalListing(info, { providers: [...PROVIDERS] });
  const wallMs = msSince(start);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, count, requests };
}

async function runDataset(/** @type {typeof SETUP.datasets[number]} */ dataset) {
  const emulator = await startEmulatorProcess({
    seed: 1,
    instances: dataset.instancesPerProvider,
    backupsPerInstance: dataset.backupsPerInstance,
    latency: { fixedMs: SETUP.latencyMs, jitterMs: 0 },
    recordRequests: true,
  });
  try {
    const { info } = emulator;
    const expected = PROVIDERS.length * dataset.instancesPerProvider * dataset.backupsPerInstance;
    note(`reference ${dataset.name}: warm-up (ours, then minimal, ${SETUP.warmups} each)`);
    // The first listing in a fresh process also pays for compiling the code it runs (V8 optimizes on background
    // threads, counted in the process's CPU): kept as information; the pairs measure the steady state.
    const coldOurs = await timedListing(() => emulatorSources(info));
    const paging = detectPaging(await emulator.requestLog(), dataset.instancesPerProvider, dataset.backupsPerInstance);
    await emulator.clearRequestLog();
    const coldMinimal = await timedMinimal(info);
    if (coldMinimal.count !== expected) throw new Error(`the minimal client listed ${coldMinimal.count} of ${expected}`);
    for (let i = 1; i < SETUP.warmups; i++) {
      await timedListing(() => emulatorSources(info));
      await timedMinimal(info);
    }
    await emulator.setLatency({ fixedMs: SETUP.latencyMs, jitterMs: 0 });
    const pairs = [];
    for (let i = 0; i < SETUP.pairs; i++) {
      const runOurs = () => timedListing(() => emulatorSources(info), { concurrency: SETUP.concurrency });
      let ours;
      let minimal;
      if (i % 2 === 0) {
        ours = await runOurs();
        minimal = await timedMinimal(info);
      } else {
        minimal = await timedMinimal(info);
        ours = await runOurs();
      }
      if (ours.count !== expected || minimal.count !== expected) throw new Error(`counts: ours ${ours.count}, minimal ${minimal.count}, expected ${expected}`);
      pairs.push({ ours: { wallMs: round(ours.wallMs), cpuMs: round(ours.cpuMs) }, minimal: { wallMs: round(minimal.wallMs), cpuMs: round(minimal.cpuMs) }, requests: minimal.requests });
      note(
        `reference ${dataset.name}: pair ${i + 1}: ours ${ours.wallMs.toFixed(0)} ms wall / ${ours.cpuMs.toFixed(0)} ms CPU, ` +
          `minimal ${minimal.wallMs.toFixed(0)} ms / ${minimal.cpuMs.toFixed(0)} ms`,
      );
    }
    const requests = pairs[0].requests;
    const trips = PROVIDERS.flatMap((p) => Array(dataset.instancesPerProvider).fill(roundTripsFor(dataset.backupsPerInstance, paging[p], SETUP.pageConcurrency)));
    const boundMs = lowerBoundTrips(trips, SETUP.concurrency) * SETUP.latencyMs;
    const oursCpu = median(pairs.map((p) => p.ours.cpuMs));
    const minimalCpu = median(pairs.map((p) => p.minimal.cpuMs));
    return {
      expected,
      requests,
      paging: Object.fromEntries(PROVIDERS.map((p) => [p, paging[p].pageSize ?? 'single'])),
      firstListing: { oursCpuMs: round(coldOurs.cpuMs), minimalCpuMs: round(coldMinimal.cpuMs), cpuRatio: round(coldOurs.cpuMs / coldMinimal.cpuMs, 3) },
      boundMs,
      wallRatio: spread(pairs.map((p) => p.ours.wallMs / p.minimal.wallMs)),
      cpuRatio: spread(pairs.map((p) => p.ours.cpuMs / p.minimal.cpuMs)),
      ours: { wallMs: spread(pairs.map((p) => p.ours.wallMs)), cpuMs: spread(pairs.map((p) => p.ours.cpuMs)) },
      minimal: { wallMs: spread(pairs.map((p) => p.minimal.wallMs)), cpuMs: spread(pairs.map((p) => p.minimal.cpuMs)) },
      oursCpuUsPerBackup: round((1000 * oursCpu) / expected, 2),
      minimalCpuUsPerBackup: round((1000 * minimalCpu) / expected, 2),
      oursWallOverBound: round(median(pairs.map((p) => p.ours.wallMs)) / boundMs, 3),
      minimalWallOverBound: round(median(pairs.map((p) => p.minimal.wallMs)) / boundMs, 3),
      pairs,
    };
  } finally {
    await emulator.close();
  }
}

async function main() {
  const datasets = {};
  for (const dataset of SETUP.datasets) {
    if (only && dataset.name !== only) continue;
    datasets[dataset.name] = await runDataset(dataset);
  }
  await report({ setup: SETUP, datasets });
}

await main();
