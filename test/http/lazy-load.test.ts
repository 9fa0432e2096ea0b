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

/**
 * Imports the library and checks neither module was loaded, proves the hook is live (axios itself is refused),
 * then parses an XML body through the built parseBody, which must load fast-xml-parser (through require) then.
 */
const probe = (load: (entry: string) => string) => `
  const lib = await ${load('index')};
  if (typeof lib.createBackupClient !== 'function') throw new Error('not the library');
  const { createRequire } = await import('node:module');
  const cache = createRequire(process.cwd() + '/').cache;
  const loaded = () => Object.keys(cache).filter((k) => /[\\\\/](axios|fast-xml-parser)[\\\\/]/.test(k)).map((k) => k.includes('axios') ? 'axios' : 'fast-xml-parser');
  const atImport = loaded();
  let hook = 'inactive';
  try { await import('axios'); } catch (e) { hook = String(e.message); }
  const { parseBody } = await ${load('parse-body')};
  const xml = parseBody('<R><Id>7</Id></R>', 'text/xml', 'aliyun-rds', 'https://x/');
  console.log(JSON.stringify({ atImport, hook, xml, afterXml: loaded() }));
`;

const EXPECTED = { atImport: [], hook: 'BLOCKED axios', xml: { R: { Id: '7' } }, afterXml: ['fast-xml-parser'] };

describe('the built library loads axios and fast-xml-parser on first use only', () => {
  const root = resolve(import.meta.dirname, '../..');
  let out: string;
  beforeAll(async () => {
    // Inside the project, so the bundle resolves zod and the rest from its node_modules as dist/ does.
    out = mkdtempSync(join(root, '.lazy-build-'));
    // The same build as tsup.config.ts's library entry (ESM and CJS), without declarations.
    await build({
      config: false,
      // parse-body alongside, to check the XML parser loads on demand in each format.
      entry: { index: join(root, 'src/index.ts'), 'parse-body': join(root, 'src/http/parse-body.ts') },
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
    const script = probe((entry) => `import(${JSON.stringify(join(out, `${entry}.js`))})`);
    const { stdout } = await run(process.execPath, ['--import', REGISTER, '--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  it('CJS: require() does not load them', async () => {
    const body = probe((entry) => `require(${JSON.stringify(join(out, `${entry}.cjs`))})`);
    const script = `(async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['--import', REGISTER, '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });
});
