import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  NotFoundError,
  PartialFailureError,
  ProviderApiError,
  ThrottlingError,
  TransportError,
} from '../../../src/errors.js';
import type { RetryEvent } from '../../../src/http/transport.js';
import { aliyunKvstore, type AliyunKvstoreOptions } from '../../../src/providers/aliyun-kvstore/index.js';
import type { BackupSource } from '../../../src/source.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { errorAnswer, jsonAnswer, xmlAnswer } from '../aliyun-common/aliyun-server.js';
import { dailyBackups, fakeKvstore } from './fake-kvstore.js';
import { fixtureContentType, fixtureText } from './fixtures.js';

const SECRET = 'kvstore-test-secret-not-real';
const CREDENTIALS = { accessKeyId: 'LTAI-kvstore-test', accessKeySecret: SECRET };
const NOW = new Date('2024-05-01T08:09:10.500Z');
const INSTANCE = 'r-bp1xxxxxxxxxxxxx';

let server: TestServer;
const sources: BackupSource[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  vi.useRealTimers();
  server.requests.length = 0;
  for (const s of sources.splice(0)) s.close();
});

/** Only `Date` is faked: the clock the window ends at, while sockets and timers stay real. */
function freezeClock(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
}

function source(options: Partial<AliyunKvstoreOptions> = {}): BackupSource<'aliyun-kvstore'> {
  const s = aliyunKvstore({
    region: 'cn-hangzhou',
    endpoint: server.url,
    credentials: CREDENTIALS,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...options,
  });
  sources.push(s);
  return s;
}

function backupCalls(fake: ReturnType<typeof fakeKvstore>) {
  return fake.calls.filter((c) => c.action === 'DescribeBackups');
}

describe('aliyunKvstore: the required time window', () => {
  it('defaults to 2010-01-01 .. now, widened to whole minutes, on a signed ACS3 POST', async () => {
    freezeClock();
    const fake = fakeKvstore({ secret: SECRET, backups: dailyBackups(3, '2024-04-30T16:00:00Z') });
    server.handle(fake.handler);
    const backups = await source().listBackups({ instanceId: INSTANCE }).toArray();
    expect(backups.map((b) => b.id)).toEqual(['1000003', '1000002', '1000001']);
    expect(fake.calls).toHaveLength(1);
    const { request, params } = fake.calls[0]!;
    expect(request.method).toBe('POST');
    expect(request.body).toBe('');
    expect(request.headers['x-acs-action']).toBe('DescribeBackups');
    expect(request.headers['x-acs-version']).toBe('2015-01-01');
    expect(Object.fromEntries(params)).toStrictEqual({
      InstanceId: INSTANCE,
      StartTime: '2010-01-01T00:00Z',
      EndTime: '2024-05-01T08:10Z',
      PageSize: '300',
      PageNumber: '1',
    });
  });

  it("starts at the instance's creation time when listBackups is given the instance", async () => {
    freezeClock();
    const fake = fakeKvstore({ secret: SECRET, backups: dailyBackups(2, '2024-04-30T16:00:00Z') });
    server.handle(fake.handler);
    const instance = { provider: 'aliyun-kvstore' as const, instanceId: INSTANCE, createdAt: new Date('2018-11-07T09:40:43Z') };
    await source().listBackups({ instanceId: INSTANCE, instance }).toArray();
    expect(fake.calls[0]!.params.get('StartTime')).toBe('2018-11-07T09:40Z');
    expect(fake.calls[0]!.params.get('EndTime')).toBe('2024-05-01T08:10Z');
  });

  it('sends since/until widened to minutes and filters the widened edges exactly on the client', async () => {
    const fake = fakeKvstore({
      secret: SECRET,
      backups: [
        { BackupId: 1, BackupStartTime: '2024-01-01T00:00:10Z', BackupStatus: 'Success' }, // inside the widened minute, before since
        { BackupId: 2, BackupStartTime: '2024-01-01T00:00:30Z', BackupStatus: 'Success' }, // exactly since: included
        { BackupId: 3, BackupStartTime: '2024-01-01T12:00:00Z', BackupStatus: 'Failed' },
        { BackupId: 4, BackupStartTime: '2024-01-02T00:00:30Z', BackupStatus: 'Success' }, // exactly until: excluded
        { BackupId: 5, BackupStartTime: '2024-01-02T00:00:50Z', BackupStatus: 'Success' },
      ],
    });
    server.handle(fake.handler);
    const since = new Date('2024-01-01T00:00:30Z');
    const until = new Date('2024-01-02T00:00:30Z');
    const backups = await source().listBackups({ instanceId: INSTANCE, since, until }).toArray();
    expect(fake.calls[0]!.params.get('StartTime')).toBe('2024-01-01T00:00Z');
    expect(fake.calls[0]!.params.get('EndTime')).toBe('2024-01-02T00:01Z');
    expect(backups.map((b) => b.id)).toEqual(['3', '2']);
  });

  it('applies status, mode and type on the client only: KVStore has no such request parameters', async () => {
    const fake = fakeKvstore({ secret: SECRET, backups: dailyBackups(20, '2024-04-30T16:00:00Z') });
    server.handle(fake.handler);
    const failed = await source().listBackups({ instanceId: INSTANCE, status: 'failed', mode: 'automated', type: 'full' }).toArray();
    expect(failed.map((b) => b.id)).toEqual(['1000017', '1000007']);
    expect(failed.every((b) => b.status === 'failed' && b.mode === 'automated')).toBe(true);
    expect([...fake.calls[0]!.params.keys()].sort()).toEqual(['EndTime', 'InstanceId', 'PageNumber', 'PageSize', 'StartTime']);
  });
});

