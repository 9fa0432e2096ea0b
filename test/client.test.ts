import { describe, expect, it } from 'vitest';
import { createBackupClient, type BackupProgress } from '../src/client.js';
import { AuthenticationError, NotFoundError, PartialFailureError, type ListingFailure } from '../src/errors.js';
import type { Backup, InstanceInfo } from '../src/model.js';
import { createSource, defineProvider, type BackupSource } from '../src/source.js';

/** An in-memory provider: instances with N backups each, 10 per page, optional per-instance failures and delay. */
function fakeSource(opts: {
  instances: Record<string, number>;
  failInstance?: string;
  failDiscovery?: boolean;
  delayMs?: number;
  log?: { instanceId: string; page: number; at: number }[];
  inFlight?: { now: number; max: number };
  badRecordEvery?: number;
}): BackupSource<'huawei-rds'> {
  const definition = defineProvider({
    provider: 'huawei-rds',
    paging: { kind: 'offset', pageSize: 10 },
    capabilities: { pushdown: [], timeWindow: 'none' },
    fetchBackupsPage: async (_ctx, args) => {
      opts.log?.push({ instanceId: args.instanceId, page: args.page.index, at: Date.now() });
      if (opts.inFlight) {
        opts.inFlight.now++;
        opts.inFlight.max = Math.max(opts.inFlight.max, opts.inFlight.now);
      }
      try {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (args.page.signal.aborted) throw new Error('aborted');
        if (args.instanceId === opts.failInstance) {
          throw new NotFoundError(`instance ${args.instanceId} not found`, { provider: 'huawei-rds', code: 'DBS.200823', instanceId: args.instanceId });
        }
        const total = opts.instances[args.instanceId] ?? 0;
        const items: Backup<'huawei-rds'>[] = [];
        const failures: ListingFailure[] = [];
        for (let i = args.page.offset; i < Math.min(total, args.page.offset + args.page.pageSize); i++) {
          if (opts.badRecordEvery && i % opts.badRecordEvery === opts.badRecordEvery - 1) {
            failures.push({ provider: 'huawei-rds', instanceId: args.instanceId, recordId: `${args.instanceId}-${i}`, error: new AuthenticationError('unmappable', { provider: 'huawei-rds' }) });
            continue;
          }
          items.push({
            provider: 'huawei-rds',
            id: `${args.instanceId}-${i}`,
            instanceId: args.instanceId,
            status: i % 3 === 0 ? 'failed' : 'success',
            mode: 'automated',
            type: 'full',
            method: 'physical',
            startTime: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
            raw: {} as Backup<'huawei-rds'>['raw'],
          });
        }
        return { items, failures, received: Math.max(0, Math.min(total - args.page.offset, args.page.pageSize)), total };
      } finally {
        if (opts.inFlight) opts.inFlight.now--;
      }
    },
    listInstances: async (): Promise<InstanceInfo[]> => {
      if (opts.failDiscovery) throw new AuthenticationError('bad credentials', { provider: 'huawei-rds', code: 'APIGW.0301' });
      return Object.keys(opts.instances).map((instanceId) => ({ provider: 'huawei-rds', instanceId, region: 'cn-north-4' }));
    },
  });
  return createSource({
    definition,
    options: {},
    region: 'cn-north-4',
    baseUrl: 'http://127.0.0.1:9',
    credentialsChain: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }),
  });
}

