import { describe, expect, it } from 'vitest';
import { hideSecrets } from '../../../src/credentials/chain.js';
import { ThrottlingError, type CloudBackupsError } from '../../../src/errors.js';
import type { HttpRequest, HttpResponse, SendOptions } from '../../../src/http/transport.js';
import { createAttemptBudget } from '../../../src/http/transport.js';
import type { CallContext } from '../../../src/listing/provider.js';
import { callAliyunRpc, unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';
import { decodePairs } from '../../helpers/raw-server.js';
import { officialAcs3Authorization, officialRpcSignature } from '../../signing/aliyun-official.js';

const SECRET = 'test-secret-not-real';
const STS_TOKEN = 'CAIS-test-token-not-real';
const BASE = 'http://127.0.0.1:8080';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: JSON.stringify(body),
  body,
  url: `${BASE}/`,
});

/**
 * A call context whose `send` signs `attempts` times (as the transport does on retries) and answers with what
 * `interpret` makes of each canned answer: no HTTP; what is checked is what the call builds and signs.
 */
function context(options: { securityToken?: string; baseUrl?: string; answers?: HttpResponse[] } = {}) {
  const signed: HttpRequest[] = [];
  const interpreted: (CloudBackupsError | undefined)[] = [];
  const answers = options.answers ?? [answer(200, { RequestId: 'R' })];
  let clock = Date.UTC(2024, 4, 1, 8, 9, 10);
  let n = 0;
  const credentials = hideSecrets({ accessKeyId: 'LTAI-test', accessKeySecret: SECRET, ...(options.securityToken ? { securityToken: options.securityToken } : {}) });
  const send = async (o: SendOptions): Promise<HttpResponse> => {
    for (let attempt = 1; ; attempt++) {
      signed.push(await o.sign(attempt));
      const response = answers[attempt - 1]!;
      const problem = o.interpret?.(response);
      interpreted.push(problem);
      if (!problem || attempt === answers.length) return response;
    }
  };
  const call: CallContext<'aliyun-rds'> = {
    provider: 'aliyun-rds',
    account: 'default',
    region: 'cn-hangzhou',
    baseUrl: options.baseUrl ?? BASE,
    credentials: async () => credentials,
    send,
    signal: new AbortController().signal,
    budget: createAttemptBudget(60_000),
    walkNow: new Date(clock),
    now: () => new Date((clock += 1000)),
    nonce: () => `nonce-${++n}`,
  };
  return { call, signed, interpreted, credentials };
}

const CALL = { action: 'DescribeBackups', version: '2014-08-15', params: { DBInstanceId: 'rm-abc', PageSize: 100, PageNumber: 1, BackupId: '' } } as const;

