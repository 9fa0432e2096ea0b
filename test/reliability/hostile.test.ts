import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ConfigurationError, PartialFailureError, ResponseValidationError, TransportError, type ListingFailure } from '../../src/errors.js';
import { createBackupClient } from '../../src/listing/client.js';
import type { ProviderName } from '../../src/model.js';
import { aliyunRds } from '../../src/providers/aliyun-rds/index.js';
import { huaweiRds } from '../../src/providers/huawei-rds/index.js';
import { testIO } from '../cli/harness.js';
import { emulatorSource } from '../e2e/sources.js';
import { startRawServer } from '../helpers/raw-server.js';

/**
 * Hostile answers, tried as an operator would (issue 14): every case ends in a complete listing or a typed,
 * reported failure, in bounded time, and no output carries a secret.
 */
const ANCHOR = new Date('2026-06-01T00:00:00Z');
const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
const quick = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 } };

async function listWith(emu: RunningEmulator, provider: ProviderName, overrides: Record<string, unknown> = {}) {
  const failures: ListingFailure[] = [];
  const listed = await createBackupClient({ sources: [emulatorSource(emu, provider, { ...quick, ...overrides })], onError: (f) => failures.push(f) }).backups().toArray();
  return { listed, failures };
}

describe('a 200 that is not the API envelope is never "no backups"', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 4, anchorTime: ANCHOR, instances: 3, backupsPerInstance: 20 });
  });
  afterAll(() => emu.close());

  for (const fault of ['emptyEnvelopeRate', 'htmlRate'] as const) {
    it(`${fault}: every instance of every provider ends in a failure, none in an empty listing`, async () => {
      emu.setFaults({ [fault]: 1 });
      try {
        for (const provider of PROVIDERS) {
          const ids = emu.groundTruth.instances(provider).filter((i) => i.account === 'default').map((i) => i.instanceId);
          const { listed, failures } = await listWith(emu, provider, { instances: ids.slice(0, 3) });
          expect(listed, provider).toEqual([]);
          expect(failures.map((f) => f.instanceId).sort(), provider).toEqual(ids.slice(0, 3).sort());
          for (const f of failures) expect(f.error, provider).toBeInstanceOf(ResponseValidationError);
        }
      } finally {
        emu.setFaults({});
      }
    });
  }

  it('the CLI exits 3 when every answer is a 200 without the envelope', async () => {
    emu.setFaults({ emptyEnvelopeRate: 1 });
    const saved = { id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET };
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = emu.credentials.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = emu.credentials.accessKeySecret;
    try {
      const io = testIO({ now: ANCHOR });
      const code = await runCli(['list', '--provider', 'aliyun-rds', '--region', emu.aliyunRegion, '--endpoint', emu.url, '--format', 'json'], io);
      expect(io.stderr.text).toContain('ResponseValidationError');
      expect(io.stdout.text.trim()).toBe('[]');
      expect(code).toBe(3);
    } finally {
      emu.setFaults({});
      for (const [k, v] of [['ALIBABA_CLOUD_ACCESS_KEY_ID', saved.id], ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', saved.secret]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 30_000);
});

describe('Huawei walks the window a timeout split', () => {
  it('lists every backup, in about as many requests as Aliyun RDS needs, when 15% of answers are too slow', async () => {
    const emu = await startEmulator({ seed: 8, anchorTime: ANCHOR, instances: { 'huawei-rds': 1, 'aliyun-rds': 1 }, backupsPerInstance: { 'huawei-rds': 1500, 'aliyun-rds': 1500 }, faults: { slowRate: 0.15, slowMs: 400 } });
    try {
      const requests: Record<string, number> = {};
      for (const provider of ['aliyun-rds', 'huawei-rds'] as const) {
        emu.clearRequestLog();
        const { listed, failures } = await listWith(emu, provider, { timeoutMs: 200, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
        expect(failures, provider).toEqual([]);
        expect(listed.map((b) => b.id).sort(), provider).toEqual(emu.groundTruth.backups(provider).map((b) => b.id).sort());
        requests[provider] = emu.requestLog().filter((e) => e.action === 'ListBackups' || e.action === 'DescribeBackups').length;
      }
      expect(requests['huawei-rds']!).toBeLessThan(3 * requests['aliyun-rds']!);
    } finally {
      await emu.close();
    }
  }, 60_000);
});

describe('Huawei asks for the halves of a split window', () => {
  it('after a long window times out, the next requests carry the halves, and every backup is listed once', async () => {
    const DAY = 86_400_000;
    const now = Date.parse('2026-06-01T00:00:00Z');
    const backups = Array.from({ length: 200 }, (_, i) => ({ id: `b${i}`, at: now - (i + 1) * 3 * DAY }));
    const huaweiTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
    // Like Aliyun, slow for long ranges: a window over a year answers too late for the client's deadline.
    const server = await startRawServer((req) => {
      const begin = req.query['begin_time'] ? Date.parse(req.query['begin_time'].replace(/\+0000$/, 'Z')) : 0;
      const end = req.query['end_time'] ? Date.parse(req.query['end_time'].replace(/\+0000$/, 'Z')) : now + DAY;
      if (end - begin > 366 * DAY) return { delayMs: 2_000, status: 200, body: { backups: [], total_count: 0 } };
      const inWindow = backups.filter((b) => b.at >= begin && b.at <= end);
      const offset = Number(req.query['offset'] ?? 0);
      const limit = Number(req.query['limit'] ?? 100);
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: {
          total_count: inWindow.length,
          backups: inWindow.slice(offset, offset + limit).map((b) => ({ id: b.id, instance_id: 'i-1', type: 'auto', status: 'COMPLETED', begin_time: huaweiTime(b.at), end_time: huaweiTime(b.at + 60_000), size: 1 })),
        },
      };
    });
    try {
      const source = huaweiRds({ region: 'cn-north-4', endpoint: server.url, projectId: 'p1', credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, instances: ['i-1'], timeoutMs: 300, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
      const listed = await source.listBackups({ instanceId: 'i-1', since: new Date(now - 700 * DAY), until: new Date(now) }).toArray();
      expect(listed.map((b) => b.id).sort()).toEqual(backups.filter((b) => b.at >= now - 700 * DAY).map((b) => b.id).sort());
      const windows = server.requests.map((r) => `${r.query['begin_time']}..${r.query['end_time']}`);
      // The first request asked for the whole range; the later ones for its halves, never the whole range again.
      expect(windows.slice(1).every((w) => w !== windows[0])).toBe(true);
      expect(new Set(windows).size).toBeGreaterThan(2);
      source.close();
    } finally {
      await server.close();
    }
  });
});

describe('every wait is bounded', () => {
  it('a dead endpoint (accepts, never answers) fails an instance once its budget is spent, not after retries and splits multiply', async () => {
    const server = await startRawServer(() => ({ delayMs: 60_000, status: 200, body: {} }));
    try {
      const source = aliyunRds({ region: 'cn-hangzhou', endpoint: server.url, credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, instances: ['rm-1'], timeoutMs: 200, instanceBudgetMs: 600 });
      const failures: ListingFailure[] = [];
      await createBackupClient({ sources: [source], onError: (f) => failures.push(f) }).backups().toArray();
      expect(failures).toHaveLength(1);
      expect(failures[0]!.error).toBeInstanceOf(TransportError);
      expect(failures[0]!.error.message).toContain('the attempt budget of 600 ms ran out');
      // 600 ms of failing at 200 ms an attempt: at most 3 attempts and the one in flight, never dozens.
      expect(server.requests.length).toBeLessThanOrEqual(4);
      source.close();
    } finally {
      await server.close();
    }
  });

  it('a body trickled one byte at a time does not hold a request past its deadline', async () => {
    const server = await startRawServer(() => ({ status: 200, body: '{"Items":{"Backup":[]},"TotalRecordCount":"0"}', headers: { 'content-type': 'application/json' }, trickleMs: 100 }));
    try {
      const source = aliyunRds({ region: 'cn-hangzhou', endpoint: server.url, credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, instances: ['rm-1'], timeoutMs: 500, retry: false });
      const error = await source.listBackups({ instanceId: 'rm-1' }).toArray().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).kind).toBe('timeout');
      source.close();
    } finally {
      await server.close();
    }
  });
});

describe('secrets never leave, however a server echoes them', () => {
  it('an error body echoing the token, the secret and the signature shows none of them anywhere', async () => {
    const emu = await startEmulator({ seed: 6, anchorTime: ANCHOR, instances: 1, backupsPerInstance: 5, faults: { echoSecretsRate: 1 } });
    try {
      const secrets = [emu.stsCredentials.securityToken, emu.stsCredentials.accessKeySecret];
      for (const provider of ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds'] as const) {
        const error = await createBackupClient({ sources: [emulatorSource(emu, provider, { ...quick, credentials: emu.stsCredentials })] })
          .backups()
          .toArray()
          .catch((e: unknown) => e);
        expect(error, provider).toBeInstanceOf(PartialFailureError);
        const shown = [
          (error as Error).message,
          (error as Error).stack ?? '',
          JSON.stringify(error),
          inspect(error, { depth: 10 }),
          ...(error as PartialFailureError).failures.flatMap((f) => [f.error.message, f.error.stack ?? '', JSON.stringify(f.error), inspect(f.error, { depth: 10 }), String(f.error.cause ?? '')]),
        ].join('\n');
        for (const secret of secrets) expect(shown.includes(secret), `${provider} leaks ${secret.slice(0, 6)}…`).toBe(false);
        expect(shown).not.toMatch(/Signature=[A-Za-z0-9+/=%]{20,}/);
      }
    } finally {
      await emu.close();
    }
  });

  it('refuses an endpoint that carries a password', () => {
    expect(() => aliyunRds({ region: 'cn-hangzhou', endpoint: 'https://user:hunter2@rds.example.com' })).toThrow(ConfigurationError);
    try {
      aliyunRds({ region: 'cn-hangzhou', endpoint: 'https://user:hunter2@rds.example.com' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
  });
});

describe('numbers in range and strict options', () => {
  it.each([
    [{ timeoutMs: 1e10 }, 'timeoutMs', /between 1 and 2147483647 ms/],
    [{ retry: { maxDelayMs: 1e10 } }, 'retry.maxDelayMs', /between 0 and 2147483647 ms/],
    [{ rateLimit: { requestsPerSecond: 1e-9 } }, 'rateLimit.requestsPerSecond', /between 0.001 and 100000/],
    [{ instanceBudgetMs: -1 }, 'instanceBudgetMs', /between 1 and 2147483647 ms/],
    [{ retry: { maxAtempts: 3 } }, 'retry.maxAtempts', /Did you mean "maxAttempts"/],
    [{ rateLimit: { requestsPerSecond: 5, brust: 2 } }, 'rateLimit.brust', /Did you mean "burst"/],
    [{ retry: true }, 'retry', /retry must be false or an object/],
    [{ credentials: { accessKeyId: 'a' } }, 'credentials', /credentials/],
    [{ pageConcurrency: 1.5 }, 'pageConcurrency', /whole number/],
  ])('%j is refused when the factory is called, naming %s', (options, field, message) => {
    let error: unknown;
    try {
      huaweiRds({ region: 'cn-north-4', ...(options as object) } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an unknown client option with a suggestion, and a query that is not an object', () => {
    const source = huaweiRds({ region: 'cn-north-4', credentials: { accessKeyId: 'a', accessKeySecret: 'b' } });
    expect(() => createBackupClient({ sources: [source], concurency: 3 } as never)).toThrow(/unknown option "concurency". Did you mean "concurrency"\?/);
    const client = createBackupClient({ sources: [source] });
    expect(() => client.backups('failed' as never)).toThrow(/Invalid query: expected an object such as \{ status: 'failed' \}, got the string "failed"/);
    expect(() => client.backups({ instances: ['x'.repeat(300)] })).toThrow(ConfigurationError);
  });
});
