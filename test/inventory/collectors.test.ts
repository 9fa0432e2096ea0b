import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Backup, ProviderName } from '../../src/index.js';
import { openPgDriver } from '../../src/inventory/pg-driver.js';
import { createStage } from '../../src/inventory/stage.js';
import { InventoryBusyError, openInventory, type Inventory, type StoredBackup } from '../../src/inventory/index.js';
import { fakeBackup, fakeClient } from './fake-client.js';
import { ANCHOR, emulatorClient } from './helpers.js';
import { startPgServer, type PgServer } from './pg-server.js';

/**
 * Many collectors, one database, through `pg` (PGlite served over the wire protocol): each collector is its
 * own inventory (its own pool), as separate processes would be.
 */
const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'huawei-rds'];
let server: PgServer;
let emu: RunningEmulator;

beforeAll(async () => {
  [server, emu] = await Promise.all([startPgServer(), startEmulator({ seed: 21, instances: 2, backupsPerInstance: 15, anchorTime: ANCHOR, accounts: 2 })]);
}, 120_000);
afterAll(async () => {
  await emu?.close();
  await server?.close();
});

/** A clock that moves one second per reading: instants then tell the order in which runs did things. */
function ticking(start: Date): () => Date {
  let t = start.getTime();
  return () => new Date((t += 1000));
}

async function all(inv: Inventory, account: string): Promise<StoredBackup[]> {
  const out: StoredBackup[] = [];
  for await (const b of inv.backups({ accounts: account })) out.push(b);
  return out;
}

const ids = (list: readonly Backup[]) => list.map((b) => `${b.provider}/${b.instanceId}/${b.id}`).sort();

