import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { sourcesFromFlags, splitProviderPrefix, type SourceFlags } from '../../src/cli/sources-from-flags.js';

const refused = (flags: SourceFlags): string => {
  try {
    sourcesFromFlags(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the flags to be refused');
};

describe('splitProviderPrefix', () => {
  it.each([
    ['huawei-rds:cn-north-4', { provider: 'huawei-rds', value: 'cn-north-4' }],
    ['cn-north-4', { value: 'cn-north-4' }],
    ['http://x', { value: 'http://x' }],
    ['aliyun-rds:a:b', { provider: 'aliyun-rds', value: 'a:b' }],
    [':x', { value: ':x' }],
  ])('%s', (text, expected) => {
    expect(splitProviderPrefix(text)).toEqual(expected);
  });
});

describe('sourcesFromFlags', () => {
  it('one source per provider; a bare region goes to every regional provider, a prefixed one to its provider', () => {
    expect(
      sourcesFromFlags({
        provider: ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql', 'aliyun-rds'],
        region: ['cn-hangzhou', 'huawei-rds:cn-north-4'],
        endpoint: 'http://127.0.0.1:9000',
        site: 'asia',
        projectId: 'p1',
        iamEndpoint: 'http://127.0.0.1:9001',
      }),
    ).toEqual([
      { provider: 'aliyun-rds', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000' },
      { provider: 'aliyun-kvstore', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000' },
      { provider: 'huawei-rds', region: 'cn-north-4', endpoint: 'http://127.0.0.1:9000', projectId: 'p1', iamEndpoint: 'http://127.0.0.1:9001' },
      { provider: 'capitalonline-mysql', endpoint: 'http://127.0.0.1:9000', site: 'asia' },
    ]);
  });

  it('several regions make several sources', () => {
    expect(sourcesFromFlags({ provider: ['aliyun-rds'], region: ['cn-hangzhou', 'cn-shanghai', 'cn-hangzhou'] })).toEqual([
      { provider: 'aliyun-rds', region: 'cn-hangzhou' },
      { provider: 'aliyun-rds', region: 'cn-shanghai' },
    ]);
  });

  it('bare instances belong to the only provider; prefixed ones to theirs, deduplicated', () => {
    expect(sourcesFromFlags({ provider: ['capitalonline-mysql'], instance: ['a', 'b', 'a'] })).toEqual([{ provider: 'capitalonline-mysql', instances: ['a', 'b'] }]);
    expect(
      sourcesFromFlags({ provider: ['aliyun-rds', 'capitalonline-mysql'], region: ['cn-hangzhou'], instance: ['aliyun-rds:rm-1', 'capitalonline-mysql:c-1'] }),
    ).toEqual([
      { provider: 'aliyun-rds', region: 'cn-hangzhou', instances: ['rm-1'] },
      { provider: 'capitalonline-mysql', instances: ['c-1'] },
    ]);
  });

  it.each<[string, SourceFlags, string]>([
    ['no provider', {}, 'Choose what to list: --provider <name>'],
    ['no region', { provider: ['huawei-rds'] }, 'huawei-rds needs a region: add --region <region> (e.g. --region cn-north-4)'],
    ['a bare instance with two providers', { provider: ['aliyun-rds', 'huawei-rds'], region: ['x'], instance: ['i-1'] }, 'e.g. --instance aliyun-rds:i-1'],
    ['an instance of a provider not listed', { provider: ['aliyun-rds'], region: ['x'], instance: ['huawei-rds:i-1'] }, 'add --provider huawei-rds'],
    ['instances with several regions', { provider: ['aliyun-rds'], region: ['a', 'b'], instance: ['rm-1'] }, 'use one --region'],
    ['--site without CapitalOnline', { provider: ['aliyun-rds'], region: ['x'], site: 'cn' }, '--site applies to capitalonline-mysql only'],
    ['an unknown site', { provider: ['capitalonline-mysql'], site: 'eu' }, '--site "eu" is not a CapitalOnline site. Allowed values: cn, asia, us'],
    ['--project-id without Huawei', { provider: ['aliyun-rds'], region: ['x'], projectId: 'p' }, '--project-id applies to huawei-rds only'],
    ['--project-id with two Huawei regions', { provider: ['huawei-rds'], region: ['a', 'b'], projectId: 'p' }, '--project-id belongs to one Huawei region'],
    ['a region for CapitalOnline', { provider: ['capitalonline-mysql'], region: ['capitalonline-mysql:cn'] }, 'has sites, not regions: use --site'],
    ['a bare region with only CapitalOnline', { provider: ['capitalonline-mysql'], region: ['cn'] }, 'capitalonline-mysql takes --site'],
    ['a region for a provider not listed', { provider: ['aliyun-rds'], region: ['huawei-rds:cn-north-4'] }, 'add --provider huawei-rds'],
    ['an empty instance id', { provider: ['aliyun-rds'], region: ['x'], instance: ['aliyun-rds:'] }, 'has no instance id'],
  ])('refuses %s', (_name, flags, message) => {
    expect(refused(flags)).toContain(message);
  });
});
