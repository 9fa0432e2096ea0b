import { createHmac, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, ProviderApiError, ResponseValidationError, ThrottlingError, TransportError, type CloudBackupsError } from '../src/errors.js';
import { TokenBucket } from '../src/http/rate-limit.js';
import { parseRetryAfter, RetryBudget } from '../src/http/retry.js';
import { Transport, type HttpResponse, type RetryEvent, type SendOptions } from '../src/http/transport.js';
import { startRawServer, type RawServer } from './helpers/raw-server.js';

const SECRET = 'transport-test-secret';

/** A toy signer: a fresh nonce per attempt and an HMAC over it, as real signers do. */
function signer(server: RawServer, path = '/api') {
  return () => {
    const nonce = randomUUID();
    const signature = createHmac('sha1', SECRET).update(nonce).digest('base64');
    return { method: 'GET' as const, url: `${server.url}${path}?Nonce=${nonce}&Signature=${encodeURIComponent(signature)}` };
  };
}

function interpret(res: HttpResponse): CloudBackupsError | undefined {
  const common = { provider: 'aliyun-rds' as const, httpStatus: res.status, url: res.url, operation: 'Test' };
  if (res.status === 429) return new ThrottlingError('throttled', { ...common, retryAfterMs: parseRetryAfter(res.headers) });
  if (res.status === 401) return new AuthenticationError('bad signature', common);
  if (res.status >= 500) return new ProviderApiError('server error', { ...common, retryable: true });
  return undefined;
}

