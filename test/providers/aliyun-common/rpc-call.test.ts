import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hideSecrets } from '../../../src/credentials/chain.js';
import { ThrottlingError } from '../../../src/errors.js';
import { Transport, type RetryEvent } from '../../../src/http/transport.js';
import { callAliyunRpc, unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';
import type { ProviderContext } from '../../../src/source.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { errorAnswer, jsonAnswer, queryParams, verifyAcs3, verifyRpcV1, xmlAnswer } from './aliyun-server.js';

const SECRET = 'test-secret-not-real';
const STS_TOKEN = 'CAIS-test-token-not-real';
let server: TestServer;
const transports: Transport[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  for (const t of transports.splice(0)) t.close();
});

function context(options: { securityToken?: string; baseUrl?: string } = {}): ProviderContext<'aliyun-rds'> {
  const transport = new Transport({ provider: 'aliyun-rds', retry: { baseDelayMs: 1, maxDelayMs: 50 }, random: () => 0.5 });
  transports.push(transport);
  let clock = Date.UTC(2024, 4, 1, 8, 9, 10);
  let n = 0;
  const credentials = hideSecrets({
    accessKeyId: 'LTAI-test',
    accessKeySecret: SECRET,
    ...(options.securityToken ? { securityToken: options.securityToken } : {}),
  });
  return {
    provider: 'aliyun-rds',
    region: 'cn-hangzhou',
    baseUrl: options.baseUrl ?? server.url,
    credentials: async () => credentials,
    send: (o) => transport.send(o),
    now: () => new Date((clock += 1000)),
    nonce: () => `nonce-${++n}`,
  };
}

const CALL = { action: 'DescribeBackups', version: '2014-08-15', params: { DBInstanceId: 'rm-abc', PageSize: 100, PageNumber: 1, BackupId: '' } } as const;

