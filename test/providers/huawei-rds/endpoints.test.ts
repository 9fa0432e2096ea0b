import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { iamEndpoint, rdsEndpoint, validateRegion } from '../../../src/providers/huawei-rds/endpoints.js';

describe('Huawei endpoints', () => {
  it('builds the regional RDS and IAM hosts', () => {
    expect(rdsEndpoint('cn-north-4')).toBe('https://rds.cn-north-4.myhuaweicloud.com');
    expect(iamEndpoint('cn-north-4')).toBe('https://iam.cn-north-4.myhuaweicloud.com');
    expect(rdsEndpoint('my-kualalumpur-1')).toBe('https://rds.my-kualalumpur-1.myhuaweicloud.com');
  });

  it('puts eu-west-101 (Huawei Cloud Europe) on .myhuaweicloud.eu, and only it', () => {
    expect(rdsEndpoint('eu-west-101')).toBe('https://rds.eu-west-101.myhuaweicloud.eu');
    expect(iamEndpoint('eu-west-101')).toBe('https://iam.eu-west-101.myhuaweicloud.eu');
    expect(rdsEndpoint('eu-west-0')).toBe('https://rds.eu-west-0.myhuaweicloud.com');
  });

  it('accepts a well-formed region it has never heard of', () => {
    expect(validateRegion('xx-newplace-7')).toBe('xx-newplace-7');
  });

  it('rejects malformed regions with a message saying what a region looks like', () => {
    for (const bad of ['', 'CN-NORTH-4', 'cn north 4', 'cn-north-4.evil.com', 'cn', 'cn-', 'cn-north-4/', '../x']) {
      let thrown: unknown;
      try {
        validateRegion(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, bad).toBeInstanceOf(ConfigurationError);
      expect((thrown as ConfigurationError).field).toBe('region');
      expect((thrown as Error).message).toMatch(/cn-north-4/);
    }
    expect(() => validateRegion(undefined)).toThrow(/region is required/);
    expect(() => validateRegion(42)).toThrow(ConfigurationError);
  });
});