describe('aliyunKvstore: paging', () => {
  it('walks several pages of 300, prefetching once page 1 gave the total, and yields them in order', async () => {
    const all = dailyBackups(700, '2024-04-30T16:00:00Z');
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = fakeKvstore({
      secret: SECRET,
      backups: all,
      override: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 100));
        inFlight--;
        return undefined;
      },
    });
    server.handle(fake.handler);
    const backups = await source().listBackups({ instanceId: INSTANCE }).toArray();
    expect(backups).toHaveLength(700);
    expect(new Set(backups.map((b) => b.id)).size).toBe(700);
    expect(backups[0]!.id).toBe('1000700');
    expect(backups[699]!.id).toBe('1000001');
    const times = backups.map((b) => b.startTime.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const calls = backupCalls(fake);
    expect(calls.map((c) => [c.params.get('PageNumber'), c.params.get('PageSize')])).toEqual([
      ['1', '300'],
      ['2', '300'],
      ['3', '300'],
    ]);
    // Pages 2 and 3 were in flight together.
    expect(maxInFlight).toBe(2);
  });

  it('stops after an empty first page', async () => {
    const fake = fakeKvstore({ secret: SECRET, backups: [] });
    server.handle(fake.handler);
    expect(await source().listBackups({ instanceId: INSTANCE }).toArray()).toEqual([]);
    expect(fake.calls).toHaveLength(1);
  });
});

