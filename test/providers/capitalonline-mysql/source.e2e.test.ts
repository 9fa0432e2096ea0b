import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  NotFoundError,
  PartialFailureError,
  ProviderApiError,
  ResponseValidationError,
  type ListingFailure,
} from '../../../src/errors.js';
import { Transport, type HttpRequest, type SendOptions } from '../../../src/http/transport.js';
import { capitalOnlineMysql } from '../../../src/providers/capitalonline-mysql/index.js';
import { startTestServer, type RecordedRequest, type TestServer } from '../../helpers/test-server.js';
import { decodeQuery, loadFixture, referenceSignature } from './helpers.js';

const ACCESS_KEY_ID = 'AKIDcds0000000example';
const SECRET = 'cds-test-secret/with+base64=chars';
const credentials = { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET };
const INSTANCE = '5ac7c945-ae47-4bbf-82e6-2823d64b57c5';
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function source(extra: Parameters<typeof capitalOnlineMysql>[0] = {}) {
  return capitalOnlineMysql({ credentials, endpoint: server.url, retry: FAST_RETRY, ...extra });
}

function receivedParams(request: RecordedRequest): Record<string, string> {
  const pairs = decodeQuery(request.url.search);
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    expect(out).not.toHaveProperty(k); // no parameter is sent twice
    out[k] = v;
  }
  return out;
}

