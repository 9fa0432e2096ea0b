import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rpcStringToSign } from '../../src/emulator/aliyun/verify-rpc.js';
import { huaweiCanonicalRequest } from '../../src/emulator/huawei/verify.js';
import { aliyunTime, beijingWallTime, huaweiTime, parseAliyunMinute, parseHuaweiTime } from '../../src/emulator/times.js';

// The verifiers are checked against the vendors' published worked examples, not against any client signer.
describe('verifiers reproduce the published signing examples', () => {
  it('Aliyun RPC V1: ECS DescribeRegions example', () => {
    const sts = rpcStringToSign('GET', {
      AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
    });
    expect(sts).toBe('GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26');
    expect(createHmac('sha1', 'testsecret&').update(sts).digest('base64')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('Huawei APIG: the signing guide\'s VPC example', () => {
    const canonical = huaweiCanonicalRequest({
      method: 'GET',
      path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
      rawQuery: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      headers: { 'content-type': 'application/json', host: 'service.region.example.com', 'x-sdk-date': '20191115T033655Z' },
      body: Buffer.alloc(0),
    }, ['content-type', 'host', 'x-sdk-date']);
    const hash = createHash('sha256').update(canonical).digest('hex');
    expect(hash).toBe('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    const signature = createHmac('sha256', 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc').update(`SDK-HMAC-SHA256\n20191115T033655Z\n${hash}`).digest('hex');
    expect(signature).toBe('7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
  });
});

describe('time formats, independent of the host time zone', () => {
  const t = Date.UTC(2020, 5, 17, 20, 10, 13);
  it('formats each provider\'s way', () => {
    expect(aliyunTime(t)).toBe('2020-06-17T20:10:13Z');
    expect(huaweiTime(t, 480)).toBe('2020-06-18T04:10:13+0800');
    expect(huaweiTime(t, 0)).toBe('2020-06-17T20:10:13+0000');
    expect(beijingWallTime(t)).toBe('2020-06-18 04:10:13');
  });
  it('parses request times strictly', () => {
    expect(parseAliyunMinute('2020-06-17T20:10Z')).toBe(Date.UTC(2020, 5, 17, 20, 10));
    expect(parseAliyunMinute('2020-06-17T20:10:13Z')).toBeUndefined();
    expect(parseHuaweiTime('2020-06-18T04:10:13+0800')).toBe(t);
    expect(parseHuaweiTime('2020-06-18T04:10:13Z')).toBeUndefined();
    expect(parseHuaweiTime('2020-02-31T04:10:13+0800')).toBeUndefined();
  });
});
