import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { resolveEndpointOverride } from '../../src/endpoint.js';

describe('resolveEndpointOverride', () => {
  it('refuses an endpoint with user:password@, without printing the password', () => {
    for (const endpoint of ['https://admin:hunter22@rds.example.com', 'http://admin:hunter22@127.0.0.1:8080', 'https://admin@rds.example.com']) {
      let error: unknown;
      try {
        resolveEndpointOverride('aliyun-rds', endpoint);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/must not contain credentials/);
      expect(`${(error as Error).message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain('hunter22');
    }
  });

  it('does not echo credentials from an endpoint that is not a URL either', () => {
    expect(() => resolveEndpointOverride('huawei-rds', 'https://u:hunter22@[bad')).toThrow(/"https:\/\/\[REDACTED\]@\[bad" is not a URL/);
  });

  it('still accepts https anywhere and http to loopback', () => {
    expect(resolveEndpointOverride('aliyun-rds', 'https://rds.example.com/')).toBe('https://rds.example.com');
    expect(resolveEndpointOverride('aliyun-rds', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });
});
