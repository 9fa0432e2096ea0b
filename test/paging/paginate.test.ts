import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaginationError } from '../../src/errors.js';
import { paginate, type FetchedPage, type PageCall, type PagingStrategy } from '../../src/paging/paginate.js';

interface Item {
  id: string;
}

/** A fake page-number or offset API over a mutable list, with a request log. */
function fakeApi(initial: number, opts: { strategy: PagingStrategy; insertPerCall?: number; reportTotal?: boolean; delay?: (r: PageCall) => number }) {
  let next = initial;
  const data: Item[] = Array.from({ length: initial }, (_, i) => ({ id: `b${initial - 1 - i}` })); // newest first
  const log: { index: number; aborted: () => boolean; started: number; finished?: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let clock = 0;
  const fetchPage = async (req: PageCall): Promise<FetchedPage<Item>> => {
    const entry: (typeof log)[number] = { index: req.index, aborted: () => req.signal.aborted, started: clock++ };
    log.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const wait = opts.delay?.(req) ?? 0;
      await new Promise((r) => setTimeout(r, wait));
      if (req.signal.aborted) throw new Error('aborted');
      const size = opts.strategy.kind === 'single' ? data.length : req.pageSize;
      const start = opts.strategy.kind === 'single' ? 0 : req.offset;
      const items = data.slice(start, start + size);
      const total = data.length;
      for (let i = 0; i < (opts.insertPerCall ?? 0); i++) data.unshift({ id: `b${next++}` });
      entry.finished = clock++;
      return opts.reportTotal === false ? { items } : { items, total };
    } finally {
      inFlight--;
    }
  };
  return { fetchPage, log, data, maxInFlight: () => maxInFlight };
}

function strategyOf(kind: 'page-number' | 'offset', pageSize: number): PagingStrategy {
  return kind === 'page-number' ? { kind, pageSizes: [pageSize] } : { kind, pageSize };
}

async function collect<T>(gen: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of gen) out.push(...page.items);
  return out;
}

