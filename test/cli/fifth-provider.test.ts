import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Adding a provider must not touch src/cli: with a fifth entry in the registry (and nothing else changed), its
 * location and option become flags, config keys, help text and flag-worded errors.
 */
const created: Record<string, unknown>[] = [];

// doMock + resetModules (not a hoisted vi.mock): the CLI modules are imported afresh against the mocked registry
// here, and the real one is restored for whatever runs next in this worker, isolated or not.
let run: typeof import('./harness.js').run;
let parseConfig: typeof import('../../src/cli/config-file.js').parseConfig;

beforeAll(async () => {
  vi.resetModules();
  vi.doMock('../../src/index.js', async () => {
    const lib = await vi.importActual<typeof import('../../src/index.js')>('../../src/index.js');
    const fake = {
      name: 'fake-db',
      title: 'Fake DB',
      create(options: Record<string, unknown>) {
        created.push(options);
        if (options.tenantId === 'bad') throw new lib.ConfigurationError('fake-db: tenantId must be a tenant, got "bad".', { provider: 'fake-db' as never, field: 'tenantId' });
        throw new lib.ConfigurationError('fake-db: stop here (the test only checks the options).', { provider: 'fake-db' as never });
      },
      location: { key: 'zone', known: ['z-1', 'z-2'], example: 'z-1', optional: false },
      options: [{ key: 'tenantId', flag: 'tenant-id', placeholder: '<tenant>', description: 'the tenant to list' }],
      credentialVariables: ['FAKE_DB_ID', 'FAKE_DB_SECRET'],
    };
    const PROVIDERS = [...lib.PROVIDERS, fake];
    return {
      ...lib,
      PROVIDERS,
      PROVIDER_NAMES: PROVIDERS.map((p) => p.name),
      providerEntry: (name: string) => PROVIDERS.find((p) => p.name === name) ?? lib.providerEntry(name as never),
    };
  });
  ({ run } = await import('./harness.js'));
  ({ parseConfig } = await import('../../src/cli/config-file.js'));
});

afterAll(() => {
  vi.doUnmock('../../src/index.js');
  vi.resetModules();
});

describe('a fifth provider, from its registry entry alone', () => {
  it('gets its flags, credential variables and config keys in list --help', async () => {
    const { stdout } = await run(['list', '--help']);
    expect(stdout).toContain('--zone <zone>');
    expect(stdout).toContain('--tenant-id <tenant>');
    expect(stdout).toContain('fake-db: FAKE_DB_ID / FAKE_DB_SECRET');
    expect(stdout).toContain('fake-db: provider, zone, zones, tenantId, excludeRegions, profile, account, instances, endpoint, timeoutMs, instanceBudgetMs');
  });

  it('is listed from flags: its location and option reach its factory under their option keys', async () => {
    created.length = 0;
    const result = await run(['list', '--provider', 'fake-db', '--zone', 'z-2', '--tenant-id', 't-1', '--instance', 'i-1']);
    expect(created).toEqual([{ zone: 'z-2', tenantId: 't-1', instances: ['i-1'] }]);
    expect(result.code).toBe(2);
  });

  it('its errors speak in its flags', async () => {
    const result = await run(['list', '--provider', 'fake-db', '--zone', 'z-1', '--tenant-id', 'bad']);
    expect(result.stderr).toContain('cloud-backups: fake-db: --tenant-id must be a tenant, got "bad".');
    expect((await run(['list', '--provider', 'fake-db'])).stderr).toContain('fake-db needs a zone: add --zone <zone> (e.g. --zone z-1)');
    expect((await run(['list', '--provider', 'fake-db', '--zone', 'z-1', '--region', 'cn-hangzhou'])).stderr).toContain('fake-db takes --zone');
  });

  it('is read from a config file with its own keys, and refuses another provider\'s', () => {
    expect(parseConfig(JSON.stringify({ sources: [{ provider: 'fake-db', zone: 'z-1', tenantId: 't' }] }), 'f.json').sources).toEqual([
      { provider: 'fake-db', options: { zone: 'z-1', tenantId: 't' } },
    ]);
    expect(() => parseConfig(JSON.stringify({ sources: [{ provider: 'fake-db', zone: 'z-1', projectId: 'p' }] }), 'f.json')).toThrow(/unknown key "projectId"/);
  });
});
