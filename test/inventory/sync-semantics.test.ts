import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ConfigurationError, type Backup } from '../../src/index.js';
import { InventoryBusyError, type Inventory, type StoredBackup } from '../../src/inventory/index.js';
import { fakeBackup, fakeClient, type FakeInstance } from './fake-client.js';
import { DAY, HOUR, manualClock, openTestInventory } from './helpers.js';

/**
 * The sync's rules on a client without HTTP: one in-memory database for the file, each test in its own
 * account so their rows never meet.
 */
const T0 = new Date('2026-03-01T00:00:00Z');
const clock = manualClock(T0);
let inv: Inventory;

beforeAll(async () => {
  inv = await openTestInventory({ now: clock.now });
}, 120_000);
afterAll(() => inv?.close());

/** n backups of one instance in `account`, a day apart, oldest first. */
function history(account: string, instanceId: string, n: number, o: Partial<Backup<'aliyun-rds'>> = {}): Backup[] {
  return Array.from({ length: n }, (_, i) => ({ ...fakeBackup(instanceId, `${instanceId}-b${i}`, new Date(T0.getTime() - (n - i) * DAY), o), account }));
}

function instance(account: string, instanceId: string, backups: Backup[], o: Partial<FakeInstance> = {}): FakeInstance {
  return { instanceId, account, backups, ...o };
}

