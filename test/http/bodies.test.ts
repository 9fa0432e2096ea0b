import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderApiError, ResponseValidationError, type CloudBackupsError } from '../../src/errors.js';
import { BodyBudget } from '../../src/http/body-budget.js';
import { Transport, type HttpResponse, type TransportOptions } from '../../src/http/transport.js';
import { startRawServer, type RawServer } from './helpers/raw-server.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A JSON body of about `bytes` bytes. */
function jsonOf(bytes: number): string {
  return JSON.stringify({ Items: { Backup: [] }, Padding: 'x'.repeat(Math.max(0, bytes - 40)) });
}

function interpret(res: HttpResponse): CloudBackupsError | undefined {
  return res.status >= 500 ? new ProviderApiError('server error', { provider: 'aliyun-rds', httpStatus: res.status, retryable: true }) : undefined;
}

describe('response bodies', () => {
  let server: RawServer;
  const transports: Transport[] = [];
  beforeAll(async () => {
    server = await startRawServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const size = Number(url.searchParams.get('size') ?? '100');
      switch (url.pathname) {
        case '/declared-huge':
          // Announces 64 MiB + 1 and sends almost nothing: must be refused without waiting for the rest.
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MiB + 1) });
          res.write('{"Items":');
          return;
        case '/chunked':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(jsonOf(size));
          return;
        case '/gzip':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipSync(jsonOf(size)));
          return;
        case '/bom':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('\ufeff{"ok":true}');
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  afterAll(async () => {
    for (const t of transports) t.close();
    await server.close();
  });

  const make = (options: Partial<TransportOptions> = {}) => {
    const transport = new Transport({ provider: 'aliyun-rds', retry: { baseDelayMs: 0 }, ...options });
    transports.push(transport);
    return transport;
  };
  const get = (transport: Transport, path: string) => transport.send({ operation: 'Test', sign: () => ({ method: 'GET', url: `${server.url}${path}` }), interpret });

  it('refuses a body announced over 64 MiB at once, naming the limit, without retrying', async () => {
    const before = server.hits.length;
    const error = await get(make(), '/declared-huge').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/exceeds the 64 MiB limit per response/);
    expect((error as Error).message).toMatch(/Content-Length 67108865 bytes/);
    expect(server.hits.length - before).toBe(1);
  });

  it('stops reading a streamed body at the limit, names it, and does not retry', async () => {
    const before = server.hits.length;
    const error = await get(make({ maxBodyBytes: 256 * KiB }), `/chunked?size=${1 * MiB}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/exceeds the 256 KiB limit per response; not read further and not retried/);
    expect(server.hits.length - before).toBe(1);
  });

  it('decompresses gzip, and applies the limit to the decompressed bytes', async () => {
    const ok = await get(make(), `/gzip?size=${100 * KiB}`);
    expect((ok.body as { Padding: string }).Padding).toHaveLength(100 * KiB - 40);
    // 1 MiB of JSON compresses to a few KiB: the limit still sees 1 MiB.
    await expect(get(make({ maxBodyBytes: 256 * KiB }), `/gzip?size=${1 * MiB}`)).rejects.toThrow(/256 KiB limit/);
  });

  it('drops a UTF-8 byte order mark before parsing', async () => {
    expect((await get(make(), '/bom')).body).toEqual({ ok: true });
  });

  it('holds body bytes on the shared budget until parsed, and makes a reader wait while the budget is used up', async () => {
    let waited!: () => void;
    const waitedOnce = new Promise<void>((resolve) => (waited = resolve));
    const budget = new BodyBudget(64 * KiB, { onWait: () => waited() });
    const transport = make({ bodyBudget: budget });
    // Someone older holds the whole budget: our reader must wait for it.
    const hog = budget.lease();
    hog.grow(64 * KiB);
    let settled = false;
    const pending = get(transport, `/chunked?size=${32 * KiB}`).finally(() => (settled = true));
    await waitedOnce;
    expect(settled).toBe(false);
    hog.release();
    const res = await pending;
    expect(res.status).toBe(200);
    // Released once parsed: nothing held between requests.
    expect(budget.usedBytes).toBe(0);
  });

  it('bounds bytes held across concurrent readers to the budget plus one body, and never deadlocks', async () => {
    const budget = new BodyBudget(256 * KiB);
    const transport = make({ bodyBudget: budget, maxBodyBytes: 1 * MiB });
    const bodies = await Promise.all(Array.from({ length: 12 }, () => get(transport, `/chunked?size=${200 * KiB}`)));
    expect(bodies.every((b) => b.status === 200)).toBe(true);
    expect(budget.peakBytes).toBeLessThanOrEqual(256 * KiB + 200 * KiB + 1 * KiB);
    expect(budget.usedBytes).toBe(0);
  });

  it('lets one body larger than the whole budget through', async () => {
    const budget = new BodyBudget(16 * KiB);
    const res = await get(make({ bodyBudget: budget }), `/chunked?size=${200 * KiB}`);
    expect(res.status).toBe(200);
    expect(budget.usedBytes).toBe(0);
  });
});
