import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, type Backup, type BackupPolicy } from '../../src/index.js';
import { completeDaysBefore, daysTouching } from '../../src/inventory/days.js';
import { type Inventory, type StoredBackup } from '../../src/inventory/index.js';
import { fakeBackup, fakeClient, type FakeInstance } from './fake-client.js';
import { DAY, HOUR, manualClock, openTestInventory } from './helpers.js';

/** History reads over data synced from a client without HTTP: exact instants, chosen days. */
const NOW = new Date('2026-03-20T06:00:00Z');
const clock = manualClock(new Date('2026-03-01T00:00:00Z'));
let inv: Inventory;

beforeAll(async () => {
  inv = await openTestInventory({ now: clock.now });
}, 120_000);
afterAll(() => inv?.close());

const at = (iso: string) => new Date(iso);
function b(account: string, instanceId: string, id: string, start: string, o: Partial<Backup<'aliyun-rds'>> = {}): Backup {
  return { ...fakeBackup(instanceId, id, at(start), o), account };
}
async function syncAt(when: Date, instances: FakeInstance[]) {
  clock.set(when);
  return inv.sync(fakeClient({ instances }));
}

describe('days in a zone', () => {
  it('are the complete calendar days before the one containing now, 23 or 25 hours across a DST change', () => {
    // 08:00 on the 9th in New York; clocks went forward at 02:00 on the 8th.
    expect(completeDaysBefore(at('2026-03-09T12:00:00Z'), 2, 'America/New_York')).toEqual([
      { date: '2026-03-07', start: at('2026-03-07T05:00:00Z'), end: at('2026-03-08T05:00:00Z') },
      { date: '2026-03-08', start: at('2026-03-08T05:00:00Z'), end: at('2026-03-09T04:00:00Z') },
    ]);
    expect(completeDaysBefore(at('2026-03-10T17:00:00Z'), 1, 'Asia/Shanghai')).toEqual([
      { date: '2026-03-10', start: at('2026-03-09T16:00:00Z'), end: at('2026-03-10T16:00:00Z') },
    ]);
    // Chile moves its clocks at midnight: 2026-09-06 starts at 01:00, which is 04:00Z, and lasts 23 hours.
    expect(completeDaysBefore(at('2026-09-07T12:00:00Z'), 1, 'America/Santiago')).toEqual([
      { date: '2026-09-06', start: at('2026-09-06T04:00:00Z'), end: at('2026-09-07T03:00:00Z') },
    ]);
    expect(daysTouching(at('2026-03-10T12:00:00Z'), at('2026-03-11T00:00:01Z'), 'UTC').map((d) => d.date)).toEqual(['2026-03-10', '2026-03-11']);
    // An offset, as the audit takes it: the same days as a zone that keeps that offset all year.
    expect(completeDaysBefore(at('2026-03-11T01:00:00Z'), 2, '+08:00')).toEqual(completeDaysBefore(at('2026-03-11T01:00:00Z'), 2, 'Asia/Shanghai'));
    expect(completeDaysBefore(at('2026-03-11T01:00:00Z'), 1, '-05:00')).toEqual([{ date: '2026-03-09', start: at('2026-03-09T05:00:00Z'), end: at('2026-03-10T05:00:00Z') }]);
  });

  it('refuses an unknown zone and a day count out of range', () => {
    expect(() => completeDaysBefore(NOW, 0, 'UTC')).toThrow(/days must be a whole number from 1/);
    expect(() => completeDaysBefore(NOW, 3, 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"; use an IANA name/);
    expect(() => daysTouching(at('2000-01-01T00:00:00Z'), NOW, 'UTC')).toThrow(/more than 3660 days/);
  });
});

describe('history', () => {
  const a = 'history';
  // i1: a success most days; 03-17 only a failure; 'late' at 2026-03-18T17:00Z (the 19th in Shanghai).
  const i1 = [
    b(a, 'i1', 'd14', '2026-03-14T02:00:00Z', { sizeBytes: 100 }),
    b(a, 'i1', 'd15', '2026-03-15T02:00:00Z', { sizeBytes: 110 }),
    b(a, 'i1', 'd15-inc', '2026-03-15T14:00:00Z', { sizeBytes: 5, type: 'incremental' }),
    b(a, 'i1', 'd16', '2026-03-16T02:00:00Z', { sizeBytes: 120 }),
    b(a, 'i1', 'd17-failed', '2026-03-17T02:00:00Z', { status: 'failed', sizeBytes: 0 }),
    b(a, 'i1', 'late', '2026-03-18T17:00:00Z', { sizeBytes: 130 }),
  ];
  beforeAll(async () => {
    // i2: discovered, never a backup. i3: two successes, gone by the second sync.
    await syncAt(at('2026-03-19T12:00:00Z'), [
      { instanceId: 'i1', account: a, backups: i1 },
      { instanceId: 'i2', account: a, backups: [] },
      { instanceId: 'i3', account: a, backups: [b(a, 'i3', 'old', '2026-03-10T02:00:00Z', { sizeBytes: 7 }), b(a, 'i3', 'older', '2026-03-09T02:00:00Z', { sizeBytes: 7 })] },
    ]);
    await syncAt(at('2026-03-20T01:00:00Z'), [
      { instanceId: 'i1', account: a, backups: [...i1, b(a, 'i1', 'd19', '2026-03-19T02:00:00Z', { sizeBytes: 140 })] },
      { instanceId: 'i2', account: a, backups: [] },
      { instanceId: 'i3', account: a, backups: [] },
    ]);
  });

  it('coverage: successes per calendar day in the zone asked, with the missing days', async () => {
    const utc = await inv.coverage({ days: 5, now: NOW, accounts: a });
    expect(utc.map((c) => [c.instance.instanceId, c.days.map((d) => `${d.date}:${d.successes}`), c.coveredDays, c.missingDays])).toEqual([
      ['i1', ['2026-03-15:2', '2026-03-16:1', '2026-03-17:0', '2026-03-18:1', '2026-03-19:1'], 4, ['2026-03-17']],
      ['i2', ['2026-03-15:0', '2026-03-16:0', '2026-03-17:0', '2026-03-18:0', '2026-03-19:0'], 0, ['2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19']],
      ['i3', ['2026-03-15:0', '2026-03-16:0', '2026-03-17:0', '2026-03-18:0', '2026-03-19:0'], 0, ['2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19']],
    ]);
    // In Shanghai 'late' (17:00Z on the 18th) falls on the 19th, with d19: the 18th has none.
    const shanghai = await inv.coverage({ days: 5, now: NOW, timeZone: 'Asia/Shanghai', instances: 'i1' });
    expect(shanghai.map((c) => c.days.map((d) => `${d.date}:${d.successes}`))).toEqual([['2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19'].map((d, i) => `${d}:${[2, 1, 0, 0, 2][i]}`)]);
    expect(shanghai[0]!.days[0]!.start).toEqual(at('2026-03-14T16:00:00Z'));
  });

  it('coverage: leaves out instances neither seen nor backed up in the period', async () => {
    const longAgo = await inv.coverage({ days: 2, now: at('2026-03-10T12:00:00Z'), accounts: a });
    // i3's backup of 03-09 is in it; i1 and i2 were first seen on the 19th, but their last sighting is after the period began.
    expect(longAgo.map((c) => [c.instance.instanceId, c.coveredDays])).toEqual([['i1', 0], ['i2', 0], ['i3', 1]]);
  });

  it('last success per instance over all time, gone or not; none when there never was one', async () => {
    const last = await inv.lastSuccess({ accounts: a });
    expect(last.map((l) => [l.instance.instanceId, l.backup?.id, l.backup?.goneAt?.toISOString()])).toEqual([
      ['i1', 'd19', undefined],
      ['i2', undefined, undefined],
      ['i3', 'old', '2026-03-20T01:00:00.000Z'],
    ]);
    expect(last[0]!.instance).toMatchObject({ name: 'i1-name', engine: 'mysql', listedAt: at('2026-03-20T01:00:00Z') });
  });

  it('what appeared and what was gone in a period, with the instants', async () => {
    const day = await inv.changes({ since: at('2026-03-20T00:00:00Z'), until: at('2026-03-21T00:00:00Z'), accounts: a });
    expect(day.appeared.map((x) => [x.id, x.firstSeen])).toEqual([['d19', at('2026-03-20T01:00:00Z')]]);
    expect(day.gone.map((x) => [x.id, x.lastSeen, x.goneAt])).toEqual([
      ['older', at('2026-03-19T12:00:00Z'), at('2026-03-20T01:00:00Z')],
      ['old', at('2026-03-19T12:00:00Z'), at('2026-03-20T01:00:00Z')],
    ]);
    const before = await inv.changes({ since: at('2026-03-01T00:00:00Z'), until: at('2026-03-20T00:00:00Z'), accounts: a });
    expect([before.appeared.length, before.gone.length]).toEqual([8, 0]);
  });

  it('size per instance and day: all successful bytes, and the largest full backup', async () => {
    const sizes = await inv.sizes({ since: at('2026-03-15T00:00:00Z'), until: at('2026-03-20T00:00:00Z'), instances: ['i1', 'i2'], accounts: a });
    expect(sizes.map((s) => [s.instance.instanceId, s.days.map((d) => [d.date, d.successes, d.totalBytes, d.fullBytes])])).toEqual([
      ['i1', [['2026-03-15', 2, 115, 110], ['2026-03-16', 1, 120, 120], ['2026-03-18', 1, 130, 130], ['2026-03-19', 1, 140, 140]]],
      ['i2', []],
    ]);
  });

  it('every stored backup, newest first, across pages, with the filters asked', async () => {
    const account = 'paging';
    const many = Array.from({ length: 2500 }, (_, i) => b(account, `p${i % 3}`, `x${i}`, new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * HOUR).toISOString(), i % 7 === 0 ? { status: 'failed' } : {}));
    await syncAt(at('2026-04-01T00:00:00Z'), [0, 1, 2].map((n) => ({ instanceId: `p${n}`, account, backups: many.filter((x) => x.instanceId === `p${n}`) })));
    const read: StoredBackup[] = [];
    for await (const x of inv.backups({ accounts: account })) read.push(x);
    expect(read.length).toBe(2500);
    expect(new Set(read.map((x) => x.id)).size).toBe(2500);
    expect(read.every((x, i) => i === 0 || read[i - 1]!.startTime >= x.startTime)).toBe(true);
    let failed = 0;
    for await (const x of inv.backups({ accounts: account, status: 'failed', since: at('2026-01-10T00:00:00Z') })) {
      expect(x.status).toBe('failed');
      failed++;
    }
    expect(failed).toBe(many.filter((x) => x.status === 'failed' && x.startTime >= at('2026-01-10T00:00:00Z')).length);
    let live = 0;
    for await (const x of inv.backups({ accounts: a, includeGone: false })) live += x.goneAt ? 100 : 1;
    expect(live).toBe(7);
  });

  it('policies: the newest read of each instance is kept', async () => {
    const policy = { provider: 'aliyun-rds' as const, account: a, region: 'cn-hangzhou', instanceId: 'i1', automated: true, retentionDays: 7, preferredDays: ['Monday'], raw: { BackupRetentionPeriod: 7 } };
    // What the library reads (BackupPolicy) is what savePolicies takes.
    const fromLibrary: BackupPolicy[] = [];
    await inv.savePolicies(fromLibrary);
    await inv.savePolicies([policy], { fetchedAt: at('2026-03-20T00:00:00Z') });
    await inv.savePolicies([{ ...policy, retentionDays: 3 }], { fetchedAt: at('2026-03-19T00:00:00Z') });
    expect(await inv.policies({ accounts: a })).toEqual([{ ...policy, fetchedAt: at('2026-03-20T00:00:00Z') }]);
  });

  it('explains a bad query', async () => {
    const zone = await inv.coverage({ days: 3, timeZone: 'Mars/Olympus' }).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(zone)).toBe(true);
    expect((zone as Error).message).toMatch(/unknown time zone "Mars\/Olympus"/);
    await expect(inv.changes({ since: NOW, until: NOW })).rejects.toThrow(/since .* must be before until/);
    await expect(inv.lastSuccess({ providers: [] })).rejects.toThrow(/providers must be a non-empty/);
    await expect(inv.runs({ limit: 0 })).rejects.toThrow(/limit must be a positive whole number/);
    // A misspelt field is named, never ignored for its default (UTC days instead of Shanghai's, say).
    const typo = <T>(value: Record<string, unknown>) => value as T;
    await expect(inv.coverage(typo({ days: 3, timezone: 'Asia/Shanghai' }))).rejects.toThrow('coverage: unknown field "timezone". Did you mean "timeZone"?');
    await expect(inv.changes(typo({ since: NOW, util: NOW }))).rejects.toThrow('changes: unknown field "util". Did you mean "until"?');
    await expect(inv.lastSuccess(typo({ provider: 'aliyun-rds' }))).rejects.toThrow('lastSuccess: unknown field "provider". Did you mean "providers"?');
    await expect(inv.runs(typo({ limt: 3 }))).rejects.toThrow('runs: unknown field "limt". Did you mean "limit"?');
    expect(() => inv.backups(typo({ statuz: 'failed' }))).toThrow('backups: unknown field "statuz". Did you mean "status"?');
    expect(DAY).toBe(86_400_000);
  });
});
