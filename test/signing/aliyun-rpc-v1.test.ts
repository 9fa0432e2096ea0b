import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterEach, describe, it, expect, vi } from 'vitest';
import type * as OpenApiCore from '@alicloud/openapi-core';
import type PopRpcClient from '@alicloud/pop-core';
import type { Credentials } from '../../src/credentials/types.js';
import { signAliyunRpcV1, type AliyunRpcV1Request } from '../../src/signing/index.js';
import { TRICKY_VALUES, withCaptureServer } from './helpers.js';

const require = createRequire(import.meta.url);
const RPCClient = require('@alicloud/pop-core') as typeof PopRpcClient;
// pop-core has its own nested copy of kitx; patch that one (it calls kitx.makeNonce() per request).
const popRequire = createRequire(require.resolve('@alicloud/pop-core'));
const popKitx = popRequire('kitx') as { makeNonce: () => string };
const { OpenApiUtil } = require('@alicloud/openapi-core') as typeof OpenApiCore;

const TEST_CREDS: Credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const STS_CREDS: Credentials = {
  accessKeyId: 'STS.NTestOnlyNotARealKey',
  accessKeySecret: 'fake-sts-secret/+=',
  securityToken: 'CAIS+fake/token==with spaces*~:中',
};

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('signAliyunRpcV1: published example (doc 28839)', () => {
  const req: AliyunRpcV1Request = {
    method: 'GET',
    action: 'DescribeRegions',
    version: '2014-05-26',
    params: {},
    format: 'XML',
  };
  const signed = signAliyunRpcV1(
    req,
    TEST_CREDS,
    new Date('2016-02-23T12:46:24Z'),
    '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  );

  it('produces the documented string to sign', () => {
    expect(signed.stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
  });

  it('produces the documented signature', () => {
    expect(signed.params.Signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(signed.query).toBe(
      'AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1' +
        '&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0' +
        '&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D',
    );
  });

  it('returns every sent parameter', () => {
    expect(signed.params).toEqual({
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
      Signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
    });
  });
});

describe('signAliyunRpcV1: parameters', () => {
  const time = new Date('2024-05-01T08:09:10.987Z');

  it('defaults Format to JSON, truncates milliseconds and formats the Timestamp in UTC', () => {
    const s = signAliyunRpcV1({ method: 'GET', action: 'DescribeBackups', version: '2014-08-15', params: {} }, TEST_CREDS, time, 'n');
    expect(s.params.Format).toBe('JSON');
    expect(s.params.Timestamp).toBe('2024-05-01T08:09:10Z');
    expect(s.params.SecurityToken).toBeUndefined();
  });

  it('adds SecurityToken with STS credentials', () => {
    const s = signAliyunRpcV1({ method: 'GET', action: 'A', version: 'v', params: {} }, STS_CREDS, time, 'n');
    expect(s.params.SecurityToken).toBe(STS_CREDS.securityToken);
    expect(s.query).toContain(`SecurityToken=CAIS%2Bfake%2Ftoken%3D%3Dwith%20spaces%2A~%3A%E4%B8%AD&`);
  });

  it('never signs or sends empty or undefined parameters', () => {
    const s = signAliyunRpcV1(
      { method: 'GET', action: 'A', version: 'v', params: { Empty: '', Missing: undefined, Zero: 0, No: false } },
      TEST_CREDS,
      time,
      'n',
    );
    expect(Object.keys(s.params)).not.toContain('Empty');
    expect(Object.keys(s.params)).not.toContain('Missing');
    expect(s.params.Zero).toBe('0');
    expect(s.params.No).toBe('false');
    expect(s.query).not.toMatch(/Empty|Missing/);
  });

  it('rejects API parameters that collide with a common parameter, and an empty nonce', () => {
    for (const key of ['Action', 'Timestamp', 'SecurityToken', 'Signature', 'AccessKeyId']) {
      expect(() =>
        signAliyunRpcV1({ method: 'GET', action: 'A', version: 'v', params: { [key]: 'x' } }, TEST_CREDS, time, 'n'),
      ).toThrow(TypeError);
    }
    expect(() => signAliyunRpcV1({ method: 'GET', action: 'A', version: 'v', params: {} }, TEST_CREDS, time, '')).toThrow(
      TypeError,
    );
  });

  it('rejects an invalid Date', () => {
    expect(() =>
      signAliyunRpcV1({ method: 'GET', action: 'A', version: 'v', params: {} }, TEST_CREDS, new Date(Number.NaN), 'n'),
    ).toThrow(RangeError);
  });

  it('is pure: same inputs give the same output; a new nonce or time gives a new signature', () => {
    const req: AliyunRpcV1Request = { method: 'GET', action: 'DescribeBackups', version: '2014-08-15', params: { DBInstanceId: 'rm-1' } };
    const a = signAliyunRpcV1(req, TEST_CREDS, time, 'nonce-1');
    expect(signAliyunRpcV1(req, TEST_CREDS, time, 'nonce-1')).toEqual(a);
    expect(signAliyunRpcV1(req, TEST_CREDS, time, 'nonce-2').params.Signature).not.toBe(a.params.Signature);
    expect(signAliyunRpcV1(req, TEST_CREDS, new Date(time.getTime() + 1000), 'nonce-1').params.Signature).not.toBe(
      a.params.Signature,
    );
  });

  it('signs the method: GET and POST differ only in the string to sign prefix', () => {
    const req = { action: 'A', version: 'v', params: { X: '1' } };
    const get = signAliyunRpcV1({ ...req, method: 'GET' }, TEST_CREDS, time, 'n');
    const post = signAliyunRpcV1({ ...req, method: 'POST' }, TEST_CREDS, time, 'n');
    expect(get.stringToSign.startsWith('GET&%2F&')).toBe(true);
    expect(post.stringToSign).toBe(`POST${get.stringToSign.slice(3)}`);
    expect(post.params.Signature).not.toBe(get.params.Signature);
  });
});

/** Runs pop-core's real RPCClient against a local server with its clock and nonce pinned; returns what it sent. */
async function popCoreSend(
  method: 'GET' | 'POST',
  action: string,
  version: string,
  params: Record<string, string>,
  creds: Credentials,
  time: Date,
  nonce: string,
): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
  vi.spyOn(popKitx, 'makeNonce').mockReturnValue(nonce);
  return withCaptureServer('{"RequestId":"r"}', async (host, captured) => {
    const client = new RPCClient({
      endpoint: `http://${host}`,
      apiVersion: version,
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
    });
    await client.request(action, params, { method, formatParams: false });
    const [sent] = captured;
    if (!sent) throw new Error('pop-core sent nothing');
    expect(sent.method).toBe(method);
    return method === 'GET' ? sent.url.replace(/^\/\?/, '') : sent.body;
  });
}

describe('signAliyunRpcV1 matches @alicloud/pop-core byte for byte', () => {
  const time = new Date('2024-02-29T23:59:58Z');
  const cases = Object.entries(TRICKY_VALUES).flatMap(([name, value]) =>
    (['GET', 'POST'] as const).flatMap((method) =>
      [TEST_CREDS, STS_CREDS].map((creds) => ({ name, value, method, creds, sts: Boolean(creds.securityToken) })),
    ),
  );

  it.each(cases)('$method $name (STS: $sts)', async ({ value, method, creds }) => {
    const params = { DBInstanceId: value, StartTime: '2024-01-01T00:00Z', PageSize: '30', 'Tag.1.Key': value };
    const nonce = `nonce-${method}-${value.length}`;
    const sent = await popCoreSend(method, 'DescribeBackups', '2014-08-15', params, creds, time, nonce);
    // Proof that the pins took effect (otherwise the comparison below could not pass anyway).
    expect(sent).toContain(`&SignatureNonce=${nonce}&`);
    expect(sent).toContain('&Timestamp=2024-02-29T23%3A59%3A58Z&');
    const ours = signAliyunRpcV1({ method, action: 'DescribeBackups', version: '2014-08-15', params }, creds, time, nonce);
    expect(ours.query).toBe(sent);
    // A second, independent reference: openapi-core's v1 helper over our parameter set.
    const { Signature, ...unsigned } = ours.params;
    expect(OpenApiUtil.getRPCSignature(unsigned, method, creds.accessKeySecret)).toBe(Signature);
  });

  it('all tricky values at once, numbers and booleans included', async () => {
    const nonce = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
    const sent = await popCoreSend('GET', 'DescribeBackups', '2015-01-01', { ...TRICKY_VALUES, PageNumber: '2', NeedAof: 'true' }, STS_CREDS, time, nonce);
    const ours = signAliyunRpcV1(
      { method: 'GET', action: 'DescribeBackups', version: '2015-01-01', params: { ...TRICKY_VALUES, PageNumber: 2, NeedAof: true } },
      STS_CREDS,
      time,
      nonce,
    );
    expect(ours.query).toBe(sent);
  });
});
