// Benchmark 4: a million backups streamed through `for await` while only counting them. Memory must stay
// flat: nothing may buffer a whole listing. Run with --expose-gc (run.mjs does) so heap readings are taken
// right after a full collection.
import { note, report } from './lib/child.mjs';
import { lib } from './lib/dist.mjs';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { emulatorSources } from './lib/sources.mjs';
import { MiB, msSince, round } from './lib/stats.mjs';

// Default: all four providers x 25 instances x 10,000 backups = 1,000,000 (RDS and KVStore pages of 100 by number,
// Huawei by offset, CapitalOnline's unpaged answers of 10,000 backups, about 3.4 MB each).
// `--providers aliyun-rds,huawei-rds`: the earlier row, 2 x 50 x 10,000 (paged providers only).
const flag = process.argv.indexOf('--providers');
const chosen = flag >= 0 ? String(process.argv[flag + 1]).split(',') : ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
export const SETUP = { providers: chosen, instancesPerProvider: 1_000_000 / 10_000 / chosen.length, backupsPerInstance: 10_000, checkpointEvery: 100_000 };

const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);

function heapAfterGc() {
  gc?.();
  gc?.();
  return process.memoryUsage();
}

async function main() {
  if (!gc) note('streaming-memory: run with --expose-gc for stable heap readings (run.mjs does)');
  const emulator = await startEmulatorProcess({
    seed: 3,
    instances: { 'aliyun-rds': 0, 'aliyun-kvstore': 0, 'huawei-rds': 0, 'capitalonline-mysql': 0, ...Object.fromEntries(SETUP.providers.map((p) => [p, SETUP.instancesPerProvider])) },
    backupsPerInstance: SETUP.backupsPerInstance,
    latency: 0,
    recordRequests: false,
  });
  try {
    // What a listing can return: KVStore's required window starts at 2010-01-01, and an instance with 10,000
    // backups of a few a day has history from before then.
    let listable = 0;
    for (const p of SETUP.providers) listable += await emulator.listableCount(p, p === 'aliyun-kvstore' ? '2010-01-01T00:00:00Z' : undefined);
    // One source per instance, the providers taking turns: every stretch of the stream then holds every provider's
    // pages (CapitalOnline's 10,000-backup answers included), so a reading at 900k is comparable with one at 200k.
    // (Four sources walked in order would make the stream a sequence of phases, each with its own working set.)
    const client = lib.createBackupClient({ sources: emulatorSources(emulator.info, { providers: SETUP.providers, interleaved: true }) });
    const baseline = heapAfterGc();
    let peakRss = baseline.rss;
    // What the RSS is made of at its peaks: V8's heap (used and reserved) and memory outside it (Buffers).
    const peaks = { heapUsed: 0, heapTotal: 0, external: 0 };
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
      peaks.heapTotal = Math.max(peaks.heapTotal, m.heapTotal);
      peaks.external = Math.max(peaks.external, m.external);
    }, 50);
    /** @type {{ backups: number, heapUsedMiB: number, heapTotalMiB: number, externalMiB: number, rssMiB: number, atMs: number }[]} */
    const checkpoints = [];
    const start = process.hrtime.bigint();
    let count = 0;
    for await (const _backup of client.backups()) {
      count++;
      if (count % SETUP.checkpointEvery === 0) {
        const m = heapAfterGc();
        peakRss = Math.max(peakRss, m.rss);
        checkpoints.push({
          backups: count,
          heapUsedMiB: round(m.heapUsed / MiB),
          heapTotalMiB: round(m.heapTotal / MiB),
          externalMiB: round(m.external / MiB),
          rssMiB: round(m.rss / MiB),
          atMs: round(msSince(start), 0),
        });
        note(`streaming-memory: ${count} backups, heap ${(m.heapUsed / MiB).toFixed(1)} MiB, rss ${(m.rss / MiB).toFixed(0)} MiB`);
      }
    }
    const wallMs = msSince(start);
    clearInterval(sampler);
    client.close();
    const at100k = checkpoints.find((c) => c.backups === SETUP.checkpointEvery);
    const last = checkpoints[checkpoints.length - 1];
    const growth = at100k && last ? (last.heapUsedMiB - at100k.heapUsedMiB) / at100k.heapUsedMiB : Number.NaN;
    // The 1M reading is taken as the pipeline drains (nothing left in flight), so also judge the mid-stream
    // readings: the worst one against 100k, and the least-squares trend per 100k backups (a leak is a steady slope).
    const midStream = checkpoints.filter((c) => c.backups > SETUP.checkpointEvery && c.backups < listable);
    const worstMidStream = at100k && midStream.length > 0 ? (Math.max(...midStream.map((c) => c.heapUsedMiB)) - at100k.heapUsedMiB) / at100k.heapUsedMiB : Number.NaN;
    const trend = checkpoints.filter((c) => c.backups < listable);
    const xs = trend.map((c) => c.backups / SETUP.checkpointEvery);
    const ys = trend.map((c) => c.heapUsedMiB);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    await report({
      setup: SETUP,
      count,
      expected: listable,
      countOk: count === listable,
      gcExposed: Boolean(gc),
      wallMs: round(wallMs, 0),
      backupsPerSecond: Math.round(count / (wallMs / 1000)),
      baselineHeapMiB: round(baseline.heapUsed / MiB),
      baselineRssMiB: round(baseline.rss / MiB),
      heapAt100kMiB: at100k?.heapUsedMiB,
      heapAt1MMiB: last?.heapUsedMiB,
      heapGrowth: growth,
      worstMidStreamGrowth: worstMidStream,
      heapSlopeMiBPer100k: round(slope, 3),
      peakRssMiB: round(peakRss / MiB),
      peakHeapUsedMiB: round(peaks.heapUsed / MiB),
      peakHeapTotalMiB: round(peaks.heapTotal / MiB),
      peakExternalMiB: round(peaks.external / MiB),
      maxRssMiB: round(process.resourceUsage().maxRSS / 1024),
      checkpoints,
    });
  } finally {
    await emulator.close();
  }
}

await main();