describe('callAliyunRpc', () => {
  it('v3: POST with API parameters in the query, an empty body and ACS3 headers the official SDK agrees with', async () => {
    const { call, signed, credentials } = context();
    const res = await callAliyunRpc(call, { ...CALL, signatureVersion: 'v3', format: 'json' });
    expect(res.body).toEqual({ RequestId: 'R' });
    const [req] = signed;
    expect(req!.method).toBe('POST');
    const url = new URL(req!.url);
    expect(url.pathname).toBe('/');
    expect(decodePairs(url.search.slice(1))).toEqual({ DBInstanceId: 'rm-abc', PageNumber: '1', PageSize: '100' });
    expect(req!.body).toBe('');
    expect(req!.headers).toMatchObject({
      'x-acs-action': 'DescribeBackups',
      'x-acs-version': '2014-08-15',
      'x-acs-date': '2024-05-01T08:09:11Z',
      'x-acs-signature-nonce': 'nonce-1',
      accept: 'application/json',
    });
    expect(req!.headers!.authorization).toBe(officialAcs3Authorization(req!, credentials));
    expect(req!.headers!.authorization).not.toBe(officialAcs3Authorization(req!, { ...credentials, accessKeySecret: 'another-secret' }));
  });

  it('v3 with STS: signs x-acs-security-token and keeps it out of the query', async () => {
    const { call, signed, credentials } = context({ securityToken: STS_TOKEN });
    await callAliyunRpc(call, { ...CALL, signatureVersion: 'v3', format: 'json' });
    const [req] = signed;
    expect(req!.headers!['x-acs-security-token']).toBe(STS_TOKEN);
    expect(req!.headers!.authorization).toContain('x-acs-security-token');
    expect(req!.url).not.toContain(STS_TOKEN);
    expect(req!.headers!.authorization).toBe(officialAcs3Authorization(req!, credentials));
  });

  it('v3 under a base path signs the path it sends', async () => {
    const { call, signed, credentials } = context({ baseUrl: `${BASE}/aliyun-rds` });
    await callAliyunRpc(call, { ...CALL, signatureVersion: 'v3', format: 'json' });
    const [req] = signed;
    expect(new URL(req!.url).pathname).toBe('/aliyun-rds/');
    expect(req!.headers!.authorization).toBe(officialAcs3Authorization(req!, credentials));
  });

  it('v1: GET with every parameter, Format and the signature in the query', async () => {
    const { call, signed, credentials } = context({ securityToken: STS_TOKEN });
    await callAliyunRpc(call, { ...CALL, signatureVersion: 'v1', format: 'json' });
    const [req] = signed;
    expect(req!.method).toBe('GET');
    const q = decodePairs(new URL(req!.url).search.slice(1));
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
    expect(req!.headers?.authorization).toBeUndefined();
    expect(q.Signature).toBe(officialRpcSignature(req!, credentials));
  });

  it.each(['v3', 'v1'] as const)('%s + xml: asks for XML and unwraps the <ActionResponse> root', async (signatureVersion) => {
    const xmlBody = { DescribeBackupsResponse: { RequestId: 'R', TotalRecordCount: '1', Items: { Backup: { BackupId: '7' } } } };
    const { call, signed } = context({ answers: [{ ...answer(200, xmlBody), headers: { 'content-type': 'text/xml' } }] });
    const res = await callAliyunRpc(call, { ...CALL, signatureVersion, format: 'xml' });
    expect(res.body).toEqual({ RequestId: 'R', TotalRecordCount: '1', Items: { Backup: { BackupId: '7' } } });
    const [req] = signed;
    expect(decodePairs(new URL(req!.url).search.slice(1)).Format).toBe('XML');
    expect(req!.headers!.accept).toBe('application/xml');
  });

  it.each(['v3', 'v1'] as const)('%s: every attempt is signed anew (fresh nonce and timestamp), and a throttling answer is a ThrottlingError', async (signatureVersion) => {
    const throttled = answer(400, { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'T1' }, { 'x-acs-retry-after': '20' });
    const { call, signed, interpreted, credentials } = context({ answers: [throttled, answer(200, { RequestId: 'OK' })] });
    const res = await callAliyunRpc(call, { ...CALL, signatureVersion, format: 'json', instanceId: 'rm-abc' });
    expect(res.body).toEqual({ RequestId: 'OK' });
    expect(interpreted[0]).toBeInstanceOf(ThrottlingError);
    expect(interpreted[0]).toMatchObject({ requestId: 'T1', retryAfterMs: 20, code: 'Throttling.User', instanceId: 'rm-abc', operation: 'DescribeBackups' });
    expect(interpreted[1]).toBeUndefined();
    const [a, b] = signed;
    if (signatureVersion === 'v3') {
      expect([a!.headers!['x-acs-signature-nonce'], b!.headers!['x-acs-signature-nonce']]).toEqual(['nonce-1', 'nonce-2']);
      expect(a!.headers!['x-acs-date']).not.toBe(b!.headers!['x-acs-date']);
      expect(b!.headers!.authorization).toBe(officialAcs3Authorization(b!, credentials));
    } else {
      const [qa, qb] = [decodePairs(new URL(a!.url).search.slice(1)), decodePairs(new URL(b!.url).search.slice(1))];
      expect([qa.SignatureNonce, qb.SignatureNonce]).toEqual(['nonce-1', 'nonce-2']);
      expect(qa.Signature).not.toBe(qb.Signature);
      expect(qb.Signature).toBe(officialRpcSignature(b!, credentials));
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
