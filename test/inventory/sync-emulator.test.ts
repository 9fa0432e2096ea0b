import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createBackupClient, type Backup, type ProviderName } from '../../src/index.js';
import { type Inventory, type StoredBackup } from '../../src/inventory/index.js';
import { ANCHOR, HOUR, PROVIDERS, emulatorClient, emulatorSource, manualClock, openTestInventory } from './helpers.js';

/**
 * Syncs against the emulator, over HTTP like a real cloud. One in-memory database for the file; each test
 * syncs under its own account label so their rows never meet.
 */
const EMULATOR = { seed: 11, instances: 2, backupsPerInstance: 12, anchorTime: ANCHOR, accounts: 2 } as const;
const clock = manualClock(ANCHOR);
let emu: RunningEmulator;
let inv: Inventory;

beforeAll(async () => {
  [emu, inv] = await Promise.all([startEmulator(EMULATOR), openTestInventory({ now: clock.now })]);
}, 120_000);
afterAll(async () => {
  await inv?.close();
  await emu?.close();
});

async function stored(account: string): Promise<StoredBackup[]> {
  const out: StoredBackup[] = [];
  for await (const b of inv.backups({ accounts: account })) out.push(b);
  return out;
}

const byKey = (a: Backup, b: Backup) => `${a.provider}/${a.instanceId}/${a.id}`.localeCompare(`${b.provider}/${b.instanceId}/${b.id}`);
/** Dates as ISO strings, absent fields absent: how two backups are compared field by field. */
const plain = (b: Backup) => JSON.parse(JSON.stringify(b)) as Record<string, unknown>;
function listedFields(b: StoredBackup): Record<string, unknown> {
  const { firstSeen, lastSeen, goneAt, statusChangedAt, ...rest } = plain(b as unknown as Backup);
  void [firstSeen, lastSeen, goneAt, statusChangedAt];
  return rest;
}

