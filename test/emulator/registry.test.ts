import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLOUDS, PROVIDERS, providerDef } from '../../src/emulator/registry.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/emulator');
const PROVIDER_LITERAL = /'(aliyun-rds|aliyun-kvstore|huawei-rds|capitalonline-mysql)'/;

describe('the emulator provider registry', () => {
  it('lists every provider once, each owned by exactly one cloud', () => {
    expect([...PROVIDERS].sort()).toEqual(['aliyun-kvstore', 'aliyun-rds', 'capitalonline-mysql', 'huawei-rds']);
    for (const p of PROVIDERS) {
      const owners = CLOUDS.filter((c) => c.providers.some((d) => d.name === p));
      expect(owners, p).toHaveLength(1);
      expect(providerDef(p).profile.provider).toBe(p);
      expect(providerDef(p).regions.length).toBeGreaterThan(0);
    }
    expect(() => providerDef('nope' as never)).toThrow(/no provider nope/);
  });

  it('dispatches each request shape to exactly one cloud', () => {
    const req = (path: string) => ({ method: 'GET', path, rawQuery: '', headers: {}, body: Buffer.alloc(0) });
    const owner = (path: string) => CLOUDS.filter((c) => c.recognise(req(path))).map((c) => c.id);
    expect(owner('/')).toEqual(['aliyun']);
    expect(owner('/v3/abc/backups')).toEqual(['huawei']);
    expect(owner('/v3/projects')).toEqual(['huawei']);
    expect(owner('/mysql')).toEqual(['capitalonline']);
    expect(owner('/elsewhere')).toEqual([]);
  });

  it('no shared emulator module names a provider: only the cloud folders and their registry do', () => {
    const shared = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !['registry.ts', 'types.ts'].includes(e.name))
      .map((e) => e.name);
    const naming = shared.filter((f) => PROVIDER_LITERAL.test(readFileSync(join(root, f), 'utf8')));
    expect(naming).toEqual([]);
  });
});
