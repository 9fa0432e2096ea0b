import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterEach, describe, it, expect, vi } from 'vitest';
import type * as OpenApiCore from '@alicloud/openapi-core';
import type * as RdsModule from '@alicloud/rds20140815';
import type { Credentials } from '../../src/credentials/types.js';
import { signAliyunAcs3, type AliyunAcs3Request } from '../../src/signing/index.js';
import { decodeQuery, TRICKY_VALUES, withCaptureServer, type CapturedRequest } from './helpers.js';

const require = createRequire(import.meta.url);
const core = require('@alicloud/openapi-core') as typeof OpenApiCore;
const rds = require('@alicloud/rds20140815') as typeof RdsModule;
const { OpenApiUtil } = core;
// Under NodeNext the .d.ts's `export default class Client` types as the whole CJS module, so
// describe the constructor locally; at runtime `require(...).default` is the client class.
type RdsClientCtor = new (config: OpenApiCore.$OpenApiUtil.Config) => {
  describeBackups(request: RdsModule.DescribeBackupsRequest): Promise<unknown>;
};
const RdsClient = (rds as unknown as { default: RdsClientCtor }).default;

const AK: Credentials = { accessKeyId: 'LTAI-test-only', accessKeySecret: 'fake-secret/+=' };
const STS: Credentials = {
  accessKeyId: 'STS.NTestOnly',
  accessKeySecret: 'fake-sts-secret',
  securityToken: 'CAIS+fake/token== with*~:!()', // header values must be ASCII
};
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * A credential provider for openapi-core that reports no `providerName`, so the SDK does not add
 * the optional (and signed) `x-acs-credentials-provider` header that our signer never sends.
 */
function staticCredential(creds: Credentials): NonNullable<OpenApiCore.$OpenApiUtil.Config['credential']> {
  const model = {
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    securityToken: creds.securityToken,
    type: creds.securityToken ? 'sts' : 'access_key',
  };
  const provider = {
    getCredential: async () => model,
    getAccessKeyId: async () => model.accessKeyId,
    getAccessKeySecret: async () => model.accessKeySecret,
    getSecurityToken: async () => model.securityToken,
    getType: () => model.type,
  };
  return provider as unknown as NonNullable<OpenApiCore.$OpenApiUtil.Config['credential']>;
}

/** Calls the real rds20140815 DescribeBackups against a local server with date and nonce pinned. */
async function rdsSdkSend(
  request: ConstructorParameters<typeof rds.DescribeBackupsRequest>[0],
  creds: Credentials,
  time: Date,
  nonce: string,
): Promise<CapturedRequest & { host: string }> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
  vi.spyOn(OpenApiUtil, 'getNonce').mockReturnValue(nonce);
  return withCaptureServer('{"RequestId":"r","Items":{"Backup":[]}}', async (host, captured) => {
    const client = new RdsClient(
      new core.$OpenApiUtil.Config({ credential: staticCredential(creds), endpoint: host, protocol: 'http' }),
    );
    await client.describeBackups(new rds.DescribeBackupsRequest(request));
    const [sent] = captured;
    if (!sent) throw new Error('the SDK sent nothing');
    return { ...sent, host };
  });
}

const header = (sent: CapturedRequest, name: string): string => {
  const v = sent.headers[name];
  if (typeof v !== 'string') throw new Error(`header ${name} missing`);
  return v;
};

