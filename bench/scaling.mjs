// Scaling (issue 19): client CPU per request and per backup for 10, 100 and 1,000 instances with 10, 1,000 and
// 20,000 backups each, over all four providers (instances spread evenly), at 0 ms latency (latency changes wall
// time, not CPU). Cells above BENCH_SCALING_MAX backups (default 200,000) are not run: they are predicted from a
// least-squares fit over the measured cells, CPU = a x requests + b x backups, and marked as predicted.
//
//   node bench/scaling.mjs            # prints the JSON; run.mjs shows the fit, bench/README.md the table
import { note, report } from './lib/child.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { timedListing } from './lib/listing-run.mjs';
import { PROVIDERS, emulatorSources } from './lib/sources.mjs';
import { median, round } from './lib/stats.mjs';

export const SETUP = {
  instances: [10, 100, 1_000],
  backups: [10, 1_000, 20_000],
  maxBackups: Number(process.env.BENCH_SCALING_MAX ?? 200_000),
  runs: 3,
};

/** n instances spread over the four providers, the first ones getting the remainder. */
const spread = (/** @type {number} */ n) => Object.fromEntries(PROVIDERS.map((p, i) => [p, Math.floor(n / 4) + (i < n % 4 ? 1 : 0)]));

async function cell(/** @type {number} */ instances, /** @type {number} */ backups) {
  const emulator = await startEmulatorProcess({ seed: 5, instances: spread(instances), backupsPerInstance: backups, latency: 0, recordRequests: true });
  try {
    const sources = () => emulatorSources(emulator.info);
    // KVStore's required window starts at 2010-01-01: 20,000 backups of a few a day reach back before it.
    let expected = 0;
    for (const p of PROVIDERS) expected += await emulator.listableCount(p, p === 'aliyun-kvstore' ? '2010-01-01T00:00:00Z' : undefined);
    await timedListing(sources); // warm-up (JIT, the emulator's history)
    await emulator.clearRequestLog();
    const runs = [];
    for (let i = 0; i < SETUP.runs; i++) runs.push(await timedListing(sources));
    const log = await emulator.requestLog();
    const requests = log.reduce((n, g) => n + g.requests, 0) / SETUP.runs;
    const cpuMs = median(runs.map((r) => r.cpuMs));
    const count = runs[0].count;
    if (count !== expected) throw new Error(`listed ${count} of ${expected}`);
    note(`scaling: ${instances} x ${backups}: ${count} backups, ${requests} requests, client CPU ${cpuMs.toFixed(0)} ms`);
    return { instances, backups, listed: count, requests, cpuMs: round(cpuMs), usPerRequest: round((1000 * cpuMs) / requests, 1), usPerBackup: round((1000 * cpuMs) / count, 2) };
  } finally {
    await emulator.close();
  }
}

/** Least squares without intercept for y = a x1 + b x2. */
function fit(/** @type {{ requests: number, backups: number, cpuMs: number }[]} */ points) {
  let s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
  for (const p of points) {
    const x1 = p.requests, x2 = p.backups, y = p.cpuMs;
    s11 += x1 * x1; s12 += x1 * x2; s22 += x2 * x2; s1y += x1 * y; s2y += x2 * y;
  }
  const det = s11 * s22 - s12 * s12;
  return { msPerRequest: (s1y * s22 - s2y * s12) / det, msPerBackup: (s2y * s11 - s1y * s12) / det };
}

/** Requests a listing of `instances` x `backups` makes with the page sizes of today's providers (100, or all at once). */
function requestsFor(/** @type {number} */ instances, /** @type {number} */ backups) {
  const per = spread(instances);
  return PROVIDERS.reduce((n, p) => n + per[p] * (p === 'capitalonline-mysql' ? 1 : Math.max(1, Math.ceil(backups / 100))), 0);
}

async function main() {
  const measured = [];
  for (const instances of SETUP.instances) {
    for (const backups of SETUP.backups) {
      if (instances * backups > SETUP.maxBackups) continue;
      measured.push(await cell(instances, backups));
    }
  }
  const f = fit(measured.map((m) => ({ requests: m.requests, backups: m.listed, cpuMs: m.cpuMs })));
  const table = [];
  for (const instances of SETUP.instances) {
    for (const backups of SETUP.backups) {
      const m = measured.find((c) => c.instances === instances && c.backups === backups);
      if (m) {
        table.push({ ...m, predicted: false });
        continue;
      }
      const requests = requestsFor(instances, backups);
      const cpuMs = f.msPerRequest * requests + f.msPerBackup * instances * backups;
      table.push({ instances, backups, requests, cpuMs: round(cpuMs), usPerRequest: round((1000 * cpuMs) / requests, 1), usPerBackup: round((1000 * cpuMs) / (instances * backups), 2), predicted: true });
    }
  }
  await report({ setup: SETUP, fit: { usPerRequest: round(f.msPerRequest * 1000, 1), usPerBackup: round(f.msPerBackup * 1000, 2) }, table });
}

await main();
