// The benchmarks `npm run bench` runs, and how their results become the table's rows (shared by run.mjs and
// compare.mjs, which puts two builds side by side).
import { fmt } from './table.mjs';

import { existsSync } from 'node:fs';

// Time limits are generous: on a shared, loaded 2-core machine a listing can take ten times its quiet-machine time.
/** @type {{ key: string, file: string, execArgv?: string[], args?: string[], timeoutMs: number }[]} */
export const BENCHMARKS = [
  { key: 'importCost', file: 'import-cost.mjs', timeoutMs: 400_000 },
  { key: 'normalize', file: 'normalize.mjs', timeoutMs: 240_000 },
  { key: 'listing', file: 'listing.mjs', timeoutMs: 600_000 },
  { key: 'reference', file: 'reference.mjs', timeoutMs: 1_200_000 },
  { key: 'officialSdk', file: 'vs-official-sdk.mjs', timeoutMs: 600_000 },
  { key: 'streaming', file: 'streaming-memory.mjs', execArgv: ['--expose-gc'], timeoutMs: 900_000 },
  { key: 'streamingPaged', file: 'streaming-memory.mjs', execArgv: ['--expose-gc'], args: ['--providers', 'aliyun-rds,huawei-rds'], timeoutMs: 900_000 },
  { key: 'scaling', file: 'scaling.mjs', timeoutMs: 1_800_000 },
  // The inventory's own benchmark (written with the inventory), once it is in the tree.
  ...(existsSync(new URL('../inventory-sync.mjs', import.meta.url)) ? [{ key: 'inventorySync', file: 'inventory-sync.mjs', timeoutMs: 900_000 }] : []),
];

