import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ConfigurationError, TransportError } from '../../src/errors.js';
import { Deadline } from '../../src/http/deadline.js';
import { backoffDelay, DEFAULT_RETRY } from '../../src/http/retry.js';
import { MAX_TIMER_MS } from '../../src/http/timers.js';
import { Transport } from '../../src/http/transport.js';
import { startRawServer, trickle, type RawServer } from './helpers/raw-server.js';

const BODY = JSON.stringify({ Items: { Backup: [] }, Padding: 'x'.repeat(200) });

describe('deadlines', () => {
  let server: RawServer | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    transport?.close();
    await server?.close();
    server = transport = undefined;
  });

  it('bounds the whole request: a body trickled one byte every 20 ms cannot hold it past timeoutMs', async () => {
    server = await startRawServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/warm') res.end('{}');
      else trickle(res, BODY, 20); // about 5 s in all, each gap far below the deadline
    });
    transport = new Transport({ provider: 'aliyun-rds', timeoutMs: 250, retry: false });
    const url = server.url;
    await transport.send({ operation: 'Warm', sign: () => ({ method: 'GET', url: `${url}/warm` }) }); // loads axios
    const started = performance.now();
    const error = await transport.send({ operation: 'Test', sign: () => ({ method: 'GET', url: `${url}/` }) }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as TransportError).message).toMatch(/within 250 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(2_500); // far below the 5 s the trickle takes, with room for a loaded machine
  });

  it('reports a server that never answers as a timeout, and retries it when allowed', async () => {
    server = await startRawServer(() => undefined);
    transport = new Transport({ provider: 'huawei-rds', timeoutMs: 60, retry: { maxAttempts: 2, baseDelayMs: 0 } });
    const url = server.url;
    let attempts = 0;
    await expect(transport.send({ operation: 'Test', sign: () => (attempts++, { method: 'GET', url: `${url}/` }) })).rejects.toMatchObject({
      name: 'TransportError',
      kind: 'timeout',
    });
    // Counted at signing: whether the server saw a request before its deadline passed depends on the machine's load.
    expect(attempts).toBe(2);
  });

  it("keeps a caller's abort an abort, also while the body is arriving", async () => {
    let bodyStarted!: () => void;
    const started = new Promise<void>((resolve) => (bodyStarted = resolve));
    server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      bodyStarted();
      trickle(res, BODY, 20);
    });
    transport = new Transport({ provider: 'aliyun-rds', timeoutMs: 5_000 });
    const controller = new AbortController();
    const url = server.url;
    const pending = transport.send({ operation: 'Test', sign: () => ({ method: 'GET', url: `${url}/` }) }, controller.signal);
    await started;
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.hits).toHaveLength(1);
  });
});

describe('abort wiring', () => {
  it('watches a walk signal once, not once per request', async () => {
    const server = await startRawServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    const transport = new Transport({ provider: 'aliyun-rds' });
    const walk = new AbortController();
    const added = vi.spyOn(walk.signal, 'addEventListener');
    const removed = vi.spyOn(walk.signal, 'removeEventListener');
    for (let i = 0; i < 20; i++) await transport.send({ operation: 'Test', sign: () => ({ method: 'GET', url: `${server.url}/` }) }, walk.signal);
    expect(added.mock.calls.length).toBeLessThanOrEqual(1);
    expect(removed).not.toHaveBeenCalled();
    // ...and still ends every attempt in flight when it aborts.
    const pending = transport.send({ operation: 'Test', sign: () => ({ method: 'GET', url: `${server.url}/` }) }, walk.signal);
    walk.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    transport.close();
    await server.close();
  });
});

describe('durations a timer can hold', () => {
  it('refuses durations and rates beyond 2^31 - 1 ms, naming the range', () => {
    const make = (extra: Partial<ConstructorParameters<typeof Transport>[0]>) => () => new Transport({ provider: 'aliyun-rds', ...extra });
    expect(make({ timeoutMs: 1e10 })).toThrow(ConfigurationError);
    expect(make({ timeoutMs: 1e10 })).toThrow(/timeoutMs must be more than 0 and at most 2147483647 ms/);
    expect(make({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(make({ retry: { maxDelayMs: 1e10 } })).toThrow(/retry.maxDelayMs must be at least 0 and at most 2147483647 ms/);
    expect(make({ retry: { baseDelayMs: Infinity } })).toThrow(/retry.baseDelayMs/);
    expect(make({ rateLimit: { requestsPerSecond: 1e-9 } })).toThrow(/requestsPerSecond must be a number between 0.001 and 100000/);
    expect(make({ timeoutMs: MAX_TIMER_MS, retry: { maxDelayMs: MAX_TIMER_MS } })().close()).toBeUndefined();
  });

  it('refuses a per-request timeoutMs beyond what a timer holds, without sending', async () => {
    const transport = new Transport({ provider: 'aliyun-rds' });
    let signed = 0;
    const sending = transport.send({ operation: 'Test', timeoutMs: 2 ** 31, sign: () => (signed++, { method: 'GET', url: 'http://127.0.0.1:9/' }) });
    await expect(sending).rejects.toThrow(/timeoutMs must be more than 0 and at most 2147483647 ms/);
    expect(signed).toBe(0);
    transport.close();
  });

  it('caps a Retry-After hint at maxDelayMs, whatever the server asks', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0, 1e12)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(backoffDelay(1, { ...DEFAULT_RETRY, maxDelayMs: MAX_TIMER_MS }, () => 0, 1e15)).toBe(MAX_TIMER_MS);
  });

  it('a Deadline aborts at its time, not the caller, and tells which', async () => {
    const caller = new AbortController();
    const deadline = new Deadline(10, caller.signal);
    await new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve()));
    expect(deadline.expired).toBe(true);
    deadline.dispose();

    const second = new Deadline(60_000, caller.signal);
    caller.abort(new Error('stop'));
    expect(second.signal.aborted).toBe(true);
    expect(second.expired).toBe(false);
    expect((second.signal.reason as Error).message).toBe('stop');
    second.dispose();
  });
});
