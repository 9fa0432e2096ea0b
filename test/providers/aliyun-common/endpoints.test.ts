import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { aliyunBaseUrl, aliyunHost, validateAliyunRegion } from '../../../src/providers/aliyun-common/endpoints.js';

describe('aliyunHost', () => {
  it.each([
    ['cn-hangzhou', 'rds.aliyuncs.com', 'r-kvstore.aliyuncs.com'],
    ['cn-qingdao', 'rds.aliyuncs.com', 'r-kvstore.aliyuncs.com'],
    ['cn-shanghai', 'rds.aliyuncs.com', 'r-kvstore.aliyuncs.com'],
    // central for RDS only
    ['cn-shenzhen', 'rds.aliyuncs.com', 'r-kvstore.cn-shenzhen.aliyuncs.com'],
    ['cn-hongkong', 'rds.aliyuncs.com', 'r-kvstore.cn-hongkong.aliyuncs.com'],
    ['ap-southeast-1', 'rds.aliyuncs.com', 'r-kvstore.ap-southeast-1.aliyuncs.com'],
    ['us-east-1', 'rds.aliyuncs.com', 'r-kvstore.us-east-1.aliyuncs.com'],
    ['us-west-1', 'rds.aliyuncs.com', 'r-kvstore.us-west-1.aliyuncs.com'],
    ['cn-shanghai-finance-1', 'rds.aliyuncs.com', 'r-kvstore.cn-shanghai-finance-1.aliyuncs.com'],
    ['cn-north-2-gov-1', 'rds.aliyuncs.com', 'r-kvstore.cn-north-2-gov-1.aliyuncs.com'],
    // central for KVStore only
    ['cn-wulanchabu', 'rds.cn-wulanchabu.aliyuncs.com', 'r-kvstore.aliyuncs.com'],
    // the special case
    ['cn-hangzhou-finance', 'rds-vpc.cn-hangzhou-finance.aliyuncs.com', 'r-kvstore.aliyuncs.com'],
    // regional for both
    ['cn-zhangjiakou', 'rds.cn-zhangjiakou.aliyuncs.com', 'r-kvstore.cn-zhangjiakou.aliyuncs.com'],
    ['ap-northeast-1', 'rds.ap-northeast-1.aliyuncs.com', 'r-kvstore.ap-northeast-1.aliyuncs.com'],
    ['eu-central-1', 'rds.eu-central-1.aliyuncs.com', 'r-kvstore.eu-central-1.aliyuncs.com'],
    ['me-east-1', 'rds.me-east-1.aliyuncs.com', 'r-kvstore.me-east-1.aliyuncs.com'],
  ])('%s: RDS %s, KVStore %s', (region, rds, kvstore) => {
    expect(aliyunHost('rds', region)).toBe(rds);
    expect(aliyunHost('r-kvstore', region)).toBe(kvstore);
  });

  it('builds https base URLs', () => {
    expect(aliyunBaseUrl('rds', 'eu-central-1')).toBe('https://rds.eu-central-1.aliyuncs.com');
    expect(aliyunBaseUrl('r-kvstore', 'cn-hangzhou')).toBe('https://r-kvstore.aliyuncs.com');
  });
});

describe('validateAliyunRegion', () => {
  it('accepts known regions', () => {
    expect(validateAliyunRegion('aliyun-rds', 'cn-hangzhou', { requireKnown: true })).toBe('cn-hangzhou');
  });

  it.each([undefined, '', '  ', 42])('requires a region (%s)', (region) => {
    expect(() => validateAliyunRegion('aliyun-rds', region, { requireKnown: true })).toThrow(/region is required/);
  });

  it.each(['CN-HANGZHOU', 'cn_hangzhou', 'hangzhou', 'cn-hangzhou.aliyuncs.com', 'https://x'])('rejects the malformed %s', (region) => {
    const error = (() => {
      try {
        validateAliyunRegion('aliyun-rds', region, { requireKnown: false });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).field).toBe('region');
    expect((error as Error).message).toContain('is not an Aliyun region id');
  });

  it('rejects an unknown region with a suggestion and the endpoint escape hatch', () => {
    expect(() => validateAliyunRegion('aliyun-rds', 'cn-hangzou', { requireKnown: true })).toThrow(
      'aliyun-rds: unknown region "cn-hangzou". Did you mean "cn-hangzhou"? If it is a new region, pass its endpoint too, ' +
        "e.g. endpoint: 'https://rds.cn-hangzou.aliyuncs.com'.",
    );
    expect(() => validateAliyunRegion('aliyun-kvstore', 'xx-nowhere-9', { requireKnown: true })).toThrow(
      "unknown region \"xx-nowhere-9\". If it is a new region, pass its endpoint too, e.g. endpoint: 'https://r-kvstore.xx-nowhere-9.aliyuncs.com'.",
    );
  });

  it('accepts a well-formed unknown region when the host comes from an endpoint override', () => {
    expect(validateAliyunRegion('aliyun-rds', 'xx-nowhere-9', { requireKnown: false })).toBe('xx-nowhere-9');
  });
});
