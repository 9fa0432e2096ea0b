// Runs one benchmark file in a fresh Node process and returns what it reported.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A benchmark file calls `report(result)` once; `runBenchmarkProcess` forks it and resolves with that result.
 * Each benchmark gets its own process so heap, JIT state and sockets never leak from one figure into another.
 * @param {string} file path relative to bench/
 * @param {{ execArgv?: string[], args?: string[], timeoutMs?: number }} [options]
 */
export function runBenchmarkProcess(file, options = {}) {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(path, options.args ?? [], {
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_CHILD: '1' },
    });
    let result;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${file} took longer than ${options.timeoutMs} ms and was stopped`));
    }, options.timeoutMs ?? 180_000);
    child.on('message', (message) => {
      if (message && typeof message === 'object' && 'benchResult' in message) result = message.benchResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve(result);
      else reject(new Error(`${file} exited (${signal ?? `code ${code}`}) without a result`));
    });
  });
}

/** Sends the result to the parent (when forked by run.mjs) or prints it (when run on its own). */
export function report(/** @type {unknown} */ result) {
  if (!process.send) {
    console.log(JSON.stringify(result, null, 2));
    return Promise.resolve();
  }
  return new Promise((resolve) => process.send?.({ benchResult: result }, () => resolve(undefined)));
}

/** Prints a progress line to stderr, so a long run shows where it is. */
export function note(/** @type {string} */ message) {
  process.stderr.write(`  ${message}\n`);
}
