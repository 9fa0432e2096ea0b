import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConfigurationError, PartialFailureError, type ListingFailure } from '../../src/errors.js';
import { PagedList, type ListPage } from '../../src/listing/paged-list.js';

function list(pages: ListPage<number>[], log: string[] = [], onError?: (f: ListingFailure) => void) {
  return new PagedList<number>(async function* () {
    try {
      for (const [i, page] of pages.entries()) {
        log.push(`page ${i}`);
        await new Promise((r) => setTimeout(r, 1));
        yield page;
      }
    } finally {
      log.push('closed');
    }
  }, onError);
}

const failure: ListingFailure = { provider: 'aliyun-rds', account: 'default', instanceId: 'rm-1', recordId: '9', error: new AuthenticationError('x', { provider: 'aliyun-rds' }) };

describe('PagedList', () => {
  it('yields every item in page order and skips empty pages', async () => {
    expect(await list([{ items: [1, 2], failures: [] }, { items: [], failures: [] }, { items: [3], failures: [] }]).toArray()).toEqual([1, 2, 3]);
  });

  it('serves next() calls made before the previous one settled, in order', async () => {
    const it = list([{ items: [1], failures: [] }, { items: [2, 3], failures: [] }])[Symbol.asyncIterator]();
    const results = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(results).toEqual([
      { done: false, value: 1 },
      { done: false, value: 2 },
      { done: false, value: 3 },
      { done: true, value: undefined },
    ]);
  });

  it('throws the failures after every item, or hands them to onError', async () => {
    const pages = [{ items: [1], failures: [failure] }, { items: [2], failures: [] }];
    const seen: number[] = [];
    const error = await (async () => {
      for await (const n of list(pages)) seen.push(n);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1, 2]);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).failures).toEqual([failure]);
    const handed: ListingFailure[] = [];
    expect(await list(pages, [], (f) => handed.push(f)).toArray()).toEqual([1, 2]);
    expect(handed).toEqual([failure]);
  });

  it('closes the walk when the consumer breaks or stops at a limit', async () => {
    const log: string[] = [];
    const pages = [{ items: [1, 2], failures: [] }, { items: [3], failures: [] }];
    expect(await list(pages, log).toArray({ limit: 1 })).toEqual([1]);
    expect(log).toEqual(['page 0', 'closed']);
    log.length = 0;
    for await (const n of list(pages, log)) if (n === 2) break;
    expect(log).toEqual(['page 0', 'closed']);
  });

  it('rejects a bad limit with a ConfigurationError naming it', async () => {
    for (const limit of [-1, Number.NaN, '10', 1.5]) {
      const error = await list([]).toArray({ limit } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ field: 'limit', message: expect.stringMatching(/toArray: limit must be a non-negative whole number, got/) });
    }
    await expect(list([]).toArray({ limt: 3 } as never)).rejects.toThrow(/unknown option "limt"; the only option is limit/);
  });
});