describe('paginate', () => {
  it('yields every item exactly once and in order, for many totals, page sizes and concurrencies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 450 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<'page-number' | 'offset'>('page-number', 'offset'),
        fc.boolean(),
        async (total, pageSize, pageConcurrency, kind, reportTotal) => {
          const api = fakeApi(total, { strategy: strategyOf(kind, pageSize), reportTotal, delay: (r) => (r.index * 7) % 3 });
          const items = await collect(paginate({ strategy: strategyOf(kind, pageSize), fetchPage: api.fetchPage, idOf: (i) => i.id, pageConcurrency }));
          expect(items.map((i) => i.id)).toEqual(api.data.map((i) => i.id));
          expect(api.maxInFlight()).toBeLessThanOrEqual(pageConcurrency);
          // Never asks for a page past the end when the total is known, except the one proving a full last page.
          const pagesNeeded = Math.max(1, Math.ceil(total / pageSize));
          expect(api.log.length).toBeLessThanOrEqual(reportTotal ? pagesNeeded : pagesNeeded + 1);
        },
      ),
      { seed: 20261122, numRuns: 120 },
    );
  });

  it('fetches pages concurrently once the total is known, up to the bound', async () => {
    const api = fakeApi(1000, { strategy: { kind: 'page-number', pageSizes: [100] }, delay: () => 5 });
    const items = await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i) => i.id, pageConcurrency: 4 }));
    expect(items).toHaveLength(1000);
    expect(api.maxInFlight()).toBe(4);
    expect(api.log.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Page 1 is alone: nothing else starts before it finished.
    expect(api.log[1]!.started).toBeGreaterThan(api.log[0]!.finished!);
  });

  it('has no duplicates when backups are inserted at the head between page calls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 5, max: 50 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), async (total, pageSize, conc, inserts) => {
        const api = fakeApi(total, { strategy: { kind: 'page-number', pageSizes: [pageSize] }, insertPerCall: Math.min(inserts, pageSize - 1) });
        const original = new Set(api.data.map((i) => i.id));
        const items = await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [pageSize] }, fetchPage: api.fetchPage, idOf: (i) => i.id, pageConcurrency: conc }));
        const ids = items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        // Every backup that existed before the walk started is still listed (shifts push items later, never earlier).
        for (const id of original) expect(ids).toContain(id);
      }),
      { seed: 7, numRuns: 80 },
    );
  });

  it('loses nothing when backups are added while prefetched pages are served out of order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 150, max: 600 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 }), async (total, conc, inserts, salt) => {
        // Later pages answer faster than earlier ones, and every answer adds backups at the head.
        const api = fakeApi(total, { strategy: { kind: 'offset', pageSize: 50 }, insertPerCall: inserts, delay: (r) => ((r.index * 7 + salt) % 5) * 2 });
        const original = api.data.map((i) => i.id);
        const ids = (await collect(paginate({ strategy: { kind: 'offset', pageSize: 50 }, fetchPage: api.fetchPage, idOf: (i) => i.id, pageConcurrency: conc }))).map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining(original));
      }),
      { seed: 99, numRuns: 60 },
    );
  });

  it('fails clearly when the server returns the same page forever', async () => {
    const same = Array.from({ length: 10 }, (_, i) => ({ id: `x${i}` }));
    let calls = 0;
    const walk = paginate({
      strategy: { kind: 'page-number', pageSizes: [10] },
      fetchPage: async () => {
        calls++;
        return { items: same, total: 1_000_000 };
      },
      idOf: (i: Item) => i.id,
      label: 'aliyun-rds instance rm-1',
    });
    await expect(collect(walk)).rejects.toThrow(PaginationError);
    await expect(collect(paginate({ strategy: { kind: 'page-number', pageSizes: [10] }, fetchPage: async () => ({ items: same }), idOf: (i: Item) => i.id, label: 'x' }))).rejects.toThrow(/page 2 repeats page 1/);
    expect(calls).toBeLessThan(10);
  });

  it('stops at the page cap with an error instead of walking forever', async () => {
    let n = 0;
    const walk = paginate({
      strategy: { kind: 'offset', pageSize: 2 },
      fetchPage: async () => ({ items: [{ id: `a${n++}` }, { id: `a${n++}` }] }),
      idOf: (i: Item) => i.id,
      maxPages: 5,
      label: 'huawei-rds instance i1',
    });
    await expect(collect(walk)).rejects.toThrow(/stopped after 5 pages/);
  });

  it('stops on an empty page and when seen reaches the total, never on a short page alone', async () => {
    const calls: number[] = [];
    const make = (pages: Item[][], total?: number) =>
      paginate({
        strategy: { kind: 'page-number', pageSizes: [2] },
        fetchPage: async (r) => {
          calls.push(r.index);
          return { items: pages[r.index] ?? [], ...(total !== undefined ? { total } : {}) };
        },
        idOf: (i: Item) => i.id,
        pageConcurrency: 1,
      });
    // Without a total a short page proves nothing (services cap page sizes silently): only an empty page ends the walk.
    calls.length = 0;
    expect((await collect(make([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }], [{ id: 'z' }, { id: 'y' }]]))).map((i) => i.id)).toEqual(['a', 'b', 'c', 'z', 'y']);
    expect(calls).toEqual([0, 1, 2, 3]);
    calls.length = 0;
    expect(await collect(make([[{ id: 'a' }, { id: 'b' }], []]))).toHaveLength(2);
    expect(calls).toEqual([0, 1]);
    calls.length = 0;
    expect(await collect(make([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }, { id: 'd' }], [{ id: 'e' }, { id: 'f' }]], 4))).toHaveLength(4);
    expect(calls).toEqual([0, 1]);
  });

  it('counts records that failed to map toward the total', async () => {
    const calls: number[] = [];
    const items = await collect(
      paginate({
        strategy: { kind: 'page-number', pageSizes: [3] },
        fetchPage: async (r) => {
          calls.push(r.index);
          // Page 1 served 3 records but one could not be mapped: 3 of the 4 rows are accounted for.
          return r.index === 0 ? { items: [{ id: 'a' }, { id: 'b' }], received: 3, total: 4 } : { items: [{ id: 'c' }], total: 4 };
        },
        idOf: (i: Item) => i.id,
      }),
    );
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([0, 1]);
  });

  it('aborts the requests in flight when the consumer breaks out', async () => {
    const api = fakeApi(1000, { strategy: { kind: 'page-number', pageSizes: [100] }, delay: (r) => (r.index === 0 ? 0 : 30) });
    let seen = 0;
    for await (const page of paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i) => i.id, pageConcurrency: 4 })) {
      seen += page.items.length;
      if (seen >= 100) break;
    }
    expect(seen).toBe(100);
    const prefetched = api.log.filter((e) => e.index > 0);
    expect(prefetched.length).toBe(4); // pages 2..5 were prefetched while page 1 was consumed
    expect(prefetched.every((e) => e.aborted())).toBe(true);
    // Nothing is started after the break.
    await new Promise((r) => setTimeout(r, 50));
    expect(api.log.length).toBe(5);
  });

  it('rejects with the abort reason when the caller aborts its signal', async () => {
    const controller = new AbortController();
    const api = fakeApi(500, { strategy: { kind: 'page-number', pageSizes: [100] }, delay: () => 20 });
    const walk = collect(paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i) => i.id, signal: controller.signal }));
    setTimeout(() => controller.abort(), 30);
    await expect(walk).rejects.toThrow();
    expect(api.log.some((e) => e.aborted())).toBe(true);
  });

  it("aborts the first page's request when the caller aborts while it is in flight", async () => {
    const controller = new AbortController();
    const api = fakeApi(50, { strategy: { kind: 'page-number', pageSizes: [100] }, delay: () => 200 });
    const walk = collect(paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i) => i.id, signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(walk).rejects.toThrow();
    expect(api.log).toHaveLength(1);
    expect(api.log[0]!.aborted()).toBe(true);
  });

  it("adds no listener to the caller's signal for a walk of one page, and removes the one a longer walk adds", async () => {
    const controller = new AbortController();
    const listeners = () => getEventListeners(controller.signal, 'abort').length;
    let during = -1;
    const fetchOne = async (r: PageCall): Promise<FetchedPage<Item>> => {
      during = Math.max(during, listeners());
      return { items: r.pageNumber === 1 ? [{ id: 'a' }] : [], total: 1 };
    };
    await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: fetchOne, idOf: (i) => i.id, signal: controller.signal }));
    expect(during).toBe(0);
    const api = fakeApi(300, { strategy: { kind: 'page-number', pageSizes: [100] } });
    await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i) => i.id, signal: controller.signal }));
    expect(api.log).toHaveLength(3);
    expect(listeners()).toBe(0);
  });

  it('fetches a single-page API exactly once', async () => {
    const api = fakeApi(250, { strategy: { kind: 'single' } });
    const items = await collect(paginate({ strategy: { kind: 'single' }, fetchPage: api.fetchPage, idOf: (i) => i.id }));
    expect(items).toHaveLength(250);
    expect(api.log).toHaveLength(1);
  });

  it('rejects invalid settings', async () => {
    const walk = paginate({ strategy: { kind: 'offset', pageSize: 10 }, fetchPage: async () => ({ items: [] as Item[] }), idOf: (i) => i.id, pageConcurrency: 0 });
    await expect(collect(walk)).rejects.toThrow(/pageConcurrency must be an integer >= 1/);
  });

  describe('the total is the truth (issues 13 and 14)', () => {
    /** A list served newest first by a service that caps pages at `cap` rows and counts its pages in `cap`s. */
    function cappedApi(total: number, cap: number, opts: { reportTotal?: (page: number) => number | undefined; emptyFrom?: number } = {}) {
      const data = Array.from({ length: total }, (_, i) => ({ id: `r${i}` }));
      const asked: string[] = [];
      const fetchPage = async (r: PageCall): Promise<FetchedPage<Item>> => {
        asked.push(`${r.pageSize}/${r.pageNumber}`);
        const served = Math.min(cap, r.pageSize);
        const start = (r.pageNumber - 1) * served;
        const items = opts.emptyFrom !== undefined && r.pageNumber >= opts.emptyFrom ? [] : data.slice(start, start + served);
        const reported = opts.reportTotal ? opts.reportTotal(r.pageNumber) : total;
        return reported === undefined ? { items } : { items, total: reported };
      };
      return { data, asked, fetchPage };
    }

    it('shrinks to what the service serves when a short page leaves rows the total promised, and lists them all', async () => {
      const api = cappedApi(230, 50);
      const items = await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [30, 50, 100] }, fetchPage: api.fetchPage, idOf: (i: Item) => i.id, pageConcurrency: 3 }));
      expect(items.map((i) => i.id)).toEqual(api.data.map((i) => i.id));
      expect(api.asked[0]).toBe('100/1');
      expect(api.asked.slice(1).every((a) => a.startsWith('50/'))).toBe(true);
    });

    it('lists everything from a service serving fewer rows than any accepted size, though the first page after a re-plan repeats rows', async () => {
      const api = cappedApi(95, 10);
      const items = await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [30, 50, 100] }, fetchPage: api.fetchPage, idOf: (i: Item) => i.id }));
      expect(items.map((i) => i.id)).toEqual(api.data.map((i) => i.id));
    });

    it('reports rows the total promised that could not be reached, with the counts, after yielding what it listed', async () => {
      const api = cappedApi(500, 100, { emptyFrom: 3 });
      const seen: string[] = [];
      const error = await (async () => {
        for await (const page of paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i: Item) => i.id, label: 'x', instanceId: 'rm-1' })) {
          seen.push(...page.items.map((i) => i.id));
        }
      })().catch((e: unknown) => e);
      expect(seen).toHaveLength(200);
      expect(error).toBeInstanceOf(PaginationError);
      expect(error).toMatchObject({ instanceId: 'rm-1', listed: 200, expected: 500 });
      expect((error as Error).message).toBe('x: listed 200 of the 500 rows the API reported; the rest could not be reached (the service served fewer rows per page than asked, or rows moved during the walk). Listing it again may help.');
    });

    it.each([[-1], [0]])('pages to an empty page under a total of %i next to full pages, then reports the contradiction', async (lie) => {
      const api = cappedApi(250, 100, { reportTotal: () => lie });
      const seen: string[] = [];
      const error = await (async () => {
        for await (const page of paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i: Item) => i.id })) seen.push(...page.items.map((i) => i.id));
      })().catch((e: unknown) => e);
      expect(seen).toEqual(api.data.map((i) => i.id));
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toContain(`the API reported a total of ${lie} on a page with 100 rows`);
    });

    it('an empty first page under a positive total is a shortfall, not an empty listing', async () => {
      const api = cappedApi(500, 100, { emptyFrom: 1 });
      await expect(collect(paginate({ strategy: { kind: 'page-number', pageSizes: [100] }, fetchPage: api.fetchPage, idOf: (i: Item) => i.id }))).rejects.toMatchObject({ listed: 0, expected: 500 });
    });

    it('takes a page that repeats its predecessor because exactly one page of backups appeared for drift, not for an API ignoring paging', async () => {
      let next = 1000;
      const data = Array.from({ length: 120 }, (_, i) => ({ id: `o${i}` }));
      const original = data.map((i) => i.id);
      let calls = 0;
      const fetchPage = async (r: PageCall): Promise<FetchedPage<Item>> => {
        const items = data.slice(r.offset, r.offset + r.pageSize);
        const total = data.length;
        // After the first page, exactly one page (10) of new backups lands at the head, once.
        if (++calls === 1) for (let i = 0; i < 10; i++) data.unshift({ id: `n${next++}` });
        return { items, total };
      };
      const items = await collect(paginate({ strategy: { kind: 'page-number', pageSizes: [10] }, fetchPage, idOf: (i: Item) => i.id, pageConcurrency: 1 }));
      const ids = items.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(original));
    });
  });
});
