// Loads one module in a fresh process and reports how long that took, measured inside the process:
// `node import-child.mjs <specifier>` times `await import()`, `node import-child.mjs --require <specifier>`
// times `require()` (CommonJS, as a CJS user loads a package).
import { createRequire } from 'node:module';

const useRequire = process.argv[2] === '--require';
const specifier = useRequire ? process.argv[3] : process.argv[2];
if (!specifier) throw new Error('usage: node import-child.mjs [--require] <specifier>');
const require = createRequire(`${process.cwd()}/`);
const start = process.hrtime.bigint();
const mod = useRequire ? require(specifier) : await import(specifier);
const importMs = Number(process.hrtime.bigint() - start) / 1e6;
if (!mod || Object.keys(mod).length === 0) throw new Error(`${specifier} exported nothing`);
process.stdout.write(JSON.stringify({ importMs, heapUsed: process.memoryUsage().heapUsed }));
