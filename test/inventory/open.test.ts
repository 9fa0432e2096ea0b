import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import { openInventory } from '../../src/inventory/index.js';
import { migrate } from '../../src/inventory/migrate.js';
import { MIGRATIONS } from '../../src/inventory/migrations.js';
import { loadPeer } from '../../src/inventory/optional-peer.js';
import { openPgDriver } from '../../src/inventory/pg-driver.js';
import { parseInventoryUrl } from '../../src/inventory/url.js';
import { startPgServer, type PgServer } from './pg-server.js';

describe('inventory url', () => {
  it('reads directories, file:// and memory:// as the embedded engine and postgres:// as a server', () => {
    expect(parseInventoryUrl(undefined)).toEqual({ engine: 'pglite', dataDir: resolve('.cloud-backups-db') });
    expect(parseInventoryUrl('./x/db')).toEqual({ engine: 'pglite', dataDir: resolve('x/db') });
    expect(parseInventoryUrl('file:///var/lib/cb')).toEqual({ engine: 'pglite', dataDir: '/var/lib/cb' });
    expect(parseInventoryUrl('memory://')).toEqual({ engine: 'pglite', memory: true });
    expect(parseInventoryUrl('postgres://u:p@h:5432/d')).toEqual({ engine: 'postgres', connectionString: 'postgres://u:p@h:5432/d' });
    expect(parseInventoryUrl('postgresql://h/d')).toEqual({ engine: 'postgres', connectionString: 'postgresql://h/d' });
  });

  it('says what to pass when the url is not one of them', () => {
    expect(() => parseInventoryUrl('mysql://h/d')).toThrow(/unsupported url scheme "mysql:\/\/".*postgres:\/\//);
    expect(() => parseInventoryUrl('')).toThrow(ConfigurationError);
    expect(() => parseInventoryUrl('memory://name')).toThrow(/memory:\/\/ takes nothing after it/);
  });

  it('names an unknown option before opening anything, with the one it probably meant', async () => {
    const options = { url: 'memory://', poolsize: 8 } as unknown as Parameters<typeof openInventory>[0];
    await expect(openInventory(options)).rejects.toThrow('openInventory: unknown option "poolsize". Did you mean "poolSize"? Options: url, now, poolSize, create.');
  });
});

describe('optional engines', () => {
  it('names the package to install when an engine is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@electric-sql/pglite' imported from x"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await loadPeer('@electric-sql/pglite', () => Promise.reject(missing), 'An embedded inventory').catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'An embedded inventory needs the package "@electric-sql/pglite", which is not installed. Install it next to cloud-backups: npm install @electric-sql/pglite',
    );
  });

  it('passes other load errors through', async () => {
    const other = new Error('boom');
    await expect(loadPeer('pg', () => Promise.reject(other), 'x')).rejects.toBe(other);
  });
});

describe('embedded inventory on disk', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cb-inventory-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // One database for the whole story: creating one on disk runs initdb, the slow part of PGlite.
  it('refuses to create one when asked to open an existing inventory only', async () => {
    const error = await openInventory({ url: join(dir, 'nothing-here'), create: false }).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`There is no inventory at ${join(dir, 'nothing-here')}. Check the path or url, or create it with a first sync (cloud-backups sync --db ...).`);
    expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
  });

  it('creates the directory, migrates once, keeps its data, refuses a second open, and takes over a crashed lock', async () => {
    const url = join(dir, 'db');
    const first = await openInventory({ url });
    expect(first.engine).toBe('pglite');
    expect(first.location).toBe(url);
    expect(first.schemaVersion).toBe(MIGRATIONS.length);
    await first.savePolicies([{ provider: 'aliyun-rds', account: 'a', region: 'r', instanceId: 'i', automated: true, retentionDays: 7, raw: { x: 1 } }], {
      fetchedAt: new Date('2026-01-01T00:00:00Z'),
    });
    const error = await openInventory({ url }).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/is already open \(by pid \d+ on .*\)\. An embedded database serves one process at a time/);
    await first.close();

    // A lock left by a process that is not running (a pid above the kernel's pid_max): taken over.
    writeFileSync(join(url, 'cloud-backups.lock'), JSON.stringify({ pid: 2 ** 30, host: hostname() }));
    // Reopened (as an existing one only): the migration is not applied twice, the data is there.
    const again = await openInventory({ url, create: false });
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    expect(await again.policies()).toEqual([
      { provider: 'aliyun-rds', account: 'a', region: 'r', instanceId: 'i', automated: true, retentionDays: 7, raw: { x: 1 }, fetchedAt: new Date('2026-01-01T00:00:00Z') },
    ]);
    await again.close();
    expect(existsSync(join(url, 'cloud-backups.lock'))).toBe(false);
  }, 180_000);
});

describe('migrations on a server (pg)', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = await startPgServer();
  }, 120_000);
  afterAll(() => server.close());

  it('two processes opening one database at once both end on the same schema, applied once', async () => {
    const where = server.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    await expect(openInventory({ url: server.url, create: false })).rejects.toThrow(new RegExp(`^There is no inventory at ${where}\\.`));
    const [a, b] = await Promise.all([openInventory({ url: server.url }), openInventory({ url: server.url })]);
    expect([a.engine, a.schemaVersion, b.schemaVersion]).toEqual(['postgres', MIGRATIONS.length, MIGRATIONS.length]);
    await Promise.all([a.close(), b.close()]);
    const driver = await openPgDriver({ connectionString: server.url, poolSize: 2 });
    try {
      const rows = await driver.query('SELECT version, name FROM cloud_backups.schema_migrations ORDER BY version');
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      await driver.close();
    }
  });

  it('applies a later migration on open, and refuses a schema newer than it knows', async () => {
    const driver = await openPgDriver({ connectionString: server.url, poolSize: 2 });
    try {
      const next = [...MIGRATIONS, { version: 99, name: 'test', statements: ['CREATE TABLE cloud_backups.test_later (x int)'] }];
      expect(await migrate(driver, next)).toBe(99);
      expect(await driver.query('SELECT count(*)::int AS n FROM cloud_backups.test_later')).toEqual([{ n: 0 }]);
      await expect(migrate(driver)).rejects.toThrow(/schema version 99, newer than this cloud-backups knows \(1\).*Upgrade cloud-backups/);
      await expect(openInventory({ url: server.url })).rejects.toThrow(/newer than this cloud-backups knows/);
      await driver.query('DELETE FROM cloud_backups.schema_migrations WHERE version = 99');
    } finally {
      await driver.close();
    }
  });
});
