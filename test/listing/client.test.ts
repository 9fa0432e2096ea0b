import { describe, expect, it } from 'vitest';
import { createBackupClient, type BackupProgress } from '../../src/listing/client.js';
import { PartialFailureError, type ListingFailure } from '../../src/errors.js';
import { fakeDefinition, fakeSource } from '../helpers/fake-provider.js';
import { createSource } from '../../src/listing/source.js';

function createSourceWithInstances(instances: string[]) {
  return createSource({
    definition: fakeDefinition({ instances: Object.fromEntries(instances.map((i) => [i, 1])) }),
    options: { instances },
    regions: { kind: 'list', regions: ['cn-north-4'] },
    baseUrlFor: () => 'http://127.0.0.1:9',
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

  it('names a misspelt field of the discover, instances and policies queries instead of ignoring it', async () => {
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 1 } })] });
    const typo = { provider: 'fake' } as never;
    await expect(client.discover(typo)).rejects.toThrow('Invalid query: unknown field "provider". Did you mean "providers"? Fields: providers, instances, signal.');
    await expect(client.instances(typo)).rejects.toThrow('unknown field "provider"');
    await expect(client.policies(typo)).rejects.toThrow('unknown field "provider"');
    client.close();
  });

  it('filters client-side, and narrows by providers and instances', async () => {
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 30, b: 30 } })] });
    const failed = await client.backups({ status: 'failed', instances: ['a'] }).toArray();
    expect(failed.map((b) => b.id)).toEqual(Array.from({ length: 10 }, (_, i) => `a-${i * 3}`));
    expect(() => client.backups({ providers: 'aliyun-rds' })).toThrow(/providers "aliyun-rds" matches no source/);
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
    expect(() => createBackupClient({ sources: [] })).toThrow(/createBackupClient: sources must be a non-empty array of sources/);
    expect(() => createBackupClient({ sources: [fakeSource({ instances: {} })], concurrency: 0 })).toThrow(/createBackupClient: concurrency must be between 1 and 256/);
    const client = createBackupClient({ sources: [fakeSource({ instances: {} })] });
    expect(() => client.backups({ status: 'sucess' } as never)).toThrow(/Allowed values: success, failed, running, deleting, unknown/);
    expect(() => client.backups({ providers: 'aws' } as never)).toThrow(/providers "aws" matches no source of this client\. Its sources are: huawei-rds/);
  });

  it('aborts with the caller signal', async () => {
    const controller = new AbortController();
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 1000 }, delayMs: 10 })] });
    const pending = client.backups({ signal: controller.signal }).toArray();
    setTimeout(() => controller.abort(), 25);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports an instance of the filter that no source has, and lists the others', async () => {
    const failures: ListingFailure[] = [];
    const client = createBackupClient({ sources: [fakeSource({ instances: { a: 5, b: 5 } })], onError: (f) => failures.push(f) });
    const listed = await client.backups({ instances: ['a', 'nope'] }).toArray();
    expect(listed).toHaveLength(5);
    expect(failures.map((f) => [f.instanceId, f.error.name, (f.error as { field?: string }).field])).toEqual([['nope', 'ConfigurationError', 'instances']]);
  });

  it('refuses, before any request, an instance filter that matches none of the given instances', () => {
    const given = createBackupClient({ sources: [createSourceWithInstances(['a'])] });
    expect(() => given.backups({ instances: ['zzz'] })).toThrow(/instances "zzz" match no instance of the sources, which list: a/);
  });

  it('walks the same instance once when two sources reach it, and the same source object once', async () => {
    const log: { instanceId: string; page: number; at: number }[] = [];
    const one = fakeSource({ instances: { a: 15 }, log });
    const twin = fakeSource({ instances: { a: 15 }, log });
    const client = createBackupClient({ sources: [one, twin, one] });
    const listed = await client.backups().toArray();
    expect(listed).toHaveLength(15);
    expect(log.filter((e) => e.page === 0)).toHaveLength(1);
  });

  it('drops an end before the start (a provider error), keeping the backup', async () => {
    const listed = await createBackupClient({ sources: [fakeSource({ instances: { a: 3 }, endBeforeStart: true })] }).backups().toArray();
    expect(listed).toHaveLength(3);
    expect(listed.every((b) => b.endTime === undefined)).toBe(true);
  });
});
