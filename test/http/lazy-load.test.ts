import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * A module hook that refuses to resolve axios and fast-xml-parser: if importing the library needed either, the
 * import would fail. Dynamic `import()` in both builds goes through the ESM loader, where the hook applies; a
 * static `require` in the CJS build would not, so that case is checked through require.cache.
 */
const BLOCK_HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === 'axios' || specifier === 'fast-xml-parser') throw new Error('BLOCKED ' + specifier);
  return next(specifier, context);
}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(BLOCK_HOOK)}`)});`,
)}`;

/** Imports the library, then proves the hook is live: axios itself must be refused. */
const probe = (load: string) => `
  const lib = await ${load};
  if (typeof lib.createBackupClient !== 'function') throw new Error('not the library');
  const cached = typeof require === 'function' ? Object.keys(require.cache).filter((k) => /[\\\\/](axios|fast-xml-parser)[\\\\/]/.test(k)) : [];
  let hook = 'inactive';
  try { await import('axios'); } catch (e) { hook = String(e.message); }
  console.log(JSON.stringify({ cached, hook }));
`;

describe('the built library loads axios and fast-xml-parser on first use only', () => {
  const root = resolve(import.meta.dirname, '../..');
  let out: string;
  beforeAll(async () => {
    // Inside the project, so the bundle resolves zod and the rest from its node_modules as dist/ does.
    out = mkdtempSync(join(root, '.lazy-build-'));
    // The same build as tsup.config.ts's library entry (ESM and CJS), without declarations.
    await build({
      config: false,
      entry: { index: join(root, 'src/index.ts') },
      format: ['esm', 'cjs'],
      outDir: out,
      target: 'node20',
      platform: 'node',
      splitting: false,
      dts: false,
      silent: true,
      external: [/^[^./]/],
    });
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('ESM: import() does not load them', async () => {
    const { stdout } = await run(process.execPath, ['--import', REGISTER, '--input-type=module', '-e', probe(`import(${JSON.stringify(join(out, 'index.js'))})`)], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ cached: [], hook: 'BLOCKED axios' });
  });

  it('CJS: require() does not load them', async () => {
    const script = `(async () => { ${probe(`require(${JSON.stringify(join(out, 'index.cjs'))})`)} })().catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['--import', REGISTER, '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ cached: [], hook: 'BLOCKED axios' });
  });
});