async function stored(account: string): Promise<StoredBackup[]> {
  const out: StoredBackup[] = [];
  for await (const b of inv.backups({ accounts: account })) out.push(b);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

function withoutHistory(b: StoredBackup): Backup {
  const { firstSeen, lastSeen, goneAt, statusChangedAt, ...rest } = b;
  void [firstSeen, lastSeen, goneAt, statusChangedAt];
  return rest as Backup;
}

describe('sync semantics', () => {
  it('records every listed field, and a second sync changes nothing but last_seen', async () => {
    const a = 'idempotent';
    const backups = [
      ...history(a, 'i1', 3),
      { ...fakeBackup('i2', 'i2-x', T0, { databases: ['orders', 'users'], expiresAt: new Date(T0.getTime() + 7 * DAY), available: true, engine: 'mysql', engineVersion: '8.0' }), account: a },
      { ...fakeBackup('i2', 'i2-y', new Date(T0.getTime() - HOUR), { status: 'running', endTime: undefined, sizeBytes: undefined }), account: a },
    ];
    const client = fakeClient({ instances: [instance(a, 'i1', backups.slice(0, 3)), instance(a, 'i2', backups.slice(3))] });
    const t1 = clock.advance(HOUR);
    const first = await inv.sync(client);
    expect(first).toMatchObject({ status: 'succeeded', startedAt: t1, listed: 5, new: 5, changed: 0, gone: 0, instances: { complete: 2, incomplete: 0, failed: 0 }, failuresTotal: 0 });
    const afterFirst = await stored(a);
    const clean = (b: Backup) => JSON.parse(JSON.stringify(b)) as unknown;
    expect(afterFirst.map(withoutHistory).map(clean)).toEqual([...backups].sort((x, y) => x.id.localeCompare(y.id)).map(clean));
    expect(afterFirst.every((b) => b.firstSeen.getTime() === t1.getTime() && b.lastSeen.getTime() === t1.getTime() && b.statusChangedAt.getTime() === t1.getTime() && !b.goneAt)).toBe(true);

    const t2 = clock.advance(HOUR);
    const second = await inv.sync(client);
    expect(second).toMatchObject({ status: 'succeeded', listed: 5, new: 0, changed: 0, gone: 0 });
    const afterSecond = await stored(a);
    expect(afterSecond).toEqual(afterFirst.map((b) => ({ ...b, lastSeen: t2 })));
    const [run] = await inv.runs({ limit: 1 });
    expect(run).toMatchObject({ id: second.runId, status: 'succeeded', startedAt: t2, listed: 5, new: 0, changed: 0, gone: 0, failuresTotal: 0, failures: [] });
  });

  it('keeps when a status changed, and marks gone what a complete listing no longer has (until it comes back)', async () => {
    const a = 'status-and-gone';
    const [b0, b1, b2] = history(a, 'i1', 3);
    const running = { ...b2!, status: 'running', endTime: undefined } as Backup;
    const t1 = clock.advance(HOUR);
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', [b0!, b1!, running])] }));

    const t2 = clock.advance(HOUR);
    const done = await inv.sync(fakeClient({ instances: [instance(a, 'i1', [b1!, b2!])] }));
    expect(done).toMatchObject({ listed: 2, new: 0, changed: 1, gone: 1 });
    const rows = await stored(a);
    expect(rows.map((b) => [b.id, b.status, b.statusChangedAt.toISOString(), b.firstSeen.toISOString(), b.goneAt?.toISOString()])).toEqual([
      ['i1-b0', 'success', t1.toISOString(), t1.toISOString(), t2.toISOString()],
      ['i1-b1', 'success', t1.toISOString(), t1.toISOString(), undefined],
      ['i1-b2', 'success', t2.toISOString(), t1.toISOString(), undefined],
    ]);
    expect(rows[2]!.endTime).toEqual(b2!.endTime);
    // Gone rows keep their last sighting.
    expect(rows[0]!.lastSeen).toEqual(t1);

    clock.advance(HOUR);
    const back = await inv.sync(fakeClient({ instances: [instance(a, 'i1', [b0!, b1!, b2!])] }));
    expect(back).toMatchObject({ new: 0, changed: 1, gone: 0 });
    expect((await stored(a)).every((b) => b.goneAt === undefined)).toBe(true);
  });

  it('an instance discovered with no backups left has them all marked gone', async () => {
    const a = 'emptied';
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 2))] }));
    const t = clock.advance(HOUR);
    expect(await inv.sync(fakeClient({ instances: [instance(a, 'i1', [])] }))).toMatchObject({ listed: 0, gone: 2, instances: { complete: 1 } });
    expect((await stored(a)).map((b) => b.goneAt)).toEqual([t, t]);
  });

  it('an instance whose walk failed is left untouched, and the run records why', async () => {
    const a = 'walk-failed';
    const t1 = clock.advance(HOUR);
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 4)), instance(a, 'i2', history(a, 'i2', 2))] }));
    const before = (await stored(a)).filter((b) => b.instanceId === 'i1');

    const t2 = clock.advance(HOUR);
    // i1 fails after yielding two of its backups (none new): nothing of it changes, nothing of it is gone.
    const result = await inv.sync(
      fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 4), { fail: true, failAfter: 2 }), instance(a, 'i2', history(a, 'i2', 2))] }),
    );
    expect(result).toMatchObject({ status: 'partial', gone: 0, instances: { complete: 1, incomplete: 0, failed: 1 }, failuresTotal: 1 });
    expect(result.failures[0]).toMatchObject({ instanceId: 'i1', account: a, error: { name: 'NotFoundError', message: 'instance i1 not found' } });
    const after = await stored(a);
    expect(after.filter((b) => b.instanceId === 'i1')).toEqual(before);
    expect(after.filter((b) => b.instanceId === 'i2').every((b) => b.lastSeen.getTime() === t2.getTime())).toBe(true);
    expect(before.every((b) => b.lastSeen.getTime() === t1.getTime())).toBe(true);

    const [run] = await inv.runs({ limit: 1 });
    expect(run).toMatchObject({ status: 'partial', failuresTotal: 1, instances: { complete: 1, incomplete: 1 } });
    expect(run!.failures).toEqual([
      { provider: 'aliyun-rds', account: a, region: 'cn-hangzhou', instanceId: 'i1', error: { name: 'NotFoundError', message: 'instance i1 not found', provider: 'aliyun-rds', retryable: false } },
    ]);
  });

  it('an unmappable record makes its instance incomplete: what was listed is merged, nothing is marked gone', async () => {
    const a = 'bad-record';
    const all = history(a, 'i1', 4);
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', all)] }));
    const t = clock.advance(HOUR);
    // b3 is gone, b0 cannot be mapped: the listing is not complete, so b3 is not marked gone.
    const result = await inv.sync(fakeClient({ instances: [instance(a, 'i1', all.slice(0, 3), { badRecords: ['i1-b0'] })] }));
    expect(result).toMatchObject({ status: 'partial', listed: 2, gone: 0, instances: { complete: 0, incomplete: 1, failed: 0 } });
    expect(result.failures[0]).toMatchObject({ instanceId: 'i1', recordId: 'i1-b0' });
    const rows = await stored(a);
    expect(rows.map((b) => [b.id, b.lastSeen.getTime() === t.getTime(), b.goneAt])).toEqual([
      ['i1-b0', false, undefined],
      ['i1-b1', true, undefined],
      ['i1-b2', true, undefined],
      ['i1-b3', false, undefined],
    ]);
  });

  it('a source whose discovery fails leaves its instances untouched', async () => {
    const a = 'discovery-failed';
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 2))] }));
    const before = await stored(a);
    clock.advance(HOUR);
    const result = await inv.sync(fakeClient({ instances: [instance(a, 'i1', [])], failDiscovery: { account: a } }));
    expect(result).toMatchObject({ status: 'failed', listed: 0, gone: 0, failuresTotal: 1 });
    expect(result.failures[0]).toMatchObject({ account: a, error: { name: 'AuthenticationError' } });
    expect(result.failures[0]!.instanceId).toBeUndefined();
    expect(await stored(a)).toEqual(before);
  });

  it('marks gone only inside the window it listed, and never outside the instances it was asked for', async () => {
    const a = 'window';
    const all = history(a, 'i1', 6);
    const other = history(a, 'i2', 2);
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', all), instance(a, 'i2', other)] }));
    const t = clock.advance(HOUR);
    const since = all[3]!.startTime;
    // The cloud now has only the newest backup; a sync of the last three days of i1 sees exactly that.
    const result = await inv.sync(fakeClient({ instances: [instance(a, 'i1', all.slice(5)), instance(a, 'i2', [])] }), { since, instances: ['i1'] });
    expect(result).toMatchObject({ listed: 1, gone: 2 });
    const rows = await stored(a);
    expect(rows.filter((b) => b.goneAt).map((b) => b.id)).toEqual(['i1-b3', 'i1-b4']);
    expect(rows.find((b) => b.id === 'i1-b3')!.goneAt).toEqual(t);
  });

  it('refuses backup filters, which would make the backups they hide look gone', async () => {
    const client = fakeClient({ instances: [] });
    const error = await inv.sync(client, { status: 'success' } as never).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/cannot filter by status.*would be marked gone/);
    await expect(inv.sync(client, { since: T0, until: T0 })).rejects.toThrow(/since .* must be before until/);
  });

  it('an aborted sync keeps what it listed, marks nothing gone, records the run as aborted and rejects', async () => {
    const a = 'aborted';
    const all = history(a, 'i1', 6);
    await inv.sync(fakeClient({ instances: [instance(a, 'i1', all)] }));
    const t = clock.advance(HOUR);
    const controller = new AbortController();
    const changed = all.map((b, i) => (i === 0 ? ({ ...b, sizeBytes: 5 } as Backup) : b)).slice(0, 4);
    const client = fakeClient({ instances: [instance(a, 'i1', changed)], pageSize: 2, beforePage: (i) => void (i === 1 && controller.abort()) });
    const error = await inv.sync(client, { signal: controller.signal }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error) || (error as Error).name === 'AbortError').toBe(true);
    const rows = await stored(a);
    expect(rows.map((b) => [b.id, b.lastSeen.getTime() === t.getTime(), b.goneAt, b.sizeBytes])).toEqual([
      ['i1-b0', true, undefined, 5],
      ['i1-b1', true, undefined, 1048576],
      ['i1-b2', false, undefined, 1048576],
      ['i1-b3', false, undefined, 1048576],
      ['i1-b4', false, undefined, 1048576],
      ['i1-b5', false, undefined, 1048576],
    ]);
    const [run] = await inv.runs({ limit: 1 });
    expect(run).toMatchObject({ status: 'aborted', listed: 2, changed: 1, gone: 0 });
  });

  it('a second run on a busy scope waits for it, or gives up after lockTimeoutMs naming the holder', async () => {
    const a = 'busy';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const listing = new Promise<void>((r) => (entered = r));
    const slow = fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 2))], beforePage: async () => {
      entered();
      await gate;
    } });
    const first = inv.sync(slow);
    await listing;
    const error = await inv.sync(fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 2))] }), undefined, { lockTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventoryBusyError);
    expect((error as InventoryBusyError).holders).toEqual([expect.objectContaining({ scope: `aliyun-rds/${a}/cn-hangzhou` })]);
    expect((error as Error).message).toMatch(/Another sync is running on the same scope: aliyun-rds\/busy\/cn-hangzhou \(run \d+, .* pid \d+/);
    const waiting = inv.sync(fakeClient({ instances: [instance(a, 'i1', history(a, 'i1', 2))] }));
    release();
    expect(await first).toMatchObject({ new: 2 });
    expect(await waiting).toMatchObject({ new: 0, changed: 0, gone: 0 });
  });
});