describe('sync against the emulator', () => {
  it('stores what the listing yields, field for field, for every provider, and the instances discovery found', async () => {
    const account = 'all-providers';
    const client = emulatorClient(emu, PROVIDERS, { account });
    const listed = (await client.backups().toArray()).sort(byKey);
    const t = clock.advance(HOUR);
    const result = await inv.sync(client);
    expect(result).toMatchObject({ status: 'succeeded', listed: listed.length, new: listed.length, changed: 0, gone: 0, failuresTotal: 0 });
    expect(result.instances).toEqual({ complete: 8, incomplete: 0, failed: 0 });
    const rows = (await stored(account)).sort(byKey);
    expect(rows.map(listedFields)).toEqual(listed.map(plain));
    expect(new Set(rows.map((b) => b.provider))).toEqual(new Set(PROVIDERS));
    // As many as the ground truth has (of the default account, which this client's keys belong to).
    for (const p of PROVIDERS) {
      expect(rows.filter((b) => b.provider === p).length).toBe(emu.groundTruth.backups(p).filter((b) => b.account === 'default').length);
    }
    const instances = await inv.instances({ accounts: account });
    const discovered = await client.instances();
    expect(instances.map((i) => [i.provider, i.instanceId, i.region, i.name, i.engine, i.firstSeen, i.listedAt])).toEqual(
      discovered
        .map(({ instance: i }) => [i.provider, i.instanceId, i.region, i.name, i.engine, t, t])
        .sort((x, y) => `${String(x[0])}/${String(x[2])}/${String(x[1])}`.localeCompare(`${String(y[0])}/${String(y[2])}/${String(y[1])}`)),
    );
  });

  it('after backups were deleted and others added, says exactly which appeared and which are gone, with times', async () => {
    const account = 'drift';
    const providers: ProviderName[] = ['aliyun-rds', 'huawei-rds'];
    const rds = emu.groundTruth.instances('aliyun-rds').filter((i) => i.account === 'default');
    const huawei = emu.groundTruth.instances('huawei-rds').filter((i) => i.account === 'default');
    const [x, y] = [rds[0]!.instanceId, huawei[1]!.instanceId];

    const t1 = clock.advance(HOUR);
    const first = await inv.sync(emulatorClient(emu, providers, { account }));
    expect(first).toMatchObject({ status: 'succeeded', gone: 0, failuresTotal: 0 });

    // Between the syncs the cloud deletes three of x's backups (the newest, one in the middle, the oldest) and y takes two.
    const xTruth = emu.groundTruth.backups('aliyun-rds', x);
    const deleted = emu.deleteBackups('aliyun-rds', x, [xTruth[0]!.id, xTruth[5]!.id, xTruth[xTruth.length - 1]!.id]);
    expect(deleted).toHaveLength(3);
    const added = emu.addBackups('huawei-rds', y, 2);
    const t2 = clock.advance(DAY_MS);
    const second = await inv.sync(emulatorClient(emu, providers, { account }));
    expect(second).toMatchObject({ status: 'succeeded', listed: first.listed - 3 + 2, new: 2, changed: 0, gone: 3, failuresTotal: 0 });

    const changes = await inv.changes({ since: new Date(t1.getTime() + 1), accounts: account });
    expect(changes.appeared.map((b) => [b.provider, b.instanceId, b.id, b.firstSeen, b.lastSeen, b.goneAt])).toEqual(
      [...added].reverse().map((b) => ['huawei-rds', y, b.id, t2, t2, undefined]),
    );
    expect(changes.gone.map((b) => [b.provider, b.instanceId, b.id, b.firstSeen, b.lastSeen, b.goneAt]).sort()).toEqual(
      deleted.map((b) => ['aliyun-rds', x, b.id, t1, t1, t2]).sort(),
    );
    // What is gone is remembered as it was listed.
    const gone = new Map(changes.gone.map((b) => [b.id, b]));
    for (const b of deleted) expect(gone.get(b.id)).toMatchObject({ startTime: b.startTime, status: b.status, sizeBytes: b.sizeBytes });
    // Nothing else moved: every other backup was seen by both syncs.
    const rows = await stored(account);
    expect(rows.filter((b) => !b.goneAt && b.firstSeen.getTime() === t1.getTime()).every((b) => b.lastSeen.getTime() === t2.getTime())).toBe(true);
    expect(rows.filter((b) => b.goneAt).length).toBe(3);
    expect(rows.length).toBe(first.listed + 2);
  });

  it('an instance that cannot be listed keeps its rows untouched, and the run records why', async () => {
    const account = 'one-instance-fails';
    const [x, y] = emu.groundTruth.instances('aliyun-rds').filter((i) => i.account === 'default').map((i) => i.instanceId);
    await inv.sync(emulatorClient(emu, ['aliyun-rds'], { account }));
    const before = await stored(account);

    // x listed with another account's keys: the cloud answers that it does not exist.
    const client = createBackupClient({
      sources: [
        emulatorSource(emu, 'aliyun-rds', { account, instances: [y!] }),
        emulatorSource(emu, 'aliyun-rds', { account, instances: [x!], credentials: emu.accounts[1]!.credentials }),
      ],
    });
    const t = clock.advance(HOUR);
    const result = await inv.sync(client);
    expect(result).toMatchObject({ status: 'partial', gone: 0, new: 0, instances: { complete: 1, incomplete: 0, failed: 1 }, failuresTotal: 1 });
    expect(result.failures[0]).toMatchObject({ provider: 'aliyun-rds', account, instanceId: x });
    const after = await stored(account);
    expect(after.filter((b) => b.instanceId === x)).toEqual(before.filter((b) => b.instanceId === x));
    expect(after.filter((b) => b.instanceId === y).every((b) => b.lastSeen.getTime() === t.getTime())).toBe(true);
    const [run] = await inv.runs({ limit: 1 });
    expect(run!.failures).toEqual([expect.objectContaining({ instanceId: x, error: expect.objectContaining({ name: result.failures[0]!.error.name }) })]);
  });

  it('a denied region leaves that provider untouched while the others are synced', async () => {
    const account = 'denied';
    const providers: ProviderName[] = ['aliyun-rds', 'huawei-rds'];
    await inv.sync(emulatorClient(emu, providers, { account }));
    const before = await stored(account);
    emu.denyRegion({ provider: 'huawei-rds', region: emu.huaweiRegion });
    try {
      const t = clock.advance(HOUR);
      const result = await inv.sync(emulatorClient(emu, providers, { account }));
      expect(result).toMatchObject({ status: 'partial', gone: 0 });
      expect(result.failures.map((f) => [f.provider, f.instanceId])).toEqual([['huawei-rds', undefined]]);
      const after = await stored(account);
      expect(after.filter((b) => b.provider === 'huawei-rds')).toEqual(before.filter((b) => b.provider === 'huawei-rds'));
      expect(after.filter((b) => b.provider === 'aliyun-rds').every((b) => b.lastSeen.getTime() === t.getTime())).toBe(true);
    } finally {
      emu.clearDenials();
    }
  });
});

const DAY_MS = 24 * HOUR;