describe('aliyunKvstore: a long window that times out', () => {
  it('is split into two halves fetched in turn (newer first), and a record on the shared edge appears once', async () => {
    const since = new Date('2024-01-01T00:00:00Z');
    const until = new Date('2024-01-03T00:01:00Z');
    // mid = since + span/2 = 2024-01-02T00:00:30Z: the halves, widened to minutes, share the minute 00:00..00:01.
    const fake = fakeKvstore({
      secret: SECRET,
      backups: [
        { BackupId: 30, BackupStartTime: '2024-01-02T12:00:00Z', BackupStatus: 'Success' },
        { BackupId: 20, BackupStartTime: '2024-01-02T00:00:40Z', BackupStatus: 'Success' },
        { BackupId: 10, BackupStartTime: '2024-01-01T06:00:00Z', BackupStatus: 'Success' },
      ],
      override: ({ params }) =>
        params.get('StartTime') === '2024-01-01T00:00Z' && params.get('EndTime') === '2024-01-03T00:01Z' ? { delayMs: 1_000 } : undefined,
    });
    server.handle(fake.handler);
    const s = source({ timeoutMs: 200, retry: false });
    const backups = await s.listBackups({ instanceId: INSTANCE, since, until }).toArray();
    expect(backupCalls(fake).map((c) => [c.params.get('StartTime'), c.params.get('EndTime')])).toEqual([
      ['2024-01-01T00:00Z', '2024-01-03T00:01Z'],
      ['2024-01-02T00:00Z', '2024-01-03T00:01Z'],
      ['2024-01-01T00:00Z', '2024-01-02T00:01Z'],
    ]);
    expect(backups.map((b) => b.id)).toEqual(['30', '20', '10']);
  });

  it('with maxAttempts 1 too; a window that still times out at the floor is reported as a timeout', async () => {
    const fake = fakeKvstore({ secret: SECRET, override: () => ({ delayMs: 1_000 }) });
    server.handle(fake.handler);
    const s = source({ timeoutMs: 100, retry: { maxAttempts: 1 } });
    const since = new Date('2024-01-01T00:00:00Z');
    const until = new Date('2024-01-01T03:00:00Z');
    const error = await s.listBackups({ instanceId: INSTANCE, since, until }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('timeout');
    // 3 h -> two 1.5 h halves; the newer half is split no further (its half would be under the 1 h floor).
    expect(backupCalls(fake).map((c) => [c.params.get('StartTime'), c.params.get('EndTime')])).toEqual([
      ['2024-01-01T00:00Z', '2024-01-01T03:00Z'],
      ['2024-01-01T01:30Z', '2024-01-01T03:00Z'],
    ]);
  });
});

describe('aliyunKvstore: retries and errors', () => {
  it('retries a throttled call, re-signed with a fresh nonce, honouring x-acs-retry-after', async () => {
    const fake = fakeKvstore({
      secret: SECRET,
      backups: dailyBackups(2, '2024-04-30T16:00:00Z'),
      override: ({ index }) =>
        index === 1
          ? errorAnswer(400, { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'REQ-THROTTLED' }, {
              headers: { 'x-acs-retry-after': '15' },
            })
          : undefined,
    });
    server.handle(fake.handler);
    const retries: RetryEvent[] = [];
    const backups = await source()
      .listBackups({ instanceId: INSTANCE, observer: { onRetry: (e) => retries.push(e) } })
      .toArray();
    expect(backups.map((b) => b.id)).toEqual(['1000002', '1000001']);
    expect(fake.calls).toHaveLength(2);
    const nonces = fake.calls.map((c) => c.request.headers['x-acs-signature-nonce']);
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(ThrottlingError);
    expect((retries[0]!.error as ThrottlingError).retryAfterMs).toBe(15);
    expect((retries[0]!.error as ThrottlingError).requestId).toBe('REQ-THROTTLED');
    expect(retries[0]!.delayMs).toBe(15);
  });

  it.each([
    ['error.instance-not-found.json', 404, NotFoundError, 'InvalidInstanceId.NotFound', '7D6C5B4A-3928-4716-A5B4-C3D2E1F0A9B8'],
    ['error.signature-does-not-match.json', 400, AuthenticationError, 'SignatureDoesNotMatch', '1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D'],
    ['error.invalid-start-time.json', 400, ProviderApiError, 'InvalidStartTime.Malformed', '8B6A2E51-6F0C-4D44-9F0D-2E8C7B1A9C33'],
    ['error.invalid-start-time.xml', 400, ProviderApiError, 'InvalidStartTime.Malformed', '8B6A2E51-6F0C-4D44-9F0D-2E8C7B1A9C33'],
  ] as const)('the error body %s (HTTP %i) becomes its error class with the code and RequestId, sent once', async (name, status, type, code, requestId) => {
    server.handle(() => ({ status, headers: { 'content-type': fixtureContentType(name) }, body: fixtureText(name) }));
    const error = await source().listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).not.toBeInstanceOf(ThrottlingError);
    expect((error as ProviderApiError).code).toBe(code);
    expect((error as ProviderApiError).requestId).toBe(requestId);
    expect((error as ProviderApiError).httpStatus).toBe(status);
    expect((error as ProviderApiError).retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('the throttling body is a retryable ThrottlingError', async () => {
    server.handle(() => ({ status: 400, headers: { 'content-type': 'application/json' }, body: fixtureText('error.throttling.json') }));
    const error = await source({ retry: false }).listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as ThrottlingError).retryable).toBe(true);
    expect((error as ThrottlingError).requestId).toBe('4F1E2D3C-B4A5-4968-8776-655443322110');
  });

  it('an unknown instance becomes a NotFoundError naming it, with the code and RequestId, not retried', async () => {
    server.handle(() =>
      errorAnswer(404, { Code: 'InvalidInstanceId.NotFound', Message: 'The specified instance is not found.', RequestId: 'REQ-404' }),
    );
    const error = await source().listBackups({ instanceId: 'r-missing' }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const e = error as NotFoundError;
    expect(e.code).toBe('InvalidInstanceId.NotFound');
    expect(e.requestId).toBe('REQ-404');
    expect(e.instanceId).toBe('r-missing');
    expect(e.httpStatus).toBe(404);
    expect(e.operation).toBe('DescribeBackups');
    expect(e.message).toContain('r-missing');
    expect(e.message).toContain('cn-hangzhou');
    expect(server.requests).toHaveLength(1);
  });

  it('a signature mismatch becomes an AuthenticationError, is not retried, and leaks no secret', async () => {
    const fake = fakeKvstore({ secret: 'the-server-expects-another-secret' });
    server.handle(fake.handler);
    const error = await source().listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('SignatureDoesNotMatch');
    expect(fake.calls).toHaveLength(1);
    const shown = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toMatch(/Signature=[A-Za-z0-9%]/);
  });

  it('an XML error body (format xml) is read as well: InvalidStartTime.Malformed, not retryable', async () => {
    server.handle(() => ({ status: 400, headers: { 'content-type': 'text/xml;charset=utf-8' }, body: fixtureText('error.invalid-start-time.xml') }));
    const error = await source({ format: 'xml' }).listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    const e = error as ProviderApiError;
    expect(e.code).toBe('InvalidStartTime.Malformed');
    expect(e.requestId).toBe('8B6A2E51-6F0C-4D44-9F0D-2E8C7B1A9C33');
    expect(e.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('a record that cannot be mapped is reported at the end; every other backup is listed', async () => {
    const fake = fakeKvstore({
      secret: SECRET,
      backups: [
        { BackupId: 1, BackupStartTime: '2024-01-02T00:00:00Z', BackupStatus: 'Success' },
        { BackupId: 2, BackupStartTime: '2024-01-01T00:00:00Z', BackupStatus: 'Success' },
      ],
      override: ({ index }) =>
        index === 1
          ? jsonAnswer({
              RequestId: 'R',
              TotalCount: 3,
              Backups: { Backup: [{ BackupId: 1, BackupStartTime: '2024-01-02T00:00:00Z' }, { BackupId: 9, BackupStartTime: 'not a time' }, { BackupId: 2, BackupStartTime: '2024-01-01T00:00:00Z' }] },
            })
          : undefined,
    });
    server.handle(fake.handler);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const b of source().listBackups({ instanceId: INSTANCE })) seen.push(b.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['1', '2']);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).failures.map((f) => [f.instanceId, f.recordId])).toEqual([[INSTANCE, '9']]);
  });
});

describe('aliyunKvstore: formats and signature versions', () => {
  it('v1 + XML: a signed GET with Format=XML, reading the API document XML example', async () => {
    const fake = fakeKvstore({ secret: SECRET, override: () => xmlAnswer(fixtureText('describe-backups.doc.xml')) });
    server.handle(fake.handler);
    const backups = await source({ signatureVersion: 'v1', format: 'xml' }).listBackups({ instanceId: INSTANCE }).toArray();
    const { request, params } = fake.calls[0]!;
    expect(request.method).toBe('GET');
    expect(params.get('Action')).toBe('DescribeBackups');
    expect(params.get('Version')).toBe('2015-01-01');
    expect(params.get('Format')).toBe('XML');
    expect(params.get('SignatureMethod')).toBe('HMAC-SHA1');
    expect(params.get('StartTime')).toBe('2010-01-01T00:00Z');
    expect(params.get('PageSize')).toBe('300');
    expect(backups.map((b) => [b.id, b.startTime.toISOString(), b.sizeBytes, b.status])).toEqual([
      ['336077354', '2019-03-14T05:28:50.000Z', 1024, 'success'],
      ['335538809', '2019-03-13T05:28:46.000Z', 1024, 'success'],
      ['335001607', '2019-03-12T05:28:52.000Z', 1024, 'success'],
    ]);
  });

  it('the API document JSON example (wrapped in DescribeBackupsResponse, numbers as strings) lists the same backups', async () => {
    server.handle(() => jsonAnswer(JSON.parse(fixtureText('describe-backups.doc.json'))));
    const backups = await source().listBackups({ instanceId: INSTANCE }).toArray();
    expect(backups.map((b) => b.id)).toEqual(['336077354', '335538809', '335001607']);
    expect(backups.every((b) => b.region === 'cn-hangzhou' && b.instanceId === INSTANCE && b.engine === 'redis')).toBe(true);
  });

  it('STS credentials send x-acs-security-token', async () => {
    const fake = fakeKvstore({ secret: SECRET, backups: [] });
    server.handle(fake.handler);
    await source({ credentials: { ...CREDENTIALS, securityToken: 'CAIS-sts-token-not-real' } }).listBackups({ instanceId: INSTANCE }).toArray();
    expect(fake.calls[0]!.request.headers['x-acs-security-token']).toBe('CAIS-sts-token-not-real');
  });
});

describe('aliyunKvstore: instance discovery', () => {
  const instances = Array.from({ length: 60 }, (_, i) => ({
    InstanceId: `r-bp1inst${String(i).padStart(4, '0')}`,
    InstanceName: i === 0 ? 'orders-cache' : '',
    InstanceStatus: 'Normal',
    InstanceType: i % 2 === 0 ? 'Redis' : 'Tair',
    EngineVersion: '7.0',
    RegionId: 'cn-hangzhou',
    CreateTime: new Date(Date.UTC(2020, 0, 1 + i, 3, 4, 5)).toISOString().replace('.000Z', 'Z'),
  }));

  it('pages DescribeInstances (50 per page) in the source region and reports each creation time', async () => {
    const fake = fakeKvstore({ secret: SECRET, instances: [...instances, { ...instances[0]!, InstanceId: 'r-elsewhere', RegionId: 'cn-beijing' }] });
    server.handle(fake.handler);
    const found = await source().listInstances();
    expect(found).toHaveLength(60);
    expect(found[0]).toStrictEqual({
      provider: 'aliyun-kvstore',
      instanceId: 'r-bp1inst0000',
      region: 'cn-hangzhou',
      name: 'orders-cache',
      engine: 'redis',
      engineVersion: '7.0',
      status: 'Normal',
      createdAt: new Date('2020-01-01T03:04:05Z'),
    });
    expect(found[1]!.engine).toBe('tair');
    expect(found[1]!.name).toBeUndefined();
    expect(found[59]!.createdAt).toEqual(new Date('2020-02-29T03:04:05Z'));
    expect(fake.calls.map((c) => [c.action, c.params.get('RegionId'), c.params.get('PageSize'), c.params.get('PageNumber')])).toEqual([
      ['DescribeInstances', 'cn-hangzhou', '50', '1'],
      ['DescribeInstances', 'cn-hangzhou', '50', '2'],
    ]);
  });

  it('reads a one-instance XML page', async () => {
    server.handle(() => xmlAnswer(fixtureText('describe-instances.one-item.xml')));
    const found = await source({ format: 'xml' }).listInstances();
    expect(found).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        instanceId: 'r-bp1xmlonly0000001',
        region: 'cn-hangzhou',
        name: 'session-store',
        engine: 'redis',
        engineVersion: '4.0',
        status: 'Normal',
        createdAt: new Date('2019-03-01T12:00:05Z'),
      },
    ]);
  });

  it('an instance record without an id fails discovery with the validation issue instead of hiding the instance', async () => {
    server.handle(() => jsonAnswer({ RequestId: 'R', TotalCount: 1, Instances: { KVStoreInstance: [{ InstanceName: 'no id' }] } }));
    const error = await source().listInstances().catch((e: unknown) => e);
    expect((error as Error).name).toBe('ResponseValidationError');
    expect((error as { issues: { path: string }[] }).issues[0]!.path).toBe('InstanceId');
  });
});