describe('Transport', () => {
  let server: RawServer;
  beforeAll(async () => {
    server = await startRawServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.requests.length = 0;
    vi.useRealTimers();
  });

  const send = (transport: Transport, extra: Partial<SendOptions> = {}, onRetry?: (e: RetryEvent) => void) =>
    transport.send({ operation: 'Test', sign: signer(server), interpret, ...extra }, undefined, onRetry);

  it('retries a 429 and succeeds on the second attempt, re-signed with a fresh nonce', async () => {
    let n = 0;
    server.handle(() => (n++ === 0 ? { status: 429, body: { Code: 'Throttling.User' } } : { status: 200, body: { ok: true } }));
    const transport = new Transport({ provider: 'aliyun-rds', retry: { baseDelayMs: 1 } });
    const retries: number[] = [];
    const res = await send(transport, {}, (e) => retries.push(e.attempt));
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(retries).toEqual([1]);
    const [a, b] = server.requests;
    expect(a!.query.Nonce).not.toBe(b!.query.Nonce);
    expect(a!.query.Signature).not.toBe(b!.query.Signature);
    transport.close();
  });

  it('does not retry a 401', async () => {
    server.handle(() => ({ status: 401, body: { Code: 'SignatureDoesNotMatch' } }));
    const transport = new Transport({ provider: 'aliyun-rds', retry: { baseDelayMs: 1 } });
    await expect(send(transport)).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
    transport.close();
  });

  it('classifies an error status by its code even when the body is not JSON', async () => {
    server.handle(() => ({ status: 401, headers: { 'content-type': 'text/html' }, body: '<html>Unauthorized' }));
    const transport = new Transport({ provider: 'aliyun-rds', retry: { baseDelayMs: 1 } });
    await expect(send(transport)).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
    server.handle(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway' }));
    server.requests.length = 0;
    await expect(send(transport)).rejects.toMatchObject({ httpStatus: 502, retryable: true });
    expect(server.requests).toHaveLength(4);
    transport.close();
  });

  it('honours Retry-After before the next attempt', async () => {
    let n = 0;
    server.handle(() => (n++ === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: {} } : { status: 200, body: { ok: 1 } }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const transport = new Transport({ provider: 'aliyun-rds', random: () => 0, retry: { baseDelayMs: 100 } });
    let delay = -1;
    let pending!: Promise<HttpResponse>;
    await new Promise<void>((retried) => {
      pending = send(transport, {}, (e) => {
        delay = e.delayMs;
        retried();
      });
    });
    expect(delay).toBe(2000);
    await vi.advanceTimersByTimeAsync(1990);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    vi.useRealTimers();
    expect((await pending).body).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
    transport.close();
  });

  it('uses x-acs-retry-after (milliseconds) as the wait hint', () => {
    expect(parseRetryAfter({ 'x-acs-retry-after': '1500' })).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': '3' })).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
  });

  it('retries a timeout and then reports it with the URL minus its signature', async () => {
    server.handle(() => ({ status: 200, body: {}, delayMs: 300 }));
    const transport = new Transport({ provider: 'huawei-rds', timeoutMs: 40, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const error = await send(transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    const te = error as TransportError;
    expect(te.kind).toBe('timeout');
    expect(server.requests).toHaveLength(2);
    const sent = server.requests[1]!.query.Signature!;
    expect(te.message).toContain(`${server.url}/api?Nonce=`);
    expect(te.message).toContain('Signature=[REDACTED]');
    for (const text of [te.message, JSON.stringify(te), inspect(te), String(te.url)]) {
      expect(text).not.toContain(sent);
      expect(text).not.toContain(encodeURIComponent(sent));
    }
    transport.close();
  });

  it('the timeout is a deadline for the whole answer: a body trickled slower than that times out', async () => {
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: `{"pad":"${'x'.repeat(40)}"}`, trickleMs: 20 }));
    const transport = new Transport({ provider: 'aliyun-rds', timeoutMs: 150, retry: false });
    const error = await send(transport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('timeout');
    transport.close();
  });

  it('retries a connection reset', async () => {
    let n = 0;
    server.handle(() => (n++ === 0 ? { reset: true } : { status: 200, body: { fine: true } }));
    const transport = new Transport({ provider: 'capitalonline-mysql', retry: { baseDelayMs: 1 } });
    expect((await send(transport)).body).toEqual({ fine: true });
    expect(server.requests).toHaveLength(2);
    transport.close();
  });

  it('retries a truncated body, then reports a validation error with an excerpt', async () => {
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"Items": {"Backup": [{"BackupId": "1"' }));
    const transport = new Transport({ provider: 'aliyun-rds', retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const error = (await send(transport).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.bodyExcerpt).toContain('"BackupId": "1"');
    expect(server.requests).toHaveLength(3);
    transport.close();
  });

  it('parses XML bodies by content type', async () => {
    server.handle(() => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: '<?xml version="1.0"?><R><TotalCount>2</TotalCount><Items><Backup><BackupId>7</BackupId></Backup></Items></R>' }));
    const transport = new Transport({ provider: 'aliyun-kvstore' });
    expect((await send(transport)).body).toEqual({ R: { TotalCount: '2', Items: { Backup: { BackupId: '7' } } } });
    transport.close();
  });

  it('stops retrying when the retry budget is spent', async () => {
    server.handle(() => ({ status: 503, body: {} }));
    const transport = new Transport({ provider: 'huawei-rds', retry: { maxAttempts: 10, baseDelayMs: 1, budget: 12 } });
    await expect(send(transport)).rejects.toBeInstanceOf(ProviderApiError);
    // 12 tokens pay for two retries at 5 each: three attempts in all.
    expect(server.requests).toHaveLength(3);
    transport.close();
  });

  it('aborts a request in flight when the signal aborts', async () => {
    const controller = new AbortController();
    // Aborted once the server holds the request, and long before it would answer.
    server.handle(() => (controller.abort(), { status: 200, body: {}, delayMs: 5_000 }));
    const transport = new Transport({ provider: 'aliyun-rds' });
    await expect(send(transport, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(1);
    transport.close();
  });

  it('rejects invalid retry and rate-limit options with the field named', () => {
    expect(() => new Transport({ provider: 'aliyun-rds', retry: { maxAttempts: 0 } })).toThrow(/retry.maxAttempts must be/);
    expect(() => new Transport({ provider: 'aliyun-rds', rateLimit: { requestsPerSecond: -1 } })).toThrow(/rateLimit: requestsPerSecond/);
    expect(() => new Transport({ provider: 'aliyun-rds', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then spaces requests at the configured rate', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let now = 0;
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 2 }, () => now);
    const granted: number[] = [];
    const takes = Array.from({ length: 4 }, () => bucket.take().then(() => granted.push(now)));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 0]);
    now = 100;
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toEqual([0, 0, 100]);
    now = 200;
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(takes);
    expect(granted).toEqual([0, 0, 100, 200]);
    vi.useRealTimers();
  });
});

describe('RetryBudget', () => {
  it('spends and refunds tokens up to its capacity', () => {
    const budget = new RetryBudget(10);
    expect(budget.tryAcquire(5)).toBe(true);
    expect(budget.tryAcquire(10)).toBe(false);
    budget.refund(100);
    expect(budget.available).toBe(10);
  });
});
