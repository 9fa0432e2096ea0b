import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { capitalOnlineMysql } from '../../../src/providers/capitalonline-mysql/index.js';
import { CAPITALONLINE_SITE_BASE_URLS, resolveSite } from '../../../src/providers/capitalonline-mysql/endpoints.js';
import { endpointTemplate } from '../../../src/listing/endpoint-template.js';

function configurationError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('sites and endpoints', () => {
  it('maps each site to its documented host', () => {
    expect(CAPITALONLINE_SITE_BASE_URLS).toEqual({
      cn: 'https://cdsapi.capitalonline.net',
      asia: 'https://cdsapi-asia.capitalonline.net',
      us: 'https://cdsapi-us.capitalonline.net',
    });
  });

  it('defaults the site to cn and rejects anything else with the choices', () => {
    expect(resolveSite(undefined)).toBe('cn');
    expect(resolveSite('us')).toBe('us');
    const e = configurationError(() => resolveSite('eu'));
    expect(e.field).toBe('site');
    expect(e.message).toContain(`site "eu" is not one of 'cn', 'asia', 'us'`);
  });

  it('lets the endpoint override replace the host, trailing slash removed, with the site filled in per site', () => {
    expect(endpointTemplate('capitalonline-mysql', 'http://127.0.0.1:9000/', '{site}', 'cn')('us')).toBe('http://127.0.0.1:9000');
    expect(endpointTemplate('capitalonline-mysql', 'https://proxy.example.com/cds', '{site}', 'cn')('cn')).toBe('https://proxy.example.com/cds');
    expect(endpointTemplate('capitalonline-mysql', 'http://127.0.0.1:9000/{site}', '{site}', 'cn')('asia')).toBe('http://127.0.0.1:9000/asia');
    expect(configurationError(() => endpointTemplate('capitalonline-mysql', 'http://10.0.0.8', '{site}', 'cn')).field).toBe('endpoint');
  });
});

describe('capitalOnlineMysql options', () => {
  const credentials = { accessKeyId: 'id', accessKeySecret: 'secret' };

  it('uses the site as the source region', () => {
    expect(capitalOnlineMysql({ credentials }).region).toBe('cn');
    expect(capitalOnlineMysql({ credentials, site: 'asia' }).region).toBe('asia');
    expect(capitalOnlineMysql({ site: 'us', instances: ['a'] })).toMatchObject({ provider: 'capitalonline-mysql', region: 'us', instances: ['a'] });
  });

  it('validates site, timeZone and unknown options when the source is created', () => {
    expect(configurationError(() => capitalOnlineMysql({ site: 'eu' as 'cn' })).field).toBe('site');
    expect(configurationError(() => capitalOnlineMysql({ timeZone: 'Beijing' })).field).toBe('timeZone');
    expect(configurationError(() => capitalOnlineMysql({ region: 'cn' } as never)).message).toContain('unknown option "region"');
    expect(configurationError(() => capitalOnlineMysql(null as never)).message).toBe('capitalonline-mysql: pass an options object.');
    expect(configurationError(() => capitalOnlineMysql({ timeZone: 8 } as never)).message).toContain('timeZone must be a string');
  });
});
