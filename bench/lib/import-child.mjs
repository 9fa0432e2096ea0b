// Loads one module in a fresh process and reports how long that took, measured inside the process:
// `node import-child.mjs <specifier>` times `await import()`, `node import-child.mjs --require <specifier>`
// times `require()` (CommonJS, as a CJS user loads a package).
import { createRequire } from 'node:module';

const useRequire = process.argv[2] === '--require';
const specifier = useRequire ? process.argv[3] : process.argv[2];
if (!specifier) throw new Error('usage: node import-child.mjs [--require] <specifier>');
const require = createRequire(`${process.cwd()}/`);
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const mod = useRequire ? require(specifier) : await import(specifier);
const importMs = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
// CPU time too: on a loaded machine the wall clock also counts the time the process waited for a core.
const cpuMs = (used.user + used.system) / 1000;
if (!mod || Object.keys(mod).length === 0) throw new Error(`${specifier} exported nothing`);
process.stdout.write(JSON.stringify({ importMs, cpuMs, heapUsed: process.memoryUsage().heapUsed }));
