// Before/after: every benchmark of `npm run bench`, run alternately against another build (--before DIR, a
// checkout with dist/ built, e.g. the pre-restructure main) and this one, so both sides see the same machine load.
//
//   node bench/compare.mjs --before /tmp/oldmain [--reps 2] [keys...]
//
// Each repetition runs one benchmark for both builds back to back, the order alternating (before first, then
// after first). The emulator is this repository's build on both sides (the same cloud); only the client differs.
// Normalization bundles the before side from its own src/ (bench/build-internal.mjs knows both layouts).
// Prints one table per side (the median repetition of each benchmark) and writes bench/compare-results.json.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { runBenchmarkProcess } from './lib/child.mjs';
import { BENCHMARKS, rows } from './lib/rows.mjs';
import { renderTable } from './lib/table.mjs';

const argv = process.argv.slice(2);
const take = (/** @type {string} */ flag, /** @type {string | undefined} */ fallback) => {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const [, value] = argv.splice(i, 2);
  return value;
};
const before = take('--before', undefined);
const reps = Number(take('--reps', '1'));
if (!before) throw new Error('usage: node bench/compare.mjs --before DIR [--reps N] [keys...]');
const only = argv;

const sides = {
  before: { BENCH_DIST_DIR: resolve(before, 'dist'), BENCH_SRC_ROOT: resolve(before) },
  after: {},
};

async function runSide(/** @type {any} */ bench, /** @type {Record<string, string>} */ env) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await runBenchmarkProcess(bench.file, { execArgv: bench.execArgv, args: bench.args, timeoutMs: bench.timeoutMs });
  } catch (error) {
    return { error: String(error instanceof Error ? error.message : error) };
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

const startedAt = new Date();
/** @type {Record<'before' | 'after', Record<string, any[]>>} */
const results = { before: {}, after: {} };
/** Written after every run, so a long comparison that is stopped keeps what it measured. */
const save = () =>
  writeFileSync(
    new URL('./compare-results.json', import.meta.url),
    `${JSON.stringify({ startedAt: startedAt.toISOString(), durationS: Math.round((Date.now() - startedAt.getTime()) / 1000), before, reps, loadAverageAtEnd: os.loadavg(), results }, null, 2)}\n`,
  );
for (const bench of BENCHMARKS) {
  if (only.length > 0 && !only.includes(bench.key)) continue;
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const side of order) {
      process.stderr.write(`compare: ${bench.key} (${side}, repetition ${rep + 1}/${reps}), load ${os.loadavg()[0].toFixed(2)}\n`);
      (results[side][bench.key] ??= []).push(await runSide(bench, sides[side]));
      save();
    }
  }
}

/** The repetition with the median headline figure, or the first. */
const pick = (/** @type {any[]} */ list) => list[Math.floor((list.length - 1) / 2)];
for (const side of ['before', 'after']) {
  const table = renderTable(rows(Object.fromEntries(Object.entries(results[side]).map(([k, v]) => [k, pick(v)]))).filter((r) => r.figure !== 'not run'));
  process.stdout.write(`\n${side === 'before' ? `BEFORE (${before})` : 'AFTER (this build)'}\n\n${table}\n`);
}
save();
