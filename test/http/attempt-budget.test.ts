import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ProviderApiError, ThrottlingError, TransportError, type CloudBackupsError } from '../../src/errors.js';
import { createAttemptBudget, Transport, type AttemptBudget, type HttpResponse } from '../../src/http/transport.js';
import { startRawServer, type RawServer } from './helpers/raw-server.js';

/** A budget that records what is spent on it and runs out after `limitCalls` spends. */
function recordingBudget(limitCalls = Infinity): AttemptBudget & { spent: number[] } {
  const spent: number[] = [];
  return {
    spent,
    limitMs: 1234,
    spend: (ms) => void spent.push(ms),
    get exhausted() {
      return spent.length >= limitCalls;
    },
  };
}

function interpret(res: HttpResponse): CloudBackupsError | undefined {
  const common = { provider: 'aliyun-rds' as const, httpStatus: res.status, url: res.url };
  if (res.status === 429) return new ThrottlingError('throttled', { ...common, retryAfterMs: Number(res.headers['retry-after-ms']) });
  if (res.status >= 500) return new ProviderApiError('server error', { ...common, retryable: true });
  return undefined;
}

describe('attempt budget', () => {
  let server: RawServer;
  let script: number[] = [];
  beforeAll(async () => {
    server = await startRawServer((req, res) => {
      if (req.url === '/silent') return; // never answers
      const status = script.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '5000' });
      res.end(JSON.stringify({ status }));
    });
  });
  afterAll(() => server.close());

  const sign = (path = '/') => () => ({ method: 'GET' as const, url: `${server.url}${path}` });

  it('spends every failed attempt and every backoff wait, and nothing on success', async () => {
    script = [503, 503, 200];
    const transport = new Transport({ provider: 'aliyun-rds', retry: { baseDelayMs: 20 }, random: () => 0.5 });
    const budget = recordingBudget();
    const res = await transport.send({ operation: 'Test', sign: sign(), interpret, budget });
    expect(res.status).toBe(200);
    // attempt 1, wait 10, attempt 2, wait 20; the successful third attempt adds nothing.
    expect(budget.spent).toHaveLength(4);
    expect(budget.spent[0]).toBeGreaterThan(0);
    expect(budget.spent[1]).toBe(10);
    expect(budget.spent[2]).toBeGreaterThan(0);
    expect(budget.spent[3]).toBe(20);
    transport.close();
  });

  it('stops retrying once the budget is exhausted, keeping the error class and naming the limit', async () => {
    script = Array(10).fill(503);
    const transport = new Transport({ provider: 'aliyun-rds', retry: { maxAttempts: 10, baseDelayMs: 0 } });
    const budget = recordingBudget(3); // exhausted by the second failed attempt (attempt, wait, attempt)
    const error = await transport.send({ operation: 'Test', sign: sign(), interpret, budget }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect((error as Error).message).toMatch(/gave up retrying: the attempt budget of 1234 ms ran out/);
    expect((error as Error).stack).toMatch(/attempt budget of 1234 ms ran out/);
    expect(JSON.stringify(error)).toMatch(/attempt budget of 1234 ms/);
    expect(budget.spent).toHaveLength(3);
    expect(script).toHaveLength(8); // two requests answered
    transport.close();
  });

  it('gives up at once when a timeout alone exhausts a real budget', async () => {
    const transport = new Transport({ provider: 'huawei-rds', timeoutMs: 30, retry: { maxAttempts: 10, baseDelayMs: 0 } });
    const budget = createAttemptBudget(1);
    let attempts = 0;
    const error = await transport
      .send({ operation: 'Test', sign: () => (attempts++, sign('/silent')()), budget })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toMatch(/attempt budget of 1 ms ran out/);
    expect(attempts).toBe(1);
    expect(budget.spentMs).toBeGreaterThanOrEqual(30);
    transport.close();
  });

  it('does not sit through a wait that would exhaust the budget', async () => {
    script = [429, 200];
    const transport = new Transport({ provider: 'aliyun-rds', retry: { maxAttempts: 3 } });
    const budget = createAttemptBudget(1_000);
    const started = performance.now();
    const error = await transport.send({ operation: 'Test', sign: sign(), interpret, budget }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as Error).message).toMatch(/attempt budget of 1000 ms ran out/);
    expect(performance.now() - started).toBeLessThan(1_000); // the 5 s Retry-After was not waited for
    expect(budget.exhausted).toBe(true);
    script = [];
    transport.close();
  });

  it('createAttemptBudget adds up what is spent against its limit', () => {
    const budget = createAttemptBudget(100);
    budget.spend(60);
    budget.spend(-5);
    expect(budget.exhausted).toBe(false);
    budget.spend(40);
    expect(budget).toMatchObject({ exhausted: true, spentMs: 100, limitMs: 100 });
    expect(() => createAttemptBudget(0)).toThrow(ConfigurationError);
    expect(() => createAttemptBudget(1e10)).toThrow(/at most 2147483647 ms/);
  });
});
