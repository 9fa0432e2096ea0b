// `npm run bench`: runs every benchmark, each in its own Node process and one after another (they would
// otherwise compete for this machine's cores), prints one table and writes bench/results.json.
// Needs dist/ built (the npm script builds it first); bench/README.md says what each figure means.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { runBenchmarkProcess } from './lib/child.mjs';
import { BENCHMARKS, notes, rows } from './lib/rows.mjs';
import { renderTable } from './lib/table.mjs';

const only = process.argv.slice(2);

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function main() {
  const startedAt = new Date();
  const info = machine();
  const results = {};
  let failed = false;
  for (const { key, file, execArgv, args, timeoutMs } of BENCHMARKS) {
    if (only.length > 0 && !only.includes(key) && !only.includes(file)) continue;
    process.stderr.write(`bench: ${file}\n`);
    const t0 = Date.now();
    try {
      results[key] = await runBenchmarkProcess(file, { execArgv, args, timeoutMs });
      results[key].seconds = Math.round((Date.now() - t0) / 100) / 10;
    } catch (error) {
      failed = true;
      results[key] = { error: String(error instanceof Error ? error.message : error) };
      process.stderr.write(`bench: ${file} failed: ${results[key].error}\n`);
    }
  }
  const durationS = Math.round((Date.now() - startedAt.getTime()) / 1000);
  const machineLine = `${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}, Node ${info.node}; load average at start ${info.loadAverageAtStart.join(' ')}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  const table = renderTable(rows(results));
  process.stdout.write(`\ncloud-backups benchmarks (${startedAt.toISOString()}, ${durationS} s)\nMachine: ${machineLine}\n\n${table}\n${notes(results)}`);
  if (info.loadAverageAtStart[0] > 1) {
    process.stdout.write(`\nNote: the machine was busy when the run started (load ${info.loadAverageAtStart[0]}); timings are pessimistic.\n`);
  }
  writeFileSync(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify({ startedAt: startedAt.toISOString(), durationS, machine: { ...info, loadAverageAtEnd: os.loadavg() }, table: rows(results), results }, null, 2)}\n`,
  );
  if (failed) process.exitCode = 1;
}

await main();
