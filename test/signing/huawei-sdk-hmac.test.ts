import { createHash } from 'node:crypto';
import { afterEach, describe, it, expect, vi } from 'vitest';
import type { Credentials } from '../../src/credentials/types.js';
import { formatSdkDate, signHuawei, type HuaweiSignRequest } from '../../src/signing/index.js';
import { sdkSign as officialSign, type SdkSignInput } from './huawei-official.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const HOST = 'rds.cn-north-4.myhuaweicloud.com';
const AKSK: Credentials = { accessKeyId: 'HWTESTONLYAK0000000', accessKeySecret: 'fake-huawei-secret-key-for-tests-only' };
const TEMP: Credentials = { ...AKSK, securityToken: 'gQpjbi1ub3J0aC00fake+token/with=padding==' };
const TIME = new Date('2024-03-01T12:34:56.789Z');

afterEach(() => {
  vi.useRealTimers();
});

const sdkSign = (input: SdkSignInput, time: Date = TIME) => officialSign(input, time);


/** The SDK's `stripTrailingSlash` on the URL it sends. */
const sdkWirePath = (url: string): string => url.replace(/\/$/, '');

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

const listBackups = (query: HuaweiSignRequest['query'], extraHeaders: Record<string, string> = {}): HuaweiSignRequest => ({
  method: 'GET',
  host: HOST,
  path: `/v3/${PROJECT}/backups`,
  query,
  headers: { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT, ...extraHeaders },
});