describe('callAliyunRpc', () => {
  it('v3: POST with API parameters in the query, an empty body and verifiable ACS3 headers', async () => {
    server.handle(() => jsonAnswer({ RequestId: 'R', TotalRecordCount: '0', Items: { Backup: [] } }));
    const res = await callAliyunRpc(context(), { ...CALL, signatureVersion: 'v3', format: 'json' });
    expect(res.body).toEqual({ RequestId: 'R', TotalRecordCount: '0', Items: { Backup: [] } });
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/');
    expect(Object.fromEntries(queryParams(req!))).toEqual({ DBInstanceId: 'rm-abc', PageNumber: '1', PageSize: '100' });
    expect(req!.body).toBe('');
    expect(req!.headers['x-acs-action']).toBe('DescribeBackups');
    expect(req!.headers['x-acs-version']).toBe('2014-08-15');
    expect(req!.headers['x-acs-date']).toBe('2024-05-01T08:09:11Z');
    expect(req!.headers['x-acs-signature-nonce']).toBe('nonce-1');
    expect(req!.headers.host).toBe(server.host);
    expect(req!.headers.accept).toBe('application/json');
    expect(verifyAcs3(req!, SECRET)).toBeUndefined();
    expect(verifyAcs3(req!, 'another-secret')).toBe('signature mismatch');
  });

  it('v3 with STS: signs x-acs-security-token and keeps it out of the query', async () => {
    server.handle(() => jsonAnswer({ RequestId: 'R' }));
    await callAliyunRpc(context({ securityToken: STS_TOKEN }), { ...CALL, signatureVersion: 'v3', format: 'json' });
    const [req] = server.requests;
    expect(req!.headers['x-acs-security-token']).toBe(STS_TOKEN);
    expect(String(req!.headers.authorization)).toContain('x-acs-security-token');
    expect(req!.url.search).not.toContain(STS_TOKEN);
    expect(verifyAcs3(req!, SECRET)).toBeUndefined();
  });

  it('v3 under a base path signs the path it sends', async () => {
    server.handle(() => jsonAnswer({ RequestId: 'R' }));
    await callAliyunRpc(context({ baseUrl: `${server.url}/aliyun-rds` }), { ...CALL, signatureVersion: 'v3', format: 'json' });
    const [req] = server.requests;
    expect(req!.path).toBe('/aliyun-rds/');
    expect(verifyAcs3(req!, SECRET)).toBeUndefined();
  });

  it('v1: GET with every parameter, Format and the signature in the query', async () => {
    server.handle(() => jsonAnswer({ RequestId: 'R' }));
    await callAliyunRpc(context({ securityToken: STS_TOKEN }), { ...CALL, signatureVersion: 'v1', format: 'json' });
    const [req] = server.requests;
    expect(req!.method).toBe('GET');
    const q = Object.fromEntries(queryParams(req!));
    expect(q).toMatchObject({
      Action: 'DescribeBackups',
      Version: '2014-08-15',
      Format: 'JSON',
      AccessKeyId: 'LTAI-test',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'nonce-1',
      Timestamp: '2024-05-01T08:09:11Z',
      SecurityToken: STS_TOKEN,
      DBInstanceId: 'rm-abc',
      PageSize: '100',
      PageNumber: '1',
    });
    expect('BackupId' in q).toBe(false);
    expect(req!.headers.authorization).toBeUndefined();
    expect(verifyRpcV1(req!, SECRET)).toBeUndefined();
  });

  it.each(['v3', 'v1'] as const)('%s + xml: asks for XML and unwraps the <ActionResponse> root', async (signatureVersion) => {
    server.handle(() =>
      xmlAnswer(
        '<?xml version="1.0" encoding="UTF-8"?><DescribeBackupsResponse><RequestId>R</RequestId><TotalRecordCount>1</TotalRecordCount>' +
          '<Items><Backup><BackupId>7</BackupId></Backup></Items></DescribeBackupsResponse>',
      ),
    );
    const res = await callAliyunRpc(context(), { ...CALL, signatureVersion, format: 'xml' });
    expect(res.body).toEqual({ RequestId: 'R', TotalRecordCount: '1', Items: { Backup: { BackupId: '7' } } });
    const [req] = server.requests;
    expect(queryParams(req!).get('Format')).toBe('XML');
    expect(req!.headers.accept).toBe('application/xml');
    expect(signatureVersion === 'v3' ? verifyAcs3(req!, SECRET) : verifyRpcV1(req!, SECRET)).toBeUndefined();
  });

  it.each(['v3', 'v1'] as const)('%s: a throttled attempt is retried, re-signed with a fresh nonce and timestamp', async (signatureVersion) => {
    let calls = 0;
    server.handle(() =>
      ++calls === 1
        ? errorAnswer(400, { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'T1' }, { headers: { 'x-acs-retry-after': '20' } })
        : jsonAnswer({ RequestId: 'OK' }),
    );
    const retries: RetryEvent[] = [];
    const res = await callAliyunRpc(context(), { ...CALL, signatureVersion, format: 'json', onRetry: (e) => retries.push(e) });
    expect(res.body).toEqual({ RequestId: 'OK' });
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(ThrottlingError);
    expect((retries[0]!.error as ThrottlingError).requestId).toBe('T1');
    expect((retries[0]!.error as ThrottlingError).retryAfterMs).toBe(20);
    expect(retries[0]!.delayMs).toBe(20);
    const [a, b] = server.requests;
    if (signatureVersion === 'v3') {
      expect([a!.headers['x-acs-signature-nonce'], b!.headers['x-acs-signature-nonce']]).toEqual(['nonce-1', 'nonce-2']);
      expect(a!.headers['x-acs-date']).not.toBe(b!.headers['x-acs-date']);
      expect(a!.headers.authorization).not.toBe(b!.headers.authorization);
      expect(verifyAcs3(b!, SECRET)).toBeUndefined();
    } else {
      expect([queryParams(a!).get('SignatureNonce'), queryParams(b!).get('SignatureNonce')]).toEqual(['nonce-1', 'nonce-2']);
      expect(queryParams(a!).get('Signature')).not.toBe(queryParams(b!).get('Signature'));
      expect(verifyRpcV1(b!, SECRET)).toBeUndefined();
    }
  });
});

describe('unwrapResponseRoot', () => {
  it('unwraps only the action root', () => {
    expect(unwrapResponseRoot({ DescribeBackupsResponse: { a: '1' } }, 'DescribeBackups')).toEqual({ a: '1' });
    expect(unwrapResponseRoot({ OtherResponse: { a: '1' } }, 'DescribeBackups')).toEqual({ OtherResponse: { a: '1' } });
    expect(unwrapResponseRoot({ RequestId: 'R' }, 'DescribeBackups')).toEqual({ RequestId: 'R' });
    expect(unwrapResponseRoot(undefined, 'DescribeBackups')).toBeUndefined();
  });
});