describe('collectors sharing one PostgreSQL database', () => {
  it('two collectors syncing different accounts at once both record everything', async () => {
    const now = ticking(ANCHOR);
    const [one, two] = await Promise.all([openInventory({ url: server.url, now }), openInventory({ url: server.url, now })]);
    try {
      const first = emulatorClient(emu, PROVIDERS, { account: 'team-a' });
      const second = emulatorClient(emu, PROVIDERS, { account: 'team-b', credentials: emu.accounts[1]!.credentials });
      const [listedA, listedB] = await Promise.all([first.backups().toArray(), second.backups().toArray()]);
      const [a, b] = await Promise.all([one.sync(first), two.sync(second)]);
      expect(a).toMatchObject({ status: 'succeeded', new: listedA.length, gone: 0 });
      expect(b).toMatchObject({ status: 'succeeded', new: listedB.length, gone: 0 });
      expect(ids(await all(one, 'team-a'))).toEqual(ids(listedA));
      expect(ids(await all(two, 'team-b'))).toEqual(ids(listedB));
      // Different scopes: neither waited for the other (each started before the other finished).
      expect(a.startedAt.getTime()).toBeLessThan(b.finishedAt.getTime());
      expect(b.startedAt.getTime()).toBeLessThan(a.finishedAt.getTime());
      const scopes = (await one.runs({ limit: 2 })).map((r) => r.scope).sort();
      expect(scopes).toEqual([PROVIDERS.map((p) => expect.stringMatching(new RegExp(`^${p}/team-a/`))), PROVIDERS.map((p) => expect.stringMatching(new RegExp(`^${p}/team-b/`)))]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('two collectors syncing the same scope at once take turns and end consistent', async () => {
    const now = ticking(new Date(ANCHOR.getTime() + 86_400_000));
    const [one, two] = await Promise.all([openInventory({ url: server.url, now }), openInventory({ url: server.url, now })]);
    try {
      const account = 'same-scope';
      const client = () => emulatorClient(emu, PROVIDERS, { account });
      const listed = await client().backups().toArray();
      const [a, b] = await Promise.all([one.sync(client()), two.sync(client())]);
      // One recorded everything, the other found nothing to change: no duplicate, no lost row.
      expect([a.new + b.new, a.changed + b.changed, a.gone + b.gone]).toEqual([listed.length, 0, 0]);
      expect(Math.min(a.new, b.new)).toBe(0);
      const [earlier, later] = a.startedAt < b.startedAt ? [a, b] : [b, a];
      expect(later.startedAt.getTime()).toBeGreaterThan(earlier.finishedAt.getTime());
      const rows = await all(one, account);
      expect(ids(rows)).toEqual(ids(listed));
      expect(rows.every((r) => r.lastSeen.getTime() === later.startedAt.getTime() && !r.goneAt)).toBe(true);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('a run keeps its scope past its lease by renewing it', async () => {
    const [one, two] = await Promise.all([openInventory({ url: server.url }), openInventory({ url: server.url })]);
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const listing = new Promise<void>((r) => (started = r));
      const slow = fakeClient({
        instances: [{ instanceId: 'i1', account: 'renewed', backups: [{ ...fakeBackup('i1', 'b1', ANCHOR), account: 'renewed' }] }],
        beforePage: async () => {
          started();
          await gate;
        },
      });
      const running = one.sync(slow, undefined, { leaseMs: 300 });
      await listing;
      await new Promise((r) => setTimeout(r, 900)); // three leases
      const error = await two.sync(fakeClient({ instances: [{ instanceId: 'i1', account: 'renewed', backups: [] }] }), undefined, { lockTimeoutMs: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InventoryBusyError);
      release();
      expect(await running).toMatchObject({ status: 'succeeded', new: 1 });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('a crashed run is marked interrupted, its staging table dropped and its scope taken over once its lease lapsed', async () => {
    const inv = await openInventory({ url: server.url });
    const raw = await openPgDriver({ connectionString: server.url, poolSize: 2 });
    try {
      const [crashed] = await raw.query(
        `INSERT INTO cloud_backups.sync_runs (status, scope, query, holder, started_at, expires_at)
         VALUES ('running', '["aliyun-rds/crash/cn-hangzhou"]', '{}', 'gone-host pid 1', now(), now() - interval '1 second') RETURNING id`,
      );
      const runId = Number(crashed!.id);
      await raw.query(
        `INSERT INTO cloud_backups.sync_locks (scope, run_id, holder, acquired_at, expires_at) VALUES ('aliyun-rds/crash/cn-hangzhou', $1, 'gone-host pid 1', now(), now() - interval '1 second')`,
        [runId],
      );
      // What it had listed when it died, staged but never merged.
      await createStage(raw, runId);
      await raw.query(`INSERT INTO cloud_backups.sync_stage_${runId} (provider, account, instance_id, body) VALUES ('aliyun-rds', 'crash', 'i1', '[]')`);
      const result = await inv.sync(fakeClient({ instances: [{ instanceId: 'i1', account: 'crash', backups: [{ ...fakeBackup('i1', 'b1', ANCHOR), account: 'crash' }] }] }), undefined, { lockTimeoutMs: 5_000 });
      expect(result).toMatchObject({ status: 'succeeded', new: 1 });
      expect((await all(inv, 'crash')).map((b) => b.id)).toEqual(['b1']);
      const runs = await inv.runs({ limit: 5 });
      expect(runs.find((r) => r.id === runId)).toMatchObject({ status: 'interrupted', error: expect.stringContaining('stopped before finishing') });
      expect(await raw.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'cloud_backups' AND tablename LIKE 'sync_stage%'`)).toEqual([{ n: 0 }]);
      expect(await raw.query('SELECT count(*)::int AS n FROM cloud_backups.sync_locks')).toEqual([{ n: 0 }]);
    } finally {
      await raw.close();
      await inv.close();
    }
  });

  it('audits the history through pg as the live audit reads the clouds, and names a failed record', async () => {
    const account = 'audit-pg';
    const now = new Date(ANCHOR.getTime() + 5 * 60_000);
    // Dated by the real clock, as the listing judges availability (see test/inventory/audit.test.ts).
    const inv = await openInventory({ url: server.url });
    try {
      const client = emulatorClient(emu, PROVIDERS, { account });
      expect(await inv.sync(client)).toMatchObject({ status: 'succeeded' });
      await inv.savePolicies((await client.policies()).policies);
      const live = await client.audit(undefined, { now });
      const history = await inv.audit(undefined, { now, accounts: account });
      expect(history.findings.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(history.findings))).toEqual(JSON.parse(JSON.stringify(live.findings)));
      expect(history.failures).toEqual([]);

      await inv.sync(fakeClient({ instances: [{ instanceId: 'q', account: 'audit-pg-fake', backups: [{ ...fakeBackup('q', 'q-1', ANCHOR), account: 'audit-pg-fake' }], badRecords: ['q-2'] }] }));
      const gap = await inv.audit({ maxAge: true }, { accounts: 'audit-pg-fake' });
      expect(gap.findings).toEqual([expect.objectContaining({ instanceId: 'q', status: 'error', reason: expect.stringMatching(/no sync has listed all of its backups yet; sync run \d+ at .*record q-2 could not be read/) })]);
    } finally {
      await inv.close();
    }
  });
});
