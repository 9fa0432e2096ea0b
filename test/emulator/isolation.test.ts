import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/emulator');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Runtime import specifiers (type-only imports and exports are erased, so they may point anywhere). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (!m[2]) out.push(m[3] ?? '');
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    // `import('x').T` in a type position is erased too; only bare dynamic imports load code.
    if (!text.slice((m.index ?? 0) + m[0].length).startsWith('.')) out.push(m[1] ?? '');
  }
  return out;
}

describe('the emulator stands alone', () => {
  it('loads no runtime code from the library (its verifiers are its own) and no third-party package', () => {
    const offending: string[] = [];
    for (const file of sources(root)) {
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith('node:')) continue;
        const target = spec.startsWith('.') ? resolve(dirname(file), spec) : spec;
        if (!spec.startsWith('.') || relative(root, target).startsWith('..')) offending.push(`${relative(root, file)} -> ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
