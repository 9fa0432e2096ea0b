import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { resolveAliyunOptions, type AliyunSourceOptions } from '../../../src/providers/aliyun-common/options.js';

describe('resolveAliyunOptions', () => {
  it('defaults to v3 signing, JSON and the official host', () => {
    const rds = resolveAliyunOptions('aliyun-rds', { region: 'eu-central-1' });
    expect(rds).toMatchObject({ options: { region: 'eu-central-1' }, regions: { kind: 'list', regions: ['eu-central-1'] }, signatureVersion: 'v3', format: 'json' });
    expect(rds.baseUrlFor('eu-central-1')).toBe('https://rds.eu-central-1.aliyuncs.com');
    expect(resolveAliyunOptions('aliyun-kvstore', { region: 'cn-shenzhen' }).baseUrlFor('cn-shenzhen')).toBe('https://r-kvstore.cn-shenzhen.aliyuncs.com');
  });

  it('uses the endpoint override, without a trailing slash, and then accepts any well-formed region', () => {
    const resolved = resolveAliyunOptions('aliyun-rds', {
      region: 'xx-test-1',
      endpoint: 'http://127.0.0.1:8080/',
      signatureVersion: 'v1',
      format: 'xml',
    });
    expect(resolved).toMatchObject({
      options: { region: 'xx-test-1', endpoint: 'http://127.0.0.1:8080/', signatureVersion: 'v1', format: 'xml' },
      regions: { kind: 'list', regions: ['xx-test-1'] },
      signatureVersion: 'v1',
      format: 'xml',
    });
    expect(resolved.baseUrlFor('xx-test-1')).toBe('http://127.0.0.1:8080');
  });

  it.each([
    [{ region: 'cn-hangzhou', signatureVersion: 'v2' }, 'signatureVersion', "aliyun-rds: signatureVersion must be 'v3' or 'v1'."],
    [{ region: 'cn-hangzhou', format: 'JSON' }, 'format', "aliyun-rds: format must be 'json' or 'xml'."],
    [{ region: 'cn-hangzhou', regoin: 'x' }, 'regoin', 'unknown option "regoin". Did you mean "region"?'],
    [{ region: 'cn-hangzhou', retry: { maxAttemps: 3 } }, 'retry.maxAttemps', 'unknown option "retry.maxAttemps". Did you mean "maxAttempts"?'],
    [{ region: 'cn-hangzou' }, 'region', 'unknown region "cn-hangzou". Did you mean "cn-hangzhou"?'],
    [{ region: 'CN_Hangzhou' }, 'region', 'is not an Aliyun region id'],
    [{ region: 'cn-hangzhou', endpoint: 'http://example.com' }, 'endpoint', 'plain http to a non-loopback host'],
    [{}, 'region', 'region is required'],
  ])('rejects %j', (options, field, message) => {
    let error: unknown;
    try {
      resolveAliyunOptions('aliyun-rds', options as unknown as AliyunSourceOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).field).toBe(field);
    expect((error as Error).message).toContain(message);
  });
});