describe('createBackupClient', () => {
  it('yields every backup of every instance, each instance in page order', async () => {
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 35, b: 12 } }), fakeSource({ instances: { c: 7 } })] });
    const all = await client.backups().toArray();
    expect(all).toHaveLength(54);
    for (const inst of ['a', 'b', 'c']) {
      const ids = all.filter((b) => b.instanceId === inst).map((b) => Number(b.id.split('-')[1]));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
    }
  });

  it('filters client-side, and narrows by providers and instances', async () => {
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 30, b: 30 } })] });
    const failed = await client.backups({ status: 'failed', instances: ['a'] }).toArray();
    expect(failed.map((b) => b.id)).toEqual(Array.from({ length: 10 }, (_, i) => `a-${i * 3}`));
    expect(await client.backups({ providers: 'aliyun-rds' }).toArray()).toEqual([]);
  });

  it('reports a failing instance and a failing source after every other backup', async () => {
    const client = createBackupClient({
      sources: [fakeSource({ instances: { good: 25, gone: 5 }, failInstance: 'gone' }), fakeSource({ instances: { x: 3 }, failDiscovery: true })],
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const b of client.backups()) seen.push(b.id);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(25);
    expect(error).toBeInstanceOf(PartialFailureError);
    const failures = (error as PartialFailureError).failures;
    expect(failures.map((f) => [f.provider, f.region, f.instanceId, f.error.name]).sort()).toEqual([
      ['huawei-rds', 'cn-north-4', 'gone', 'NotFoundError'],
      ['huawei-rds', 'cn-north-4', undefined, 'AuthenticationError'],
    ].sort());
  });

  it('passes failures to onError instead, and the loop ends normally', async () => {
    const failures: ListingFailure[] = [];
    const client = createBackupClient({
      sources: [fakeSource({ instances: { good: 25, gone: 5 }, failInstance: 'gone', badRecordEvery: 10 })],
      onError: (f) => failures.push(f),
    });
    const all = await client.backups().toArray();
    expect(all).toHaveLength(23); // records 9 and 19 could not be mapped
    expect(failures.map((f) => f.recordId ?? f.instanceId).sort()).toEqual(['gone', 'good-19', 'good-9']);
  });

  it('starts no request after the consumer breaks', async () => {
    const log: { instanceId: string; page: number; at: number }[] = [];
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 100, b: 100, c: 100, d: 100 }, delayMs: 5, log })], concurrency: 2 });
    let n = 0;
    for await (const _ of client.backups()) {
      if (++n === 5) break;
    }
    const count = log.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(log.length).toBe(count);
    expect(log.some((e) => e.instanceId === 'c' || e.instanceId === 'd')).toBe(false);
  });

  it('keeps instances within the concurrency bound while overlapping them', async () => {
    const inFlight = { now: 0, max: 0 };
    const instances = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`i${i}`, 10]));
    const client = createBackupClient({ sources: [fakeSource({ instances, delayMs: 10, inFlight })], concurrency: 3 });
    expect(await client.backups().toArray()).toHaveLength(120);
    expect(inFlight.max).toBe(3);
  });

  it('reports progress counts that add up', async () => {
    const events: BackupProgress[] = [];
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 25, b: 5 } })], onProgress: (p) => events.push(p) });
    await client.backups().toArray();
    const last = events.at(-1)!;
    expect(last).toMatchObject({ sourcesTotal: 1, sourcesDone: 1, instancesTotal: 2, instancesDone: 2, pages: 4, backups: 30, failures: 0 });
  });

  it('validates options and queries with errors that name the field', () => {
    expect(() => createBackupClient({ sources: [] })).toThrow(/sources` must be a non-empty array/);
    expect(() => createBackupClient({ sources: [fakeSource({ instances: {} })], concurrency: 0 })).toThrow(/concurrency must be an integer >= 1/);
    const client = createBackupClient({ sources: [fakeSource({ instances: {} })] });
    expect(() => client.backups({ status: 'sucess' } as never)).toThrow(/Allowed values: success, failed, running, deleting, unknown/);
    expect(() => client.backups({ providers: 'aws' } as never)).toThrow(/providers "aws" is not allowed/);
  });

  it('aborts with the caller signal', async () => {
    const controller = new AbortController();
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 1000 }, delayMs: 10 })] });
    const pending = client.backups({ signal: controller.signal }).toArray();
    setTimeout(() => controller.abort(), 25);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
