import { describe, expect, it } from 'vitest';
import { CREDENTIALS_REFRESH_MARGIN_MS, lazyCredentials } from '../../src/credentials/chain.js';
import type { Credentials } from '../../src/credentials/types.js';

const HOUR = 3_600_000;

describe('lazyCredentials', () => {
  it('resolves once and shares the result', async () => {
    let calls = 0;
    const get = lazyCredentials('aliyun-rds', async () => ({ accessKeyId: `AK${++calls}`, accessKeySecret: 's' }), async () => {
      throw new Error('chain not used');
    });
    const [a, b] = await Promise.all([get(), get()]);
    expect(a.accessKeyId).toBe('AK1');
    expect(b).toBe(a);
    expect((await get()).accessKeyId).toBe('AK1');
    expect(calls).toBe(1);
  });

  it('hands out resolved credentials without a listener on the caller\'s signal (a listing makes hundreds of calls on one)', async () => {
    const get = lazyCredentials('aliyun-rds', { accessKeyId: 'AK', accessKeySecret: 's' }, async () => {
      throw new Error('chain not used');
    });
    const controller = new AbortController();
    let added = 0;
    const addEventListener = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added++;
      addEventListener(...args);
    }) as AbortSignal['addEventListener'];
    await get(controller.signal);
    const before = added;
    const many = await Promise.all(Array.from({ length: 50 }, () => get(controller.signal)));
    expect(added).toBe(before);
    expect(new Set(many).size).toBe(1);
    controller.abort(new Error('stop'));
    await expect(get(controller.signal)).rejects.toThrow();
  });

  it('renews temporary credentials shortly before they expire', async () => {
    let clock = 0;
    let calls = 0;
    const issue = async (): Promise<Credentials> => ({
      accessKeyId: `STS.${++calls}`,
      accessKeySecret: 's',
      securityToken: 't',
      expiration: new Date(clock + HOUR),
    });
    const get = lazyCredentials('aliyun-kvstore', issue, async () => ({ accessKeyId: 'x', accessKeySecret: 'y' }), () => clock);
    expect((await get()).accessKeyId).toBe('STS.1');
    clock = HOUR - CREDENTIALS_REFRESH_MARGIN_MS - 1;
    expect((await get()).accessKeyId).toBe('STS.1');
    clock = HOUR - CREDENTIALS_REFRESH_MARGIN_MS;
    const renewed = await get();
    expect(renewed.accessKeyId).toBe('STS.2');
    expect(renewed.securityToken).toBe('t');
    expect(JSON.stringify(renewed)).not.toContain('"t"');
  });

  it('does not cache a failure, and rejects an invalid expiration', async () => {
    let fail = true;
    const get = lazyCredentials('huawei-rds', undefined, async () => {
      if (fail) throw new Error('no file yet');
      return { accessKeyId: 'AK', accessKeySecret: 'SK' };
    });
    await expect(get()).rejects.toThrow('no file yet');
    fail = false;
    expect((await get()).accessKeyId).toBe('AK');
    const bad = lazyCredentials('huawei-rds', { accessKeyId: 'a', accessKeySecret: 'b', expiration: new Date('x') }, async () => ({ accessKeyId: 'x', accessKeySecret: 'y' }));
    await expect(bad()).rejects.toThrow(/expiration must be a valid Date/);
  });
});
