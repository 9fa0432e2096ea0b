// Benchmark 5: what loading the library costs a user, against the official Aliyun RDS SDK: import time in a
// fresh process, whole-process wall time, and the size of the package.
import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, realpathSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { note, report } from './lib/child.mjs';
import { distUrl } from './lib/dist-url.mjs';
import { median, round } from './lib/stats.mjs';

export const SETUP = { runs: 9, theirs: '@alicloud/rds20140815' };
const BUILTINS = new Set(builtinModules);

const root = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./lib/import-child.mjs', import.meta.url));
// `cloud-backups` resolves to the package itself (self-reference through its "exports"), i.e. dist/index.js.
const ours = process.env.BENCH_DIST_DIR ? distUrl('index.js') : 'cloud-backups';
// The CommonJS build, required as a CJS user does (`require('cloud-backups')` resolves to dist/index.cjs).
const oursCjs = process.env.BENCH_DIST_DIR ? fileURLToPath(distUrl('index.cjs')) : 'cloud-backups';

/** One fresh process importing `specifier` (or nothing): in-process import time and whole-process wall time. */
function once(/** @type {string | undefined} */ specifier, useRequire = false) {
  const start = process.hrtime.bigint();
  const args = specifier ? [child, ...(useRequire ? ['--require'] : []), specifier] : ['-e', '0'];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const processMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`importing ${specifier} failed: ${result.stderr}`);
  return { processMs, ...(specifier ? JSON.parse(result.stdout) : {}) };
}

/** Runs `npm pack --dry-run --json` (in the repo, or on a package folder) and returns its sizes. */
function packed(/** @type {string | undefined} */ folder) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...(folder ? [folder] : [])], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out);
  return { tarballBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount };
}

/** Bytes on disk of a folder, not counting nested node_modules. */
function folderBytes(/** @type {string} */ dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Where Node would find package `name` from `fromDir`. */
function resolvePackageDir(/** @type {string} */ name, /** @type {string} */ fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * What `npm install <package>` puts on disk: the package and its runtime dependencies, transitively, as installed
 * here (bytes of each package folder, each counted once).
 */
function installedBytes(/** @type {string} */ packageDir, /** @type {boolean} */ includeSelf) {
  const seen = new Set();
  let bytes = 0;
  let packages = 0;
  const visit = (/** @type {string} */ dir, self) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    if (self) {
      bytes += folderBytes(dir);
      packages++;
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const dep = resolvePackageDir(name, dir);
      if (dep) visit(dep, true);
    }
  };
  visit(packageDir, includeSelf);
  return { bytes, packages };
}

async function main() {
  note('import-cost: fresh processes');
  once(ours); // warm the file-system cache for every side before timing
  once(oursCjs, true);
  once(SETUP.theirs, true);
  const samples = { ours: [], oursCjs: [], theirs: [], empty: [] };
  // Interleaved, so a change in machine load hits every side alike; ratios are also taken run by run (paired).
  for (let i = 0; i < SETUP.runs; i++) {
    samples.ours.push(once(ours));
    samples.oursCjs.push(once(oursCjs, true));
    samples.theirs.push(once(SETUP.theirs, true));
    samples.empty.push(once(undefined));
  }
  const med = (/** @type {any[]} */ list, /** @type {string} */ key) => median(list.map((s) => s[key]));
  const spread = (/** @type {number[]} */ values) => ({ min: round(Math.min(...values), 3), median: round(median(values), 3), max: round(Math.max(...values), 3) });
  const importOurs = med(samples.ours, 'importMs');
  const importOursCjs = med(samples.oursCjs, 'importMs');
  const importTheirs = med(samples.theirs, 'importMs');
  const processOurs = med(samples.ours, 'processMs');
  const processTheirs = med(samples.theirs, 'processMs');
  const processEmpty = med(samples.empty, 'processMs');

  // Where our import time goes: each bare package dist/index.js imports, alone in a fresh process.
  const distIndex = readFileSync(new URL(distUrl('index.js')), 'utf8');
  const deps = [...new Set([...distIndex.matchAll(/from\s*['"]([^'".][^'"]*)['"]/g)].map((m) => m[1]).filter((d) => !d.startsWith('node:') && !BUILTINS.has(d)))];
  const depMs = {};
  for (const dep of deps) depMs[dep] = round(median([once(dep), once(dep), once(dep)].map((s) => s.importMs)));

  note('import-cost: package sizes');
  const theirDir = /** @type {string} */ (resolvePackageDir(SETUP.theirs, root));
  const packOurs = packed(undefined);
  const packTheirs = packed(theirDir);
  // Ours installed = what npm pack ships + our runtime dependencies; theirs = their folder + theirs.
  const depsOurs = installedBytes(root, false);
  const depsTheirs = installedBytes(theirDir, false);
  const installedOurs = packOurs.unpackedBytes + depsOurs.bytes;
  const installedTheirs = folderBytes(theirDir) + depsTheirs.bytes;

  await report({
    setup: SETUP,
    import: {
      oursMs: round(importOurs),
      theirsMs: round(importTheirs),
      ratio: importOurs / importTheirs,
      oursCjsMs: round(importOursCjs),
      esmOverCjs: importOurs / importOursCjs,
      // Run by run: ours (ESM) over theirs (require), and our ESM over our CJS.
      pairedRatio: spread(samples.ours.map((s, i) => s.importMs / samples.theirs[i].importMs)),
      pairedEsmOverCjs: spread(samples.ours.map((s, i) => s.importMs / samples.oursCjs[i].importMs)),
      samplesMs: { ours: samples.ours.map((s) => round(s.importMs)), oursCjs: samples.oursCjs.map((s) => round(s.importMs)), theirs: samples.theirs.map((s) => round(s.importMs)) },
      // The same in CPU time (the child's process.cpuUsage around the import): on a loaded machine the wall clock
      // also counts waiting for a core and for the disk.
      cpu: {
        oursMs: round(med(samples.ours, 'cpuMs')),
        oursCjsMs: round(med(samples.oursCjs, 'cpuMs')),
        theirsMs: round(med(samples.theirs, 'cpuMs')),
        ratio: spread(samples.ours.map((s, i) => s.cpuMs / samples.theirs[i].cpuMs)),
        esmOverCjs: spread(samples.ours.map((s, i) => s.cpuMs / samples.oursCjs[i].cpuMs)),
      },
      oursHeapMiB: round(med(samples.ours, 'heapUsed') / 2 ** 20),
      theirsHeapMiB: round(med(samples.theirs, 'heapUsed') / 2 ** 20),
      ourDependenciesMs: depMs,
    },
    process: { oursMs: round(processOurs), theirsMs: round(processTheirs), emptyNodeMs: round(processEmpty), ratio: processOurs / processTheirs },
    pack: { ours: packOurs, theirs: packTheirs, tarballRatio: packOurs.tarballBytes / packTheirs.tarballBytes, unpackedRatio: packOurs.unpackedBytes / packTheirs.unpackedBytes },
    installed: {
      oursBytes: installedOurs,
      oursDependencies: depsOurs.packages,
      theirsBytes: installedTheirs,
      theirsDependencies: depsTheirs.packages,
      ratio: installedOurs / installedTheirs,
    },
  });
}

await main();
