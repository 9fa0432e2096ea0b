import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { sourcesFromFlags, splitProviderPrefix, type SourceFlagValues } from '../../src/cli/sources-from-flags.js';

const refused = (flags: SourceFlagValues): string => {
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
    ['huawei-rds:http://x', { provider: 'huawei-rds', value: 'http://x' }],
    ['aliyun-rds:a:b', { provider: 'aliyun-rds', value: 'a:b' }],
    [':x', { value: ':x' }],
  ])('%s', (text, expected) => {
    expect(splitProviderPrefix(text)).toEqual(expected);
  });
});

describe('sourcesFromFlags', () => {
  it('one source per provider; a bare value goes to every provider taking the flag, a prefixed one to its provider', () => {
    expect(
      sourcesFromFlags({
        provider: ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql', 'aliyun-rds'],
        values: {
          endpoint: ['http://127.0.0.1:9000'],
          region: ['cn-hangzhou', 'huawei-rds:cn-north-4'],
          site: ['asia'],
          'project-id': ['p1'],
          'iam-endpoint': ['http://127.0.0.1:9001'],
          'signature-version': ['v1', 'aliyun-kvstore:v3'],
          'aliyun-format': ['xml'],
          'time-zone': ['Asia/Singapore'],
        },
      }),
    ).toEqual([
      { provider: 'aliyun-rds', options: { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000', signatureVersion: 'v1', format: 'xml' } },
      { provider: 'aliyun-kvstore', options: { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9000', signatureVersion: 'v3', format: 'xml' } },
      { provider: 'huawei-rds', options: { region: 'cn-north-4', endpoint: 'http://127.0.0.1:9000', projectId: 'p1', iamEndpoint: 'http://127.0.0.1:9001' } },
      { provider: 'capitalonline-mysql', options: { site: 'asia', endpoint: 'http://127.0.0.1:9000', timeZone: 'Asia/Singapore' } },
    ]);
  });

  it('several locations make one source covering them, duplicates dropped; an optional location may be left out', () => {
    expect(sourcesFromFlags({ provider: ['aliyun-rds'], values: { region: ['cn-hangzhou', 'cn-shanghai', 'cn-hangzhou'] } })).toEqual([
      { provider: 'aliyun-rds', options: { region: ['cn-hangzhou', 'cn-shanghai'] } },
    ]);
    expect(sourcesFromFlags({ provider: ['capitalonline-mysql'] })).toEqual([{ provider: 'capitalonline-mysql', options: {} }]);
  });

  it("'*' and --exclude-region: every location but some, per provider (sites for a site provider)", () => {
    expect(
      sourcesFromFlags({
        provider: ['aliyun-rds', 'huawei-rds', 'capitalonline-mysql'],
        values: { region: ['*', 'huawei-rds:cn-north-4', 'huawei-rds:cn-east-3'], site: ['*'], 'exclude-region': ['eu-central-1', 'ap-southeast-1', 'capitalonline-mysql:us'] },
      }),
    ).toEqual([
      { provider: 'aliyun-rds', options: { region: '*', excludeRegions: ['eu-central-1', 'ap-southeast-1'] } },
      { provider: 'huawei-rds', options: { region: ['cn-north-4', 'cn-east-3'], excludeRegions: ['eu-central-1', 'ap-southeast-1'] } },
      { provider: 'capitalonline-mysql', options: { site: '*', excludeRegions: ['us'] } },
    ]);
  });

  it('--profile: one source per profile and provider (one account each); a prefixed profile only for its provider', () => {
    expect(sourcesFromFlags({ provider: ['aliyun-rds', 'capitalonline-mysql'], values: { region: ['*'], profile: ['prod', 'staging', 'prod'] } })).toEqual([
      { provider: 'aliyun-rds', options: { region: '*', profile: 'prod' } },
      { provider: 'aliyun-rds', options: { region: '*', profile: 'staging' } },
      { provider: 'capitalonline-mysql', options: { profile: 'prod' } },
      { provider: 'capitalonline-mysql', options: { profile: 'staging' } },
    ]);
    expect(sourcesFromFlags({ provider: ['aliyun-rds', 'capitalonline-mysql'], values: { region: ['cn-hangzhou'], profile: ['prod', 'capitalonline-mysql:ops'] } })).toEqual([
      { provider: 'aliyun-rds', options: { region: 'cn-hangzhou', profile: 'prod' } },
      { provider: 'capitalonline-mysql', options: { profile: 'ops' } },
    ]);
  });

  it('--endpoint: bare for every provider, prefixed for one (a {site} template beside a plain URL)', () => {
    expect(sourcesFromFlags({ provider: ['aliyun-rds', 'capitalonline-mysql'], values: { region: ['cn-hangzhou'], endpoint: ['http://127.0.0.1:9', 'capitalonline-mysql:http://127.0.0.1:9/{site}'] } })).toEqual([
      { provider: 'aliyun-rds', options: { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9' } },
      { provider: 'capitalonline-mysql', options: { endpoint: 'http://127.0.0.1:9/{site}' } },
    ]);
  });

  it('bare instances belong to the only provider; prefixed ones to theirs, deduplicated', () => {
    expect(sourcesFromFlags({ provider: ['capitalonline-mysql'], instance: ['a', 'b', 'a'] })).toEqual([{ provider: 'capitalonline-mysql', options: { instances: ['a', 'b'] } }]);
    expect(
      sourcesFromFlags({ provider: ['aliyun-rds', 'capitalonline-mysql'], values: { region: ['cn-hangzhou'] }, instance: ['aliyun-rds:rm-1', 'capitalonline-mysql:c-1'] }),
    ).toEqual([
      { provider: 'aliyun-rds', options: { region: 'cn-hangzhou', instances: ['rm-1'] } },
      { provider: 'capitalonline-mysql', options: { instances: ['c-1'] } },
    ]);
  });

  it.each<[string, SourceFlagValues, string]>([
    ['no provider', {}, 'Choose the sources: --provider <name>'],
    ['no region', { provider: ['huawei-rds'] }, "huawei-rds needs a region: add --region <region> (e.g. --region cn-north-4), --region '*' for every region, or --region huawei-rds:<region>"],
    ["'*' beside other regions", { provider: ['aliyun-rds'], values: { region: ['*', 'cn-hangzhou'] } }, "--region '*' (every region the account can use) stands alone for aliyun-rds"],
    ["instances with '*'", { provider: ['aliyun-rds'], values: { region: ['*'] }, instance: ['rm-1'] }, "which live in one region, but '*' was given for it: use one --region"],
    ['two endpoints for one provider', { provider: ['aliyun-rds'], values: { region: ['x'], endpoint: ['http://a', 'http://b'] } }, '--endpoint was given 2 values for aliyun-rds'],
    ['a bare instance with two providers', { provider: ['aliyun-rds', 'huawei-rds'], values: { region: ['x'] }, instance: ['i-1'] }, 'e.g. --instance aliyun-rds:i-1'],
    ['an instance of a provider not listed', { provider: ['aliyun-rds'], values: { region: ['x'] }, instance: ['huawei-rds:i-1'] }, 'add --provider huawei-rds'],
    ['instances with several regions', { provider: ['aliyun-rds'], values: { region: ['a', 'b'] }, instance: ['rm-1'] }, 'which live in one region, but 2 were given for it: use one --region'],
    ['--site without CapitalOnline', { provider: ['aliyun-rds'], values: { region: ['x'], site: ['cn'] } }, '--site applies to capitalonline-mysql only: add --provider capitalonline-mysql, or drop --site. aliyun-rds takes --region.'],
    ['--project-id without Huawei', { provider: ['aliyun-rds'], values: { region: ['x'], 'project-id': ['p'] } }, '--project-id applies to huawei-rds only: add --provider huawei-rds, or drop --project-id.'],
    ['two values of an option for one provider', { provider: ['huawei-rds'], values: { region: ['a'], 'project-id': ['p', 'q'] } }, '--project-id was given 2 values for huawei-rds (p, q)'],
    ['a value outside the choices, with a suggestion', { provider: ['aliyun-rds'], values: { region: ['x'], 'signature-version': ['v2'] } }, '--signature-version "v2" is not allowed. Did you mean "v3"? Allowed values: v3, v1.'],
    ['a region for CapitalOnline', { provider: ['capitalonline-mysql'], values: { region: ['capitalonline-mysql:cn'] } }, 'capitalonline-mysql does not take --region. capitalonline-mysql takes --site.'],
    ['a bare region with only CapitalOnline', { provider: ['capitalonline-mysql'], values: { region: ['cn'] } }, '--region applies to aliyun-rds, aliyun-kvstore, huawei-rds only'],
    ['a region for a provider not listed', { provider: ['aliyun-rds'], values: { region: ['huawei-rds:cn-north-4'] } }, 'add --provider huawei-rds'],
    ['an empty instance id', { provider: ['aliyun-rds'], values: { region: ['x'] }, instance: ['aliyun-rds:'] }, 'has no instance id'],
    ['an empty prefixed value', { provider: ['aliyun-rds'], values: { region: ['aliyun-rds:'] } }, '--region "aliyun-rds:" has no value'],
  ])('refuses %s', (_name, flags, message) => {
    expect(refused(flags)).toContain(message);
  });
});