/** @param {Record<string, any>} r */
export function rows(r) {
  /** @type {import('./lib/table.mjs').Row[]} */
  const out = [];
  const add = (/** @type {Partial<import('./lib/table.mjs').Row>} */ row) =>
    out.push({ id: '', bench: '', figure: '', ours: '', reference: '', ratio: '', target: '', met: '', ...row });

  if (r.listing && !r.listing.error) {
    const l = r.listing;
    const checks = l.countOk && l.requestsOk ? '' : ' (count/requests WRONG)';
    add({
      id: '1', bench: 'Listing vs round-trip bound',
      figure: `wall, ${l.expected.toLocaleString('en-US')} backups, 4x${l.setup.instancesPerProvider} instances, c=${l.setup.concurrency} pc=${l.setup.pageConcurrency}, ${l.setup.latencyMs} ms`,
      ours: fmt.ms(l.wallMs), reference: `bound ${fmt.ms(l.bound.ms)}`, ratio: fmt.x(l.ratio), target: '<= 1.30x', met: fmt.met(l.ratio <= 1.3) + checks,
    });
    add({
      id: '1b', bench: '  same, with discovery',
      figure: `instances discovered, Huawei project via IAM`,
      ours: fmt.ms(l.discovery.wallMs), reference: `bound ${fmt.ms(l.discovery.boundMs)}`, ratio: fmt.x(l.discovery.ratio), target: '(info)', met: l.discovery.countOk ? '-' : 'count WRONG',
    });
    add({
      id: '1c', bench: '  same, client alone',
      figure: 'against a zero-CPU cloud (cached pages, same 30 ms)',
      ours: fmt.ms(l.cachedCloud.wallMs), reference: `bound ${fmt.ms(l.bound.ms)}`, ratio: fmt.x(l.cachedCloud.ratio), target: '(info)',
      met: l.cachedCloud.countOk ? '-' : 'count WRONG',
    });
  } else add({ id: '1', bench: 'Listing vs round-trip bound', figure: r.listing?.error ? `failed: ${r.listing.error}` : 'not run' });

  if (r.officialSdk && !r.officialSdk.error) {
    const s = r.officialSdk;
    const checks = s.oursCountOk && s.sdk.countOk ? '' : ' (count WRONG)';
    add({
      id: '2', bench: 'Listing vs official SDK',
      figure: `wall, ${s.expected.toLocaleString('en-US')} RDS+KVStore backups, ${s.setup.latencyMs} ms`,
      ours: fmt.ms(s.oursMs), reference: `SDK ${fmt.ms(s.sdk.wallMs)}`, ratio: `${s.speedup.toFixed(1)}x faster`, target: '>= 10x', met: fmt.met(s.speedup >= 10) + checks,
    });
    if (s.sdk.cpuUsPerBackup !== undefined) {
      add({
        id: '2c', bench: '  client CPU per backup', figure: `page sizes: RDS ${s.pageSizes?.['aliyun-rds']}, KVStore ${s.pageSizes?.['aliyun-kvstore']} (both sides)`,
        ours: `${s.oursCpuUsPerBackup} us`, reference: `SDK ${s.sdk.cpuUsPerBackup} us`, ratio: fmt.x(s.cpuPerBackupRatio), target: '< 1.00x', met: fmt.met(s.cpuPerBackupRatio < 1),
      });
    }
    add({
      id: '2b', bench: '  ours, one request at a time', figure: 'concurrency 1, pageConcurrency 1',
      ours: fmt.ms(s.serial.wallMs), reference: `SDK ${fmt.ms(s.sdk.wallMs)}`, ratio: `${(s.sdk.wallMs / s.serial.wallMs).toFixed(2)}x faster`, target: '(info)', met: '-',
    });
  } else add({ id: '2', bench: 'Listing vs official SDK', figure: r.officialSdk?.error ? `failed: ${r.officialSdk.error}` : 'not run' });

  if (r.reference && !r.reference.error) {
    for (const [name, d] of Object.entries(r.reference.datasets)) {
      const label = name === '100k' ? '100k listing' : '1,000 instances x 10';
      const cpuTarget = name === '100k' ? 1.6 : 2;
      const spreadText = (/** @type {any} */ s) => `${fmt.x(s.min)}/${fmt.x(s.median)}/${fmt.x(s.max)}`;
      add({
        id: '6', bench: `Vs minimal client, ${label}`, figure: `client CPU, ${d.expected.toLocaleString('en-US')} backups, ${d.requests} requests, ${r.reference.setup.pairs} pairs (min/med/max)`,
        ours: fmt.ms(d.ours.cpuMs.median), reference: `minimal ${fmt.ms(d.minimal.cpuMs.median)}`, ratio: spreadText(d.cpuRatio), target: `<= ${cpuTarget.toFixed(2)}x`, met: fmt.met(d.cpuRatio.median <= cpuTarget),
      });
      add({
        id: '6', bench: '', figure: `wall at ${r.reference.setup.latencyMs} ms (round-trip bound ${fmt.ms(d.boundMs)}: ours ${fmt.x(d.oursWallOverBound)}, minimal ${fmt.x(d.minimalWallOverBound)})`,
        ours: fmt.ms(d.ours.wallMs.median), reference: `minimal ${fmt.ms(d.minimal.wallMs.median)}`, ratio: spreadText(d.wallRatio), target: name === '100k' ? '<= 1.20x' : '(info)', met: name === '100k' ? fmt.met(d.wallRatio.median <= 1.2) : '-',
      });
    }
  } else add({ id: '6', bench: 'Vs minimal client', figure: r.reference?.error ? `failed: ${r.reference.error}` : 'not run' });

  if (r.normalize && !r.normalize.error) {
    const n = r.normalize;
    for (const [provider, p] of Object.entries(n.perProvider)) {
      add({
        id: '3', bench: `Normalize ${provider}`, figure: 'backups/s, parse+validate+map vs JSON.parse',
        ours: fmt.perSec(p.backupsPerSecond), reference: fmt.perSec(p.jsonParsePerSecond), ratio: fmt.x(p.ratio), target: '<= 3.00x', met: fmt.met(p.ratio <= 3),
      });
    }
    add({
      id: '3', bench: 'Normalize, all four', figure: 'same, equal record counts per provider',
      ours: fmt.perSec(n.overall.backupsPerSecond), reference: fmt.perSec(n.overall.jsonParsePerSecond), ratio: fmt.x(n.overall.ratio), target: '<= 3.00x', met: fmt.met(n.overall.ratio <= 3),
    });
  } else add({ id: '3', bench: 'Normalize', figure: r.normalize?.error ? `failed: ${r.normalize.error}` : 'not run' });

  const streamingRows = (/** @type {any} */ m, /** @type {string} */ id, /** @type {string} */ label) => {
    if (!m || m.error) {
      add({ id, bench: label, figure: m?.error ? `failed: ${m.error}` : 'not run' });
      return;
    }
    const flat = m.heapGrowth < 0.1 && m.heapSlopeMiBPer100k < 1;
    add({
      id, bench: label, figure: `heap after GC, 100k -> ${m.count.toLocaleString('en-US')} backups (${m.setup.providers.length} providers)`,
      ours: `${fmt.mib(m.heapAt100kMiB)} -> ${fmt.mib(m.heapAt1MMiB)}`, reference: `trend ${m.heapSlopeMiBPer100k} MiB/100k`, ratio: fmt.pct(m.heapGrowth), target: '< +10%, no trend', met: fmt.met(flat) + (m.countOk ? '' : ' (count WRONG)'),
    });
    add({
      id: `${id}b`, bench: '  peak RSS', figure: `while streaming (${m.backupsPerSecond.toLocaleString('en-US')} backups/s, 0 ms latency)`,
      ours: fmt.mib(m.maxRssMiB ?? m.peakRssMiB), reference: `before: ${fmt.mib(m.baselineRssMiB)}`, ratio: '', target: '<= 250 MiB', met: fmt.met((m.maxRssMiB ?? m.peakRssMiB) <= 250),
    });
  };
  streamingRows(r.streaming, '4', 'Streaming memory, all four');
  if (r.streamingPaged) streamingRows(r.streamingPaged, '4p', 'Streaming memory, RDS+Huawei');

  if (r.scaling && !r.scaling.error) {
    const f = r.scaling.fit;
    const big = r.scaling.table.find((c) => c.instances === 1000 && c.backups === 20000);
    add({
      id: '7', bench: 'Scaling (client CPU)', figure: `fit over ${r.scaling.table.filter((c) => !c.predicted).length} measured estates: CPU = a x requests + b x backups`,
      ours: `a ${f.usPerRequest} us`, reference: `b ${f.usPerBackup} us`, ratio: '', target: '(info)', met: '-',
    });
    if (big) add({ id: '7', bench: '', figure: `1,000 x 20,000 (${big.predicted ? 'predicted' : 'measured'})`, ours: fmt.ms(big.cpuMs), reference: `${big.requests.toLocaleString('en-US')} requests`, ratio: '', target: '(info)', met: '-' });
  } else if (r.scaling) add({ id: '7', bench: 'Scaling', figure: `failed: ${r.scaling.error}` });

  if (r.inventorySync) {
    const v = r.inventorySync;
    if (v.error) add({ id: '8', bench: 'Inventory sync', figure: `failed: ${v.error}` });
    else {
      add({
        id: '8', bench: 'Inventory sync (PGlite)', figure: `wall, ${v.expected.toLocaleString('en-US')} backups synced vs listed alone, ${v.setup.latencyMs} ms`,
        ours: fmt.ms(v.sync.wallMs), reference: `listing ${fmt.ms(v.listing.wallMs)}`, ratio: fmt.x(v.ratio), target: '(info)', met: v.countOk ? '-' : 'count WRONG',
      });
      add({
        id: '8b', bench: '  database on disk', figure: `${v.rowsPerSecond.toLocaleString('en-US')} rows/s; resync ${fmt.x(v.resyncRatio)} the listing`,
        ours: `${v.diskMiB} MiB`, reference: `${v.bytesPerBackup} B/backup`, ratio: '', target: '(info)', met: '-',
      });
    }
  }

  if (r.importCost && !r.importCost.error) {
    const c = r.importCost;
    add({
      id: '5', bench: 'Import cost', figure: `import() in a fresh process, median of ${c.setup.runs}`,
      ours: fmt.ms(c.import.oursMs), reference: `require(rds20140815) ${fmt.ms(c.import.theirsMs)}`, ratio: fmt.x(c.import.ratio), target: '<= 0.40x', met: fmt.met(c.import.ratio <= 0.4),
    });
    if (c.import.cpu) {
      add({
        id: '5', bench: '', figure: `the same in CPU time (paired ${c.import.cpu.ratio.min}-${c.import.cpu.ratio.max}x)`,
        ours: fmt.ms(c.import.cpu.oursMs), reference: `require(rds20140815) ${fmt.ms(c.import.cpu.theirsMs)}`, ratio: fmt.x(c.import.cpu.ratio.median), target: '<= 0.40x', met: fmt.met(c.import.cpu.ratio.median <= 0.4),
      });
    }
    if (c.import.oursCjsMs !== undefined) {
      add({
        id: '5a', bench: '  ESM vs CJS', figure: `import() vs require() of ours (paired ${c.import.pairedEsmOverCjs.min}-${c.import.pairedEsmOverCjs.max}x)`,
        ours: fmt.ms(c.import.oursMs), reference: `CJS ${fmt.ms(c.import.oursCjsMs)}`, ratio: fmt.x(c.import.esmOverCjs), target: '<= 1.20x', met: fmt.met(c.import.esmOverCjs <= 1.2),
      });
      if (c.import.cpu) {
        add({
          id: '5a', bench: '', figure: `the same in CPU time (paired ${c.import.cpu.esmOverCjs.min}-${c.import.cpu.esmOverCjs.max}x)`,
          ours: fmt.ms(c.import.cpu.oursMs), reference: `CJS ${fmt.ms(c.import.cpu.oursCjsMs)}`, ratio: fmt.x(c.import.cpu.esmOverCjs.median), target: '<= 1.20x', met: fmt.met(c.import.cpu.esmOverCjs.median <= 1.2),
        });
      }
    }
    add({
      id: '5b', bench: '  whole process', figure: `node start to exit (empty node: ${fmt.ms(c.process.emptyNodeMs)})`,
      ours: fmt.ms(c.process.oursMs), reference: fmt.ms(c.process.theirsMs), ratio: fmt.x(c.process.ratio), target: '(info)', met: '-',
    });
    add({
      id: '5c', bench: '  packed size', figure: 'npm pack --dry-run: tarball',
      ours: fmt.bytes(c.pack.ours.tarballBytes), reference: fmt.bytes(c.pack.theirs.tarballBytes), ratio: fmt.x(c.pack.tarballRatio), target: '(info)', met: '-',
    });
    add({
      id: '5d', bench: '', figure: 'npm pack --dry-run: unpacked',
      ours: fmt.bytes(c.pack.ours.unpackedBytes), reference: fmt.bytes(c.pack.theirs.unpackedBytes), ratio: fmt.x(c.pack.unpackedRatio), target: '(info)', met: '-',
    });
    add({
      id: '5e', bench: '', figure: `installed with runtime deps (${c.installed.oursDependencies} vs ${c.installed.theirsDependencies} packages)`,
      ours: fmt.bytes(c.installed.oursBytes), reference: fmt.bytes(c.installed.theirsBytes), ratio: fmt.x(c.installed.ratio), target: '(info)', met: '-',
    });
  } else add({ id: '5', bench: 'Import cost', figure: r.importCost?.error ? `failed: ${r.importCost.error}` : 'not run' });
  return out;
}

