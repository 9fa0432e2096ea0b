import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/errors.js';
import type { Backup } from '../../src/model.js';
import { defineProvider, type TimeWindow } from '../../src/listing/provider.js';
import { createSource } from '../../src/listing/source.js';
import { DEFAULT_WINDOW_START } from '../../src/listing/windows.js';
import { startRawServer, type RawServer } from '../helpers/raw-server.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 0, 1);
// One backup a day for 8 years.
const backups = Array.from({ length: 8 * 365 }, (_, i) => ({ id: `b${i}`, at: NOW - (i + 1) * DAY }));

/**
 * A server that, like Aliyun, times out when asked for too long a range: windows longer than a year sleep
 * past the client's timeout. Both ends are inclusive, so a record on a shared edge is served twice.
 */
function handler() {
  return (req: { query: Record<string, string> }) => {
    const since = req.query.since ? Number(req.query.since) : DEFAULT_WINDOW_START.getTime();
    const until = req.query.until ? Number(req.query.until) : NOW;
    if (until - since > 366 * DAY) return { status: 200, body: { items: [] }, delayMs: 400 };
    const items = backups.filter((b) => b.at >= since && b.at <= until);
    return { status: 200, body: { items, total: items.length } };
  };
}

function source(server: RawServer, timeWindow: 'optional' | 'required') {
  const windows: (TimeWindow | undefined)[] = [];
  const definition = defineProvider({
    provider: 'aliyun-rds',
    paging: { kind: 'single' },
    timeWindow,
    minWindowMs: 30 * DAY,
    fetchBackupsPage: async (ctx, args) => {
      windows.push(args.window);
      const w = args.window;
      const bounds = w ? `since=${(w.since ?? DEFAULT_WINDOW_START).getTime()}&until=${(w.until ?? new Date(NOW)).getTime()}` : '';
      const res = await ctx.send({
        operation: 'DescribeBackups',
        sign: () => ({ method: 'GET', url: `${ctx.baseUrl}/?${bounds}` }),
        signal: args.page.signal,
      });
      const body = res.body as { items: { id: string; at: number }[] };
      const items = body.items.map(
        (b) =>
          ({ provider: 'aliyun-rds', account: 'default', region: 'cn-hangzhou', id: b.id, instanceId: args.instance.instanceId, status: 'success', mode: 'automated', type: 'full', method: 'physical', scope: 'instance', startTime: new Date(b.at), raw: {} }) as unknown as Backup<'aliyun-rds'>,
      );
      return { items };
    },
    listInstances: async () => [],
  });
  const s = createSource({
    definition,
    options: { timeoutMs: 100, retry: { maxAttempts: 3, baseDelayMs: 1 } },
    regions: { kind: 'list', regions: ['cn-hangzhou'] },
    baseUrlFor: () => server.url,
    now: () => new Date(NOW),
    credentialsChain: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }),
  });
  return { s, windows };
}

describe('time windows split on timeout', () => {
  let server: RawServer;
  beforeAll(async () => {
    server = await startRawServer(handler());
  });
  afterAll(() => server.close());

  it('splits a required window that times out into halves, newest first, without repeating the long request', async () => {
    server.requests.length = 0;
    const { s, windows } = source(server, 'required');
    const listed = await s.listBackups({ instanceId: 'r-1', since: new Date(NOW - 4 * 365 * DAY), until: new Date(NOW + 1) }).toArray();
    const expected = backups.filter((b) => b.at >= NOW - 4 * 365 * DAY);
    expect(listed.map((b) => b.id).sort()).toEqual(expected.map((b) => b.id).sort());
    expect(new Set(listed.map((b) => b.id)).size).toBe(listed.length);
    // 4 years -> 2 years -> 1 year: 1 + 2 + 4 requests, and the timed-out ones were not retried.
    expect(server.requests).toHaveLength(7);
    // The windows that were served came newest first.
    const spanOf = (w: TimeWindow | undefined) => (w?.until ?? new Date(NOW)).getTime() - (w?.since ?? DEFAULT_WINDOW_START).getTime();
    const served = server.requests.map((r) => Number(r.query.since)).filter((_, i) => i > 0 && spanOf(windows[i]) <= 366 * DAY);
    expect(served).toHaveLength(4);
    expect(served).toEqual([...served].sort((a, b) => b - a));
    expect(spanOf(windows[0])).toBe(4 * 365 * DAY + 1);
    s.close();
  });

  it('switches an optional-window provider to explicit windows after a timeout', async () => {
    server.requests.length = 0;
    const { s, windows } = source(server, 'optional');
    const listed = await s.listBackups({ instanceId: 'rm-1', until: new Date(NOW + 1) }).toArray();
    // From 2010 to "now", halved until each window is under a year: everything is listed once.
    expect(listed.map((b) => b.id).sort()).toEqual(backups.map((b) => b.id).sort());
    expect(new Set(listed.map((b) => b.id)).size).toBe(listed.length);
    // The first request asks for the query's own bounds; the halves of a split carry explicit bounds.
    expect(windows[0]).toEqual({ until: new Date(NOW + 1) });
    expect(windows.slice(1).every((w) => w?.since !== undefined || w?.until !== undefined)).toBe(true);
    s.close();
  });

  it('reports the timeout once a window cannot be split further', async () => {
    const tiny = createSource({
      definition: defineProvider({
        provider: 'aliyun-kvstore',
        paging: { kind: 'single' },
        timeWindow: 'required',
        minWindowMs: 10 * 365 * DAY,
        fetchBackupsPage: async () => {
          throw new TransportError('timed out', { kind: 'timeout' });
        },
        listInstances: async () => [],
      }),
      options: {},
      regions: { kind: 'list', regions: ['cn-hangzhou'] },
      baseUrlFor: () => server.url,
      credentialsChain: async () => ({ accessKeyId: 'a', accessKeySecret: 'b' }),
    });
    await expect(tiny.listBackups({ instanceId: 'x' }).toArray()).rejects.toBeInstanceOf(TransportError);
    tiny.close();
  });
});
