import { createHmac } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import type { Credentials } from '../../src/credentials/types.js';
import {
  computeRpcV1Signature,
  signAliyunRpcV1,
  signCapitalOnline,
  type CapitalOnlineRequest,
} from '../../src/signing/index.js';

const CREDS: Credentials = { accessKeyId: 'cds-test-ak', accessKeySecret: 'cds-fake-secret/+=' };
const TIME = new Date('2018-01-01T12:00:00Z');
const NONCE = 'c6a4b2e0-1f2d-11ef-9a3b-0242ac120002';

/**
 * A test-local transcription of CapitalOnline's documented Python reference (`get_signature` in
 * the OpenAPI docs / cds-python-sdk `sign.py`), independent of the implementation under test:
 *   percentEncode(s) = quote(utf8(s), '') then '+'->'%20', '*'->'%2A', '%7E'->'~'
 * Python 2's quote leaves only letters, digits and `_.-` alone; in JS that is encodeURIComponent
 * plus escaping the `!'()*~` it leaves alone, after which the documented replacements apply.
 */
function pyPercentEncode(s: string): string {
  const quoted = encodeURIComponent(s).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return quoted.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

function pyGetSignature(
  action: string,
  ak: string,
  secret: string,
  method: string,
  param: Record<string, string>,
  timestamp: string,
  nonce: string,
): { stringToSign: string; signature: string } {
  const D: Record<string, string> = {
    Action: action,
    AccessKeyId: ak,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    Timestamp: timestamp,
    Version: '2019-08-08',
  };
  Object.assign(D, param); // D.update(param)
  // sorted(D.items(), key=lambda x: x[0]) compares str by code point, i.e. by UTF-8 bytes.
  const sortedD = Object.entries(D).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let canstring = '';
  for (const [k, v] of sortedD) canstring += `&${pyPercentEncode(k)}=${pyPercentEncode(v)}`;
  const stringToSign = `${method}&%2F&${pyPercentEncode(canstring.slice(1))}`;
  const signature = createHmac('sha1', Buffer.from(secret, 'utf8')).update(stringToSign).digest('base64').trim();
  return { stringToSign, signature };
}

const TRICKY: Record<string, string> = {
  space: 'my backup',
  star: 'a*b',
  tilde: 'a~b',
  plus: 'a+b',
  slash: 'a/b',
  equals: 'a=b',
  ampersand: 'a&b',
  percent: '100%',
  quotes: `"it's"`,
  parentheses: '(x)',
  bang: 'hi!',
  colon: '10:00',
  chinese: '首云数据库',
  everything: `a b*c~d+e/f=g&h%i"j'k(l)m!n:o首`,
};

describe('signCapitalOnline matches the documented Python reference', () => {
  it.each(Object.entries(TRICKY).flatMap(([name, value]) => (['GET', 'POST'] as const).map((method) => ({ name, value, method }))))(
    '$method $name',
    ({ value, method }) => {
      const ours = signCapitalOnline(
        { method, action: 'DescribeBackups', params: { InstanceUuid: value, Desc: value } },
        CREDS,
        TIME,
        NONCE,
      );
      const ref = pyGetSignature('DescribeBackups', CREDS.accessKeyId, CREDS.accessKeySecret, method, { InstanceUuid: value, Desc: value }, '2018-01-01T12:00:00Z', NONCE);
      expect(ours.stringToSign).toBe(ref.stringToSign);
      expect(ours.params.Signature).toBe(ref.signature);
    },
  );

  it('sorts keys case-sensitively by code point: IP < InstanceName < InstanceUuid', () => {
    const ours = signCapitalOnline(
      { method: 'GET', action: 'DescribeDBInstances', params: { InstanceUuid: 'u-1', InstanceName: 'db 1', IP: '10.0.0.1' } },
      CREDS,
      TIME,
      NONCE,
    );
    expect(ours.query).toBe(
      'AccessKeyId=cds-test-ak&Action=DescribeDBInstances&IP=10.0.0.1&InstanceName=db%201&InstanceUuid=u-1' +
        `&SignatureMethod=HMAC-SHA1&SignatureNonce=${NONCE}&SignatureVersion=1.0&Timestamp=2018-01-01T12%3A00%3A00Z` +
        `&Version=2019-08-08&Signature=${encodeURIComponent(ours.params.Signature ?? '')}`,
    );
    const ref = pyGetSignature('DescribeDBInstances', CREDS.accessKeyId, CREDS.accessKeySecret, 'GET', { InstanceUuid: 'u-1', InstanceName: 'db 1', IP: '10.0.0.1' }, '2018-01-01T12:00:00Z', NONCE);
    expect(ours.params.Signature).toBe(ref.signature);
  });

  it('lets action parameters win over common ones, like dict.update', () => {
    const param = { Version: '2020-02-02', InstanceUuid: 'u' };
    const ours = signCapitalOnline({ method: 'GET', action: 'DescribeBackups', params: param }, CREDS, TIME, NONCE);
    const ref = pyGetSignature('DescribeBackups', CREDS.accessKeyId, CREDS.accessKeySecret, 'GET', param, '2018-01-01T12:00:00Z', NONCE);
    expect(ours.params.Version).toBe('2020-02-02');
    expect(ours.params.Signature).toBe(ref.signature);
  });

  it('uses version 2019-08-08 by default and drops empty parameters', () => {
    const ours = signCapitalOnline({ method: 'GET', action: 'DescribeBackups', params: { InstanceUuid: 'u', Empty: '', Gone: undefined } }, CREDS, TIME, NONCE);
    expect(ours.params).toEqual({
      Action: 'DescribeBackups',
      AccessKeyId: 'cds-test-ak',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: NONCE,
      SignatureVersion: '1.0',
      Timestamp: '2018-01-01T12:00:00Z',
      Version: '2019-08-08',
      InstanceUuid: 'u',
      Signature: ours.params.Signature,
    });
    expect(ours.params.Signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('rejects a Signature parameter and an empty nonce', () => {
    expect(() => signCapitalOnline({ method: 'GET', action: 'A', params: { Signature: 'x' } }, CREDS, TIME, NONCE)).toThrow(TypeError);
    expect(() => signCapitalOnline({ method: 'GET', action: 'A', params: {} }, CREDS, TIME, '')).toThrow(TypeError);
  });

  it('is pure: same inputs, same output; a new nonce or time, a new signature', () => {
    const req: CapitalOnlineRequest = { method: 'GET', action: 'DescribeBackups', params: { InstanceUuid: 'u' } };
    const a = signCapitalOnline(req, CREDS, TIME, NONCE);
    expect(signCapitalOnline(req, CREDS, TIME, NONCE)).toEqual(a);
    expect(signCapitalOnline(req, CREDS, TIME, `${NONCE}x`).params.Signature).not.toBe(a.params.Signature);
    expect(signCapitalOnline(req, CREDS, new Date(TIME.getTime() + 1000), NONCE).params.Signature).not.toBe(a.params.Signature);
  });
});

describe('host and path are not signed', () => {
  it('the signer does not accept a host or path, and extra fields do not change the output', () => {
    const req: CapitalOnlineRequest = { method: 'GET', action: 'DescribeBackups', params: { InstanceUuid: 'u' } };
    // @ts-expect-error: CapitalOnlineRequest has no host
    const withHost: CapitalOnlineRequest = { ...req, host: 'cdsapi-us.capitalonline.net' };
    // @ts-expect-error: CapitalOnlineRequest has no path
    const withPath: CapitalOnlineRequest = { ...req, path: '/redis' };
    const base = signCapitalOnline(req, CREDS, TIME, NONCE);
    expect(signCapitalOnline(withHost, CREDS, TIME, NONCE)).toEqual(base);
    expect(signCapitalOnline(withPath, CREDS, TIME, NONCE)).toEqual(base);
    // The path slot of the string to sign is the constant pct('/').
    expect(base.stringToSign.startsWith('GET&%2F&AccessKeyId%3D')).toBe(true);
  });
});

describe('Aliyun RPC v1 and CapitalOnline differ only by the HMAC key suffix', () => {
  // Give CapitalOnline the one common parameter it lacks (Format) so both sign the same set.
  const params = { InstanceUuid: `a b*~+/:中`, Format: 'JSON' };
  const capital = signCapitalOnline({ method: 'GET', action: 'DescribeBackups', params, version: '2019-08-08' }, CREDS, TIME, NONCE);
  const aliyun = signAliyunRpcV1(
    { method: 'GET', action: 'DescribeBackups', version: '2019-08-08', params: { InstanceUuid: params.InstanceUuid } },
    CREDS,
    TIME,
    NONCE,
  );

  it('produces the same parameters and string to sign', () => {
    const { Signature: s1, ...p1 } = capital.params;
    const { Signature: s2, ...p2 } = aliyun.params;
    expect(p1).toEqual(p2);
    expect(capital.stringToSign).toBe(aliyun.stringToSign);
    expect(s1).not.toBe(s2);
  });

  it('keys HMAC-SHA1 with the bare secret (CapitalOnline) versus secret + "&" (Aliyun)', () => {
    const hmac = (key: string) => createHmac('sha1', key).update(aliyun.stringToSign).digest('base64');
    expect(capital.params.Signature).toBe(hmac(CREDS.accessKeySecret));
    expect(aliyun.params.Signature).toBe(hmac(`${CREDS.accessKeySecret}&`));
  });

  it('the shared core reproduces each vendor by switching keySuffix alone', () => {
    const { Signature: _s, ...unsigned } = capital.params;
    const core = (keySuffix: '&' | '') => computeRpcV1Signature({ method: 'GET', params: unsigned, secret: CREDS.accessKeySecret, keySuffix });
    expect(core('').signature).toBe(capital.params.Signature);
    expect(core('&').signature).toBe(aliyun.params.Signature);
  });

  it('the Python reference keyed with secret + "&" gives the Aliyun signature', () => {
    const ref = pyGetSignature('DescribeBackups', CREDS.accessKeyId, `${CREDS.accessKeySecret}&`, 'GET', params, '2018-01-01T12:00:00Z', NONCE);
    expect(ref.signature).toBe(aliyun.params.Signature);
  });
});
