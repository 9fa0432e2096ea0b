import { describe, expect, it } from 'vitest';
import { createBackupClient, PartialFailureError, type ListingFailure } from '../../src/index.js';
import { LOOKBACK_GROWTH, lookbackWindows } from '../../src/audit/lookback.js';
import { DAY, HOUR_MS, dailyBackups, memorySource, type MemoryBackup, type MemoryRequest } from './memory-provider.js';

const now = new Date();
const ids = (list: { instanceId: string; id: string }[]) => list.map((b) => `${b.instanceId}:${b.id}`).sort();
const windowsOf = (log: MemoryRequest[], instanceId: string) =>
  [...new Map(log.filter((r) => r.instanceId === instanceId).map((r) => [`${r.window?.since?.getTime()}-${r.window?.until?.getTime()}`, r.window])).values()];

describe('client.latest', () => {
  it('reads only the newest window when it holds a match, and takes the maximum whatever the row order', async () => {
    const log: MemoryRequest[] = [];
    const history = dailyBackups(now, 200);
    // Rows come scrambled; several within the first window, so the maximum has to be taken, not the first row.
    const extra: MemoryBackup[] = [0.5, 3, 5, 7].map((h) => ({ id: `x${h}`, status: 'success', startTime: new Date(now.getTime() - h * HOUR_MS) }));
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: [...history, ...extra] } }, log })] });
    const latest = await client.latest({ status: 'success' }).toArray();
    expect(ids(latest)).toEqual(['a:x0.5']);
    const windows = windowsOf(log, 'a');
    expect(windows).toHaveLength(1);
    expect(windows[0]!.since!.getTime()).toBeGreaterThanOrEqual(now.getTime() - 2 * DAY);
    expect(windows[0]!.until).toBeUndefined();
    expect(log.every((r) => r.status === 'success')).toBe(true);

    log.length = 0;
    await client.backups().toArray();
    // The full listing pages through all 204 rows (10 per page); latest asked for one page.
    expect(log).toHaveLength(21);
  });

  it('widens 2, 8, 32... days back until a match, with the filter pushed down every time', async () => {
    const log: MemoryRequest[] = [];
    const old: MemoryBackup = { id: 'old-good', status: 'success', startTime: new Date(now.getTime() - 20 * DAY) };
    const recentFailures: MemoryBackup[] = Array.from({ length: 9 }, (_, i) => ({ id: `f${i}`, status: 'failed', startTime: new Date(now.getTime() - (i + 1) * DAY) }));
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: [old, ...recentFailures] } }, log })] });
    expect(ids(await client.latest({ status: 'success' }).toArray())).toEqual(['a:old-good']);
    const windows = windowsOf(log, 'a');
    expect(windows.map((w) => Math.round((now.getTime() - w!.since!.getTime()) / DAY))).toEqual([2, 8, 32]);
    // Adjacent windows: each ends where the newer one starts.
    expect(windows[1]!.until!.getTime()).toBe(windows[0]!.since!.getTime());
    expect(windows[2]!.until!.getTime()).toBe(windows[1]!.since!.getTime());
    expect(log.every((r) => r.status === 'success')).toBe(true);

    // Without a filter, the newest attempt is in the first window.
    log.length = 0;
    expect(ids(await client.latest().toArray())).toEqual(['a:f0']);
    expect(windowsOf(log, 'a')).toHaveLength(1);
  });

  it('stops at the instance creation (the last window open below), and yields nothing for an instance without a match', async () => {
    const log: MemoryRequest[] = [];
    const createdAt = new Date(now.getTime() - 100 * DAY);
    const client = createBackupClient({
      sources: [memorySource({ instances: { a: { createdAt, backups: [{ id: 'f', status: 'failed', startTime: new Date(now.getTime() - DAY) }] }, b: { backups: dailyBackups(now, 3) } }, log })],
    });
    expect(ids(await client.latest({ status: 'success' }).toArray())).toEqual(['b:b0']);
    const windows = windowsOf(log, 'a');
    expect(windows.map((w) => (w!.since ? Math.round((now.getTime() - w!.since.getTime()) / DAY) : 'open'))).toEqual([2, 8, 32, 'open']);
  });

  it('reaches 2010 in a bounded number of windows when nothing is known about the instance', () => {
    const windows = [...lookbackWindows({ anchor: new Date('2026-06-01T00:00:00Z'), firstSpanMs: 2 * DAY }, 'optional', {})];
    expect(windows.length).toBeLessThanOrEqual(8);
    expect(windows.at(-1)).toEqual({ until: new Date(Date.parse('2026-06-01T00:00:00Z') - 2 * DAY * LOOKBACK_GROWTH ** (windows.length - 2)) });
    // A 'required' provider still gets a lower bound from the walk (the creation, or 2010), never none at all.
    expect([...lookbackWindows({ anchor: new Date(), firstSpanMs: DAY }, 'none', {})]).toEqual([{}]);
  });

  it('reads a provider without time filters once', async () => {
    const log: MemoryRequest[] = [];
    const backups: MemoryBackup[] = [...dailyBackups(now, 30), { id: 'newest-failed', status: 'failed', startTime: new Date(now.getTime() - 60_000) }];
    const client = createBackupClient({ sources: [memorySource({ timeWindow: 'none', pageSize: 1000, instances: { co: { backups } }, log })] });
    const [latest] = await client.latest({ status: 'success' }).toArray();
    expect(latest!.id).toBe('b0');
    expect(log).toHaveLength(1);
    expect(log[0]!.window).toBeUndefined();
  });

  it('keeps within the query bounds: until moves the anchor, since bounds the search', async () => {
    const log: MemoryRequest[] = [];
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: dailyBackups(now, 60) } }, log })] });
    const until = new Date(now.getTime() - 10 * DAY);
    const [latest] = await client.latest({ until }).toArray();
    expect(latest!.startTime.getTime()).toBeLessThan(until.getTime());
    expect(until.getTime() - latest!.startTime.getTime()).toBeLessThanOrEqual(DAY);
    expect(windowsOf(log, 'a')[0]).toEqual({ since: new Date(until.getTime() - 2 * DAY), until });

    log.length = 0;
    const since = new Date(now.getTime() - 5 * DAY);
    expect(await client.latest({ since, status: 'failed' }).toArray()).toEqual([]);
    expect(windowsOf(log, 'a').at(-1)!.since).toEqual(since);
  });

  it('reports an instance that cannot be read like backups() does, after every other instance', async () => {
    const source = memorySource({ instances: { good: { backups: dailyBackups(now, 5) }, bad: { backups: [], fail: true } } });
    const error = await createBackupClient({ sources: [source] }).latest().toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).failures.map((f) => f.instanceId)).toEqual(['bad']);

    const failures: ListingFailure[] = [];
    const latest = await createBackupClient({ sources: [source], onError: (f) => failures.push(f) }).latest().toArray();
    expect(latest.map((b) => b.instanceId)).toEqual(['good']);
    expect(failures.map((f) => f.instanceId)).toEqual(['bad']);
  });
});