describe('DescribeBackups over HTTP', () => {
  it('sends exactly the signed parameters, and the Signature verifies against the reference algorithm', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-05-06T07:08:09.123Z'));
    server.handle(() => ({ body: loadFixture('describe-backups.doc-example.json') }));

    const backups = await source().listBackups({ instanceId: INSTANCE }).toArray();

    expect(backups.map((b) => b.id)).toEqual([
      '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a01',
      '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a02',
      '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a03',
      '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a04',
    ]);
    expect(backups[0]!.startTime.toISOString()).toBe('2020-06-17T20:09:59.000Z');
    expect(backups.every((b) => b.region === 'cn')).toBe(true);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/mysql');
    expect(request.body).toBe('');
    expect(request.url.search).not.toContain('+'); // spaces and pluses are percent-encoded, never form-encoded

    const params = receivedParams(request);
    expect(Object.keys(params).sort()).toEqual([
      'AccessKeyId',
      'Action',
      'InstanceUuid',
      'Signature',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'Timestamp',
      'Version',
    ]);
    expect(params).toMatchObject({
      Action: 'DescribeBackups',
      AccessKeyId: ACCESS_KEY_ID,
      InstanceUuid: INSTANCE,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Timestamp: '2024-05-06T07:08:09Z',
      Version: '2019-08-08',
    });
    expect(params.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(params.Signature).toBe(referenceSignature(params, SECRET));
    // The key is the bare secret: Aliyun's `secret&` key must not verify.
    expect(params.Signature).not.toBe(referenceSignature(params, `${SECRET}&`));
  });

  it('encodes an instance id with reserved and non-ASCII characters so the server decodes it exactly', async () => {
    const odd = "inst 中文*~+/=&%'()!:";
    server.handle(() => ({ body: { Code: 'Success', Message: 'Success.', Data: [] } }));
    expect(await source().listBackups({ instanceId: odd }).toArray()).toEqual([]);
    const params = receivedParams(server.requests[0]!);
    expect(params.InstanceUuid).toBe(odd);
    expect(params.Signature).toBe(referenceSignature(params, SECRET));
  });

  it('pushes no filter down and filters client-side', async () => {
    server.handle(() => ({ body: loadFixture('describe-backups.doc-example.json') }));
    const list = source().listBackups({ instanceId: INSTANCE, mode: 'automated', method: 'physical', since: new Date('2020-06-16T00:00:00Z') });
    const backups = await list.toArray();
    expect(backups.map((b) => b.id)).toEqual(['3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a02']);
    expect(server.requests).toHaveLength(1);
    expect(Object.keys(receivedParams(server.requests[0]!))).not.toContain('StartTime');
  });

  it('reads the times in the source timeZone', async () => {
    server.handle(() => ({ body: loadFixture('describe-backups.doc-example.json') }));
    const [first] = await source({ timeZone: 'UTC' }).listBackups({ instanceId: INSTANCE }).toArray({ limit: 1 });
    expect(first!.startTime.toISOString()).toBe('2020-06-18T04:09:59.000Z');
  });

  it('lists what maps and reports the rest', async () => {
    server.handle(() => ({ body: loadFixture('describe-backups.edge-cases.json') }));
    const failures: ListingFailure[] = [];
    const backups = await source().listBackups({ instanceId: INSTANCE, onError: (f) => failures.push(f) }).toArray();
    expect(backups.map((b) => b.id)).toEqual(['edge-string-size', 'edge-unknown-values', '90210']);
    expect(failures.map((f) => f.recordId)).toEqual(['edge-no-start-time', 'edge-bad-start-time']);

    await expect(source().listBackups({ instanceId: INSTANCE }).toArray()).rejects.toBeInstanceOf(PartialFailureError);
  });

  it('retries an HTTP 500 with a freshly signed request, then succeeds', async () => {
    let calls = 0;
    server.handle(() => (++calls === 1 ? { status: 500, body: { Code: 'InternalError', Message: '内部错误' } } : { body: loadFixture('describe-backups.doc-example.json') }));
    const retries: number[] = [];
    const backups = await source()
      .listBackups({ instanceId: INSTANCE, observer: { onRetry: (e) => retries.push(e.attempt) } })
      .toArray();
    expect(backups).toHaveLength(4);
    expect(retries).toEqual([1]);
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests.map(receivedParams);
    expect(second!.SignatureNonce).not.toBe(first!.SignatureNonce);
    expect(second!.Signature).toBe(referenceSignature(second!, SECRET));
  });

  it('retries a non-JSON 502 from a gateway', async () => {
    let calls = 0;
    server.handle(() => (++calls === 1 ? { status: 502, body: '<html>Bad Gateway</html>' } : { body: { Code: 'Success', Data: [] } }));
    await expect(source().listBackups({ instanceId: INSTANCE }).toArray()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a persistent 500 after the configured attempts', async () => {
    server.handle(() => ({ status: 500, body: { Code: 'InternalError' } }));
    const error = await source({ retry: { ...FAST_RETRY, maxAttempts: 3 } })
      .listBackups({ instanceId: INSTANCE })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: 'InternalError', httpStatus: 500, retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('retries throttling', async () => {
    let calls = 0;
    server.handle(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { Code: 'Throttling' } } : { body: { Code: 'Success', Data: [] } }));
    const events: string[] = [];
    await source().listBackups({ instanceId: INSTANCE, observer: { onRetry: (e) => events.push(e.error.name) } }).toArray();
    expect(events).toEqual(['ThrottlingError']);
    expect(server.requests).toHaveLength(2);
  });

  it('turns ResourceNotFound into a NotFoundError naming the instance, without retrying', async () => {
    server.handle(() => ({ status: 404, body: { Code: 'ResourceNotFound', Message: '资源不存在' } }));
    const error = await source().listBackups({ instanceId: 'no-such-instance' }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('instance no-such-instance was not found');
    expect(error).toMatchObject({ code: 'ResourceNotFound', instanceId: 'no-such-instance', operation: 'DescribeBackups' });
    expect(server.requests).toHaveLength(1);
  });

  it('turns InvalidParameter into a non-retryable ProviderApiError', async () => {
    server.handle(() => ({ status: 400, body: { Code: 'InvalidParameter', Message: 'InstanceUuid 格式错误' } }));
    const error = await source().listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: 'InvalidParameter', httpStatus: 400, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('turns an authentication failure into an AuthenticationError that leaks no secret or signature', async () => {
    server.handle(() => ({ status: 401, body: { Code: 'SignatureDoesNotMatch', Message: 'signature mismatch' } }));
    const error = await source().listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
    const sentSignature = receivedParams(server.requests[0]!).Signature!;
    const shown = `${(error as Error).message} ${JSON.stringify(error)} ${(error as AuthenticationError).url}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(sentSignature);
    expect(shown).not.toContain(encodeURIComponent(sentSignature));
    expect((error as AuthenticationError).url).toMatch(/&Signature=(\[REDACTED\]|%5BREDACTED%5D)$/);
  });

  it('reports a success envelope of the wrong shape as a ResponseValidationError', async () => {
    server.handle(() => ({ body: { Code: 'Success', Data: { BackupId: 'x' } } }));
    const error = await source().listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]!.path).toBe('Data');
  });

  it('treats a null Data as no backups', async () => {
    server.handle(() => ({ body: { Code: 'Success', Message: 'Success.', Data: null } }));
    await expect(source().listBackups({ instanceId: INSTANCE }).toArray()).resolves.toEqual([]);
  });
});

describe('DescribeDBInstances over HTTP', () => {
  it('lists instances without paging or empty parameters', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-05-06T07:08:09Z'));
    const body = loadFixture('describe-db-instances.doc-example.json');
    const data = body.Data as Record<string, unknown>[];
    body.Data = [...data, { ...data[0], InstanceName: 'duplicate row' }, { InstanceUuid: 'second', Version: '8.0', CreatedTime: '' }];
    server.handle(() => ({ body }));

    const instances = await source({ site: 'asia' }).listInstances();

    expect(instances).toEqual([
      {
        provider: 'capitalonline-mysql',
        instanceId: INSTANCE,
        region: 'asia',
        name: 'test-mysql',
        engine: 'mysql',
        engineVersion: '5.7.24',
        status: 'RUNNING',
        createdAt: new Date('2020-05-03T14:16:22Z'),
      },
      { provider: 'capitalonline-mysql', instanceId: 'second', region: 'asia', engine: 'mysql', engineVersion: '8.0' },
    ]);
    expect(server.requests).toHaveLength(1);
    const params = receivedParams(server.requests[0]!);
    expect(server.requests[0]!.path).toBe('/mysql');
    expect(Object.keys(params).sort()).toEqual(['AccessKeyId', 'Action', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version']);
    expect(params.Action).toBe('DescribeDBInstances');
    expect(params.Signature).toBe(referenceSignature(params, SECRET));
  });

  it('fails discovery loudly when an instance has no InstanceUuid', async () => {
    server.handle(() => ({ body: { Code: 'Success', Data: [{ InstanceName: 'nameless' }] } }));
    await expect(source().listInstances()).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('classifies errors the same way', async () => {
    server.handle(() => ({ status: 403, body: { Code: 'Forbidden' } }));
    await expect(source().listInstances()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('site endpoints', () => {
  it.each([
    ['cn', 'https://cdsapi.capitalonline.net/mysql?'],
    ['asia', 'https://cdsapi-asia.capitalonline.net/mysql?'],
    ['us', 'https://cdsapi-us.capitalonline.net/mysql?'],
    [undefined, 'https://cdsapi.capitalonline.net/mysql?'],
  ] as const)('site %s signs requests for %s', async (site, prefix) => {
    // No real network: the transport is stubbed to record the signed request and answer locally.
    const sent: HttpRequest[] = [];
    vi.spyOn(Transport.prototype, 'send').mockImplementation(async (options: SendOptions) => {
      const request = await options.sign(1);
      sent.push(request);
      return { status: 200, headers: {}, text: '', body: { Code: 'Success', Data: [] }, url: request.url };
    });
    const backups = await capitalOnlineMysql({ credentials, ...(site ? { site } : {}) }).listBackups({ instanceId: INSTANCE }).toArray();
    expect(backups).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.url.startsWith(prefix)).toBe(true);
    expect(sent[0]!.headers).toBeUndefined();
  });
});