describe('signAliyunAcs3 matches @alicloud/rds20140815 (openapi-core ACS3-HMAC-SHA256)', () => {
  const time = new Date('2025-01-02T03:04:05.678Z');
  const cases = Object.entries(TRICKY_VALUES).flatMap(([name, value]) =>
    [AK, STS].map((creds) => ({ name, value, creds, sts: Boolean(creds.securityToken) })),
  );

  it.each(cases)('$name (STS: $sts)', async ({ value, creds }) => {
    const nonce = `nonce-${value.length}-${creds.accessKeyId}`;
    const sent = await rdsSdkSend(
      { DBInstanceId: value, backupId: value, startTime: '2024-01-01T00:00Z', endTime: '2024-01-31T23:59Z', pageSize: 30 },
      creds,
      time,
      nonce,
    );
    expect(header(sent, 'x-acs-signature-nonce')).toBe(nonce);
    expect(header(sent, 'x-acs-date')).toBe('2025-01-02T03:04:05Z');

    const req: AliyunAcs3Request = {
      method: 'POST',
      host: sent.host,
      action: 'DescribeBackups',
      version: '2014-08-15',
      query: { DBInstanceId: value, BackupId: value, StartTime: '2024-01-01T00:00Z', EndTime: '2024-01-31T23:59Z', PageSize: 30 },
    };
    const ours = signAliyunAcs3(req, creds, time, nonce);

    expect(sent.method).toBe('POST');
    expect(sent.body).toBe('');
    expect(ours.headers.authorization).toBe(header(sent, 'authorization'));
    for (const [name, v] of Object.entries(ours.headers)) expect(header(sent, name), name).toBe(v);
    // Same parameters on the wire (the SDK's wire encoding differs, e.g. it leaves `*` raw).
    const sentQuery = sent.url.slice(sent.url.indexOf('?') + 1);
    expect(decodeQuery(ours.query)).toEqual([...decodeQuery(sentQuery)].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(ours.path).toBe('/');
  });
});

describe('signAliyunAcs3: structure', () => {
  const time = new Date('2025-01-02T03:04:05Z');
  const base: AliyunAcs3Request = {
    method: 'POST',
    host: 'rds.aliyuncs.com',
    action: 'DescribeBackups',
    version: '2014-08-15',
    query: { DBInstanceId: 'rm-1 2', PageSize: 30, Empty: '', Missing: undefined },
  };

  it('builds the canonical request openapi-core would build', () => {
    const ours = signAliyunAcs3(base, AK, time, 'abc');
    expect(ours.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'DBInstanceId=rm-1%202&PageSize=30',
        'host:rds.aliyuncs.com',
        'x-acs-action:DescribeBackups',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-date:2025-01-02T03:04:05Z',
        'x-acs-signature-nonce:abc',
        'x-acs-version:2014-08-15',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(ours.query).toBe('DBInstanceId=rm-1%202&PageSize=30');
    const { authorization, ...unsignedHeaders } = ours.headers;
    const reference = OpenApiUtil.getAuthorization(
      { method: 'POST', pathname: '/', query: { DBInstanceId: 'rm-1 2', PageSize: '30' }, headers: unsignedHeaders } as never,
      'ACS3-HMAC-SHA256',
      EMPTY_SHA256,
      AK.accessKeyId,
      AK.accessKeySecret,
    );
    expect(authorization).toBe(reference);
    expect(authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI-test-only,SignedHeaders=host;x-acs-action;[^,]+,Signature=[0-9a-f]{64}$/);
  });

  it('hashes and signs a body and content type', () => {
    const body = 'DBInstanceId=rm-1&Note=%E4%B8%AD';
    const ours = signAliyunAcs3({ ...base, body, contentType: 'application/x-www-form-urlencoded' }, STS, time, 'abc');
    const hash = createHash('sha256').update(body).digest('hex');
    expect(ours.headers['x-acs-content-sha256']).toBe(hash);
    expect(ours.canonicalRequest.endsWith(`\n${hash}`)).toBe(true);
    expect(ours.signedHeaders).toBe(
      'content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
    );
    const { authorization, ...unsignedHeaders } = ours.headers;
    expect(
      OpenApiUtil.getAuthorization(
        { method: 'POST', pathname: '/', query: { DBInstanceId: 'rm-1 2', PageSize: '30' }, headers: unsignedHeaders } as never,
        'ACS3-HMAC-SHA256',
        hash,
        STS.accessKeyId,
        STS.accessKeySecret,
      ),
    ).toBe(authorization);
  });

  it('encodes path segments and keeps a port in the host', () => {
    const ours = signAliyunAcs3({ ...base, host: '127.0.0.1:8080', path: '/a b/c*d' }, AK, time, 'n');
    expect(ours.path).toBe('/a%20b/c%2Ad');
    expect(ours.canonicalRequest.split('\n')[1]).toBe('/a%20b/c%2Ad');
    expect(ours.headers.host).toBe('127.0.0.1:8080');
  });

  it('sends and signs trimmed header values (openapi-core trims before signing)', () => {
    const ours = signAliyunAcs3({ ...base, contentType: '  application/json ' }, AK, time, 'n');
    expect(ours.headers['content-type']).toBe('application/json');
    expect(ours.canonicalRequest).toContain('\ncontent-type:application/json\n');
    expect(ours.headers.authorization).toBe(signAliyunAcs3({ ...base, contentType: 'application/json' }, AK, time, 'n').headers.authorization);
  });

  it('rejects a header value with a line break and an empty nonce', () => {
    expect(() => signAliyunAcs3({ ...base, contentType: 'text/plain\r\nx-evil: 1' }, AK, time, 'n')).toThrow(TypeError);
    expect(() => signAliyunAcs3(base, AK, time, '')).toThrow(TypeError);
  });

  it('is pure: same inputs, same output; a new nonce or time, a new signature', () => {
    const a = signAliyunAcs3(base, AK, time, 'n1');
    expect(signAliyunAcs3(base, AK, time, 'n1')).toEqual(a);
    expect(signAliyunAcs3(base, AK, time, 'n2').headers.authorization).not.toBe(a.headers.authorization);
    expect(signAliyunAcs3(base, AK, new Date(time.getTime() + 1000), 'n1').headers.authorization).not.toBe(
      a.headers.authorization,
    );
  });
});
