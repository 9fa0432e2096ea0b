import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyCredentials } from '../../src/credentials/chain.js';
import { AbortError, ConfigurationError } from '../../src/errors.js';
import { fakeDefinition } from '../helpers/fake-provider.js';
import { createSource } from '../../src/listing/source.js';

const never = () => new Promise<never>(() => undefined);

describe('credentials resolution is bounded', () => {
  afterEach(() => vi.useRealTimers());

  it('fails a credentials function that never settles after the timeout, and tries again on the next call', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const resolve = lazyCredentials('aliyun-rds', () => (++calls === 1 ? never() : { accessKeyId: 'a', accessKeySecret: 'b' }), never, Date.now, 5_000);
    const first = resolve();
    const caught = first.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await caught;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ field: 'credentials', message: expect.stringContaining('the credentials function never settled') });
    await expect(resolve()).resolves.toMatchObject({ accessKeyId: 'a' });
    expect(calls).toBe(2);
  });

  it("stops waiting when the caller's signal aborts, while the shared resolution goes on", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const resolve = lazyCredentials('huawei-rds', async () => {
      await gate;
      return { accessKeyId: 'a', accessKeySecret: 'b' };
    }, never);
    const controller = new AbortController();
    const waiting = resolve(controller.signal).catch((e: unknown) => e);
    const other = resolve();
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortError);
    release();
    await expect(other).resolves.toMatchObject({ accessKeyId: 'a' });
  });

  it('ends a listing whose credentials never come when the caller aborts', async () => {
    const source = createSource({
      definition: fakeDefinition({ instances: { a: 3 }, useCredentials: true }),
      options: { credentials: never },
      regions: { kind: 'list', regions: ['cn-north-4'] },
      baseUrlFor: () => 'http://127.0.0.1:9',
      credentialsChain: never,
    });
    const controller = new AbortController();
    const listing = source.listBackups({ instanceId: 'a', signal: controller.signal }).toArray();
    // Let the walk reach the credentials wait, then abort.
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(listing).rejects.toBeInstanceOf(AbortError);
  });
});