describe('signHuawei: the signing guide worked example', () => {
  const signed = signHuawei(
    {
      method: 'GET',
      host: 'service.region.example.com',
      path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
      query: { limit: 2, marker: '13551d6b-755d-4757-b956-536f674975c0' },
      headers: { 'Content-Type': 'application/json' },
    },
    { accessKeyId: 'QTWAOYTTINDUT2QVKYUC', accessKeySecret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
    new Date('2019-11-15T03:36:55Z'),
  );

  it('builds the documented canonical request', () => {
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json',
        'host:service.region.example.com',
        'x-sdk-date:20191115T033655Z',
        '',
        'content-type;host;x-sdk-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
  });

  it('produces the documented string to sign and Authorization', () => {
    expect(signed.stringToSign).toBe(
      'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
    );
    expect(signed.headers.authorization).toBe(
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, ' +
        'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
    expect(signed.headers['x-sdk-date']).toBe('20191115T033655Z');
  });

  it('sends the path without the signing slash and the query exactly as signed', () => {
    expect(signed.path).toBe('/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs');
    expect(signed.query).toBe(signed.canonicalRequest.split('\n')[2]);
  });
});

describe('signHuawei matches @huaweicloud/huaweicloud-sdk-core', () => {
  async function expectSameAsSdk(req: HuaweiSignRequest, creds: Credentials, sdkQuery: Record<string, unknown>): Promise<void> {
    const { 'X-Project-Id': _omit, ...sdkHeaders } = req.headers ?? {};
    const sdk = await sdkSign({
      method: req.method as 'GET' | 'POST',
      host: req.host,
      url: '/v3/{project_id}/backups',
      query: sdkQuery,
      headers: sdkHeaders,
      creds,
      projectId: PROJECT,
    });
    const ours = signHuawei(req, creds, TIME);
    expect(ours.headers.authorization).toBe(sdk.headers.Authorization);
    // Every header the SDK set (and signed) is ours too, with the same value.
    const sdkLower = lower(sdk.headers);
    for (const [name, value] of Object.entries(ours.headers)) expect(sdkLower[name], name).toBe(value);
    expect(Object.keys(ours.headers).sort()).toEqual(Object.keys(sdkLower).sort());
    expect(ours.path).toBe(sdkWirePath(sdk.url));
    expect(ours.path.endsWith('/')).toBe(false);
    expect(ours.query).toBe(ours.canonicalRequest.split('\n')[2]);
  }

  it('plain ListBackups', async () => {
    const query = { instance_id: 'f9ba04bd1e2d4a7b8e3c5d6f7a8b9c0din01', offset: 0, limit: 100 };
    await expectSameAsSdk(listBackups(query), AKSK, query);
    const ours = signHuawei(listBackups(query), AKSK, TIME);
    expect(ours.query).toBe('instance_id=f9ba04bd1e2d4a7b8e3c5d6f7a8b9c0din01&limit=100&offset=0');
    expect(ours.signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date');
    expect(ours.headers['x-sdk-date']).toBe('20240301T123456Z');
  });

  it('a time window with + and : in the values', async () => {
    const query = {
      instance_id: 'inst01',
      begin_time: '2024-03-01T00:00:00+0800',
      end_time: '2024-03-31T23:59:59+0800',
      backup_type: 'auto',
    };
    await expectSameAsSdk(listBackups(query), AKSK, query);
    const ours = signHuawei(listBackups(query), AKSK, TIME);
    expect(ours.query).toBe(
      'backup_type=auto&begin_time=2024-03-01T00%3A00%3A00%2B0800&end_time=2024-03-31T23%3A59%3A59%2B0800&instance_id=inst01',
    );
  });

  it('temporary credentials sign X-Security-Token', async () => {
    const query = { instance_id: 'inst01', offset: 0, limit: 100 };
    await expectSameAsSdk(listBackups(query), TEMP, query);
    const ours = signHuawei(listBackups(query), TEMP, TIME);
    expect(ours.signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date;x-security-token');
    expect(ours.headers['x-security-token']).toBe(TEMP.securityToken);
  });

  it('a query value with space, ~, *, +, /, =, &, accented and Chinese characters and an emoji', async () => {
    const query = { instance_id: 'inst01', name: 'a b~c*d+e/f=g&h café 备份 🚀', offset: 0 };
    await expectSameAsSdk(listBackups(query), AKSK, query);
    const ours = signHuawei(listBackups(query), AKSK, TIME);
    expect(ours.query).toBe(
      'instance_id=inst01&name=a%20b~c%2Ad%2Be%2Ff%3Dg%26h%20caf%C3%A9%20%E5%A4%87%E4%BB%BD%20%F0%9F%9A%80&offset=0',
    );
  });

  it('array values: one pair per value, values sorted', async () => {
    const req = listBackups({ instance_id: 'inst01', status: ['FAILED', 'BUILDING', 'COMPLETED'] });
    await expectSameAsSdk(req, AKSK, { instance_id: 'inst01', status: ['FAILED', 'BUILDING', 'COMPLETED'] });
    expect(signHuawei(req, AKSK, TIME).query).toBe('instance_id=inst01&status=BUILDING&status=COMPLETED&status=FAILED');
  });

  it('X-Sdk-Content-Sha256 replaces the payload hash (the SDK adds UNSIGNED-PAYLOAD for non-JSON content)', async () => {
    const sdk = await sdkSign({
      method: 'POST',
      host: HOST,
      url: '/v3/{project_id}/backups',
      query: {},
      headers: { 'Content-Type': 'text/plain' },
      creds: AKSK,
      projectId: PROJECT,
    });
    const ours = signHuawei(
      {
        method: 'POST',
        host: HOST,
        path: `/v3/${PROJECT}/backups`,
        query: {},
        headers: { 'content-type': 'text/plain', 'x-project-id': PROJECT, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
        body: 'ignored',
      },
      AKSK,
      TIME,
    );
    expect(ours.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(ours.headers.authorization).toBe(sdk.headers.Authorization);
  });

  it('a JSON body is hashed as sent', async () => {
    const data = { name: 'manual backup 备份', instance_id: 'inst01' };
    const sdk = await sdkSign({
      method: 'POST',
      host: HOST,
      url: '/v3/{project_id}/backups',
      query: {},
      headers: { 'Content-Type': 'application/json' },
      creds: AKSK,
      projectId: PROJECT,
      data,
    });
    const body = JSON.stringify(data);
    const ours = signHuawei(
      { method: 'POST', host: HOST, path: `/v3/${PROJECT}/backups`, query: {}, headers: { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT }, body },
      AKSK,
      TIME,
    );
    expect(ours.canonicalRequest.endsWith(`\n${createHash('sha256').update(body).digest('hex')}`)).toBe(true);
    expect(ours.headers.authorization).toBe(sdk.headers.Authorization);
  });

  it('a host with a port is signed as given', async () => {
    const query = { instance_id: 'inst01' };
    await expectSameAsSdk({ ...listBackups(query), host: '127.0.0.1:8443' }, AKSK, query);
  });
});

describe('signHuawei: rules', () => {
  it('drops empty and undefined query values (the SDK would sign `k=`)', () => {
    const ours = signHuawei(listBackups({ instance_id: 'i', backup_id: '', status: undefined, list: ['', 'x'], none: [] }), AKSK, TIME);
    expect(ours.query).toBe('instance_id=i&list=x');
  });

  it('sorts query keys by code point, case-sensitively, without lowercasing them', () => {
    const ours = signHuawei(listBackups({ b: '1', B: '2', a: '3', _z: '4' }), AKSK, TIME);
    expect(ours.query).toBe('B=2&_z=4&a=3&b=1');
  });

  it('encodes path segments, keeps slashes, and never sends the signing slash', () => {
    const a = signHuawei({ ...listBackups({}), path: '/v3/a b/backups' }, AKSK, TIME);
    expect(a.canonicalRequest.split('\n')[1]).toBe('/v3/a%20b/backups/');
    expect(a.path).toBe('/v3/a%20b/backups');
    const b = signHuawei({ ...listBackups({}), path: '/v3/x/backups/' }, AKSK, TIME);
    expect(b.canonicalRequest.split('\n')[1]).toBe('/v3/x/backups/');
    expect(b.path).toBe('/v3/x/backups');
    const root = signHuawei({ ...listBackups({}), path: '/' }, AKSK, TIME);
    expect(root.path).toBe('/');
    expect(() => signHuawei({ ...listBackups({}), path: 'v3/x' }, AKSK, TIME)).toThrow(TypeError);
  });

  it('lowercases header names, trims values, and rejects reserved, duplicate or multi-line headers', () => {
    const ours = signHuawei(listBackups({}, { 'X-Language': '  en-us ' }), AKSK, TIME);
    expect(ours.headers['x-language']).toBe('en-us');
    expect(ours.canonicalRequest).toContain('\nx-language:en-us\n');
    for (const name of ['Host', 'X-Sdk-Date', 'Authorization', 'X-Security-Token']) {
      expect(() => signHuawei(listBackups({}, { [name]: 'x' }), AKSK, TIME)).toThrow(TypeError);
    }
    expect(() => signHuawei({ ...listBackups({}), headers: { 'content-type': 'a', 'Content-Type': 'b' } }, AKSK, TIME)).toThrow(TypeError);
    expect(() => signHuawei(listBackups({}, { 'X-Language': 'en\r\nX-Evil: 1' }), AKSK, TIME)).toThrow(TypeError);
  });

  it('formats X-Sdk-Date in UTC whatever the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'America/St_Johns', 'Asia/Shanghai', 'UTC']) {
        process.env.TZ = tz;
        expect(formatSdkDate(new Date('2024-12-31T23:59:59.999Z'))).toBe('20241231T235959Z');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('is pure: same inputs, same output; a different time, a different signature', () => {
    const req = listBackups({ instance_id: 'i', offset: 0, limit: 100 });
    const a = signHuawei(req, AKSK, TIME);
    expect(signHuawei(req, AKSK, TIME)).toEqual(a);
    expect(signHuawei(req, AKSK, new Date(TIME.getTime() + 1000)).headers.authorization).not.toBe(a.headers.authorization);
    expect(signHuawei(req, TEMP, TIME).headers.authorization).not.toBe(a.headers.authorization);
  });
});