/** A few lines under the table that say why a figure is what it is. */
export function notes(/** @type {Record<string, any>} */ r) {
  const out = [];
  const l = r.listing;
  if (l && !l.error) {
    const cpuBound = l.medianRun.cpuMs >= 0.8 * l.wallMs ? ' (the listing is CPU-bound in the client)' : '';
    out.push(
      `1: per run (median): client CPU ${fmt.ms(l.medianRun.cpuMs)}, emulator CPU ${fmt.ms(l.medianRun.emulatorCpuMs)} for a ${fmt.ms(l.wallMs)} wall${cpuBound}; ` +
        `${Object.values(l.runs[0].requests).reduce((a, b) => a + b, 0)} requests (${l.requestsOk ? 'as predicted' : 'NOT as predicted'}), ` +
        `up to ${l.medianRun.maxInFlight} in flight, ${l.medianRun.serverMsPerRequest} ms mean time in the emulator per request.`,
    );
  }
  const s = r.officialSdk;
  if (s && !s.error) out.push(`2: the SDK took ${s.sdk.msPerRequest} ms per request over ${s.sdk.requests} requests; our round-trip bound for the same data is ${fmt.ms(s.oursBoundMs)}, ours took ${fmt.x(s.oursMs / s.oursBoundMs)} that.`);
  const n = r.normalize;
  if (n && !n.error) {
    const parts = Object.entries(n.perProvider).map(([p, v]) => `${p} ${v.breakdownNs.parseBody}/${v.breakdownNs.schemas}/${v.breakdownNs.mapAndRest}`);
    out.push(`3: ns per backup, parseBody/schemas/map: ${parts.join(', ')}.`);
  }
  const m = r.streaming;
  if (m && !m.error) {
    out.push(
      `4: heap after GC every 100k backups (MiB): ${m.checkpoints.map((c) => c.heapUsedMiB.toFixed(1)).join(' ')}; ` +
        `worst mid-stream reading ${fmt.pct(m.worstMidStreamGrowth)} over 100k, trend ${m.heapSlopeMiBPer100k >= 0 ? '+' : ''}${m.heapSlopeMiBPer100k} MiB per 100k.`,
    );
  }
  const c = r.importCost;
  if (c && !c.error && c.import.ourDependenciesMs) {
    const deps = Object.entries(c.import.ourDependenciesMs).sort((a, b) => b[1] - a[1]).map(([d, ms]) => `${d} ${Math.round(ms)} ms`);
    out.push(`5: our runtime dependencies imported alone: ${deps.join(', ')}.`);
  }
  return out.length > 0 ? `\n${out.join('\n')}\n` : '';
}

