// Imports one module in a fresh process and reports how long the import took, measured inside the process.
const specifier = process.argv[2];
if (!specifier) throw new Error('usage: node import-child.mjs <specifier>');
const start = process.hrtime.bigint();
const mod = await import(specifier);
const importMs = Number(process.hrtime.bigint() - start) / 1e6;
if (!mod || Object.keys(mod).length === 0) throw new Error(`${specifier} exported nothing`);
process.stdout.write(JSON.stringify({ importMs, heapUsed: process.memoryUsage().heapUsed }));
