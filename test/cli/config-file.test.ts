import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../src/cli/config-file.js';
import { UsageError } from '../../src/cli/exit-codes.js';

const parse = (value: unknown) => parseConfig(JSON.stringify(value), 'sources.json');
const problem = (value: unknown): string => {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

describe('config file', () => {
  it('reads every provider\'s options, numbers given as strings included', () => {
    const config = parse({
      sources: [
        { provider: 'aliyun-rds', region: 'cn-hangzhou', signatureVersion: 'v1', format: 'xml', instances: ['rm-1'] },
        { provider: 'aliyun-kvstore', region: 'cn-shanghai', endpoint: 'http://127.0.0.1:9000', timeoutMs: '5000' },
        { provider: 'huawei-rds', region: 'cn-north-4', projectId: 'p1', iamEndpoint: 'http://127.0.0.1:9000' },
        { provider: 'capitalonline-mysql', site: 'asia', timeZone: 'Asia/Singapore' },
      ],
      concurrency: '4',
    });
    expect(config).toEqual({
      sources: [
        { provider: 'aliyun-rds', options: { region: 'cn-hangzhou', signatureVersion: 'v1', format: 'xml', instances: ['rm-1'] } },
        { provider: 'aliyun-kvstore', options: { region: 'cn-shanghai', endpoint: 'http://127.0.0.1:9000', timeoutMs: 5000 } },
        { provider: 'huawei-rds', options: { region: 'cn-north-4', projectId: 'p1', iamEndpoint: 'http://127.0.0.1:9000' } },
        { provider: 'capitalonline-mysql', options: { site: 'asia', timeZone: 'Asia/Singapore' } },
      ],
      concurrency: 4,
    });
  });

  it("reads a location as one value, a list or '*', or its plural; excludeRegions, profile and account", () => {
    expect(
      parse({
        sources: [
          { provider: 'aliyun-rds', region: '*', excludeRegions: ['eu-central-1'], profile: 'prod' },
          { provider: 'aliyun-kvstore', regions: ['cn-hangzhou', 'cn-beijing'], profile: 'staging', account: 'staging-cn' },
          { provider: 'huawei-rds', regions: '*', instanceBudgetMs: 60000 },
          { provider: 'capitalonline-mysql', sites: ['cn', 'asia'], profile: 'ops' },
        ],
      }).sources,
    ).toEqual([
      { provider: 'aliyun-rds', options: { region: '*', excludeRegions: ['eu-central-1'], profile: 'prod' } },
      { provider: 'aliyun-kvstore', options: { region: ['cn-hangzhou', 'cn-beijing'], profile: 'staging', account: 'staging-cn' } },
      { provider: 'huawei-rds', options: { region: '*', instanceBudgetMs: 60000 } },
      { provider: 'capitalonline-mysql', options: { site: ['cn', 'asia'], profile: 'ops' } },
    ]);
  });

  it.each([
    [{ provider: 'aliyun-rds', region: 'cn-hangzhou', regions: ['cn-beijing'] }, 'sources[0]: give "region" or "regions", not both'],
    [{ provider: 'aliyun-rds', regions: [] }, 'sources[0].regions:'],
    [{ provider: 'aliyun-rds', region: 'cn-hangzhou', excludeRegions: 'cn-beijing' }, 'sources[0].excludeRegions:'],
    [{ provider: 'aliyun-rds', region: 'cn-hangzhou', profile: '' }, 'sources[0].profile:'],
    [{ provider: 'huawei-rds', profile: 'prod' }, 'sources[0].region: required: one region ("cn-north-4"), a list (["cn-north-4", ...]), or "*"'],
  ])('refuses %j', (source, message) => {
    expect(problem({ sources: [source] })).toContain(message);
  });

  it.each([
    ['credentials', { provider: 'aliyun-rds', region: 'cn-hangzhou', credentials: { accessKeyId: 'AK', accessKeySecret: 'TOPSECRET' } }, 'sources[0].credentials', 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
    ['accessKeySecret', { provider: 'huawei-rds', region: 'cn-north-4', accessKeySecret: 'TOPSECRET' }, 'sources[0].accessKeySecret', 'HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK'],
    ['a CapitalOnline secret key', { provider: 'capitalonline-mysql', secretKey: 'TOPSECRET' }, 'sources[0].secretKey', 'CDS_SECRET_ID and CDS_SECRET_KEY'],
    ['a security token', { provider: 'aliyun-kvstore', region: 'cn-hangzhou', security_token: 'TOPSECRET' }, 'sources[0].security_token', 'ALIBABA_CLOUD_ACCESS_KEY_ID'],
  ])('refuses %s, naming where it is and which env variables to use, never its value', (_name, source, at, vars) => {
    const message = problem({ sources: [source] });
    expect(message).toContain('secrets are not allowed');
    expect(message).toContain(at);
    expect(message).toContain(vars);
    expect(message).not.toContain('TOPSECRET');
  });

  it('refuses credentials at the top level too', () => {
    const message = problem({ credentials: { accessKeySecret: 'TOPSECRET' }, sources: [{ provider: 'capitalonline-mysql' }] });
    expect(message).toContain('credentials: remove it');
    expect(message).not.toContain('TOPSECRET');
  });

  it('names a misspelt key and the keys that provider accepts', () => {
    const message = problem({ sources: [{ provider: 'aliyun-rds', regoin: 'cn-hangzhou', region: 'cn-hangzhou' }] });
    expect(message).toContain('sources[0]: unknown key "regoin" (did you mean "region"?); allowed keys: provider, region, regions, signatureVersion, format, stsEndpoint, excludeRegions, profile, account, instances, endpoint, timeoutMs, instanceBudgetMs');
  });

  it('names an option that belongs to another provider', () => {
    expect(problem({ sources: [{ provider: 'capitalonline-mysql', region: 'cn-hangzhou' }] })).toContain('sources[0]: unknown key "region"');
  });

  it.each([
    [{ sources: [{ provider: 'aws-rds' }] }, 'sources[0].provider: must be one of aliyun-rds, aliyun-kvstore, huawei-rds, capitalonline-mysql'],
    [{ sources: [{ provider: 'aliyun-rsd', region: 'cn-hangzhou' }] }, 'sources[0].provider: must be one of aliyun-rds, aliyun-kvstore, huawei-rds, capitalonline-mysql. Did you mean "aliyun-rds"?'],
    [{ sources: ['aliyun-rds'] }, 'sources[0]: must be an object'],
    [{ sources: [{ provider: 'huawei-rds' }] }, 'sources[0].region:'],
    [{ sources: [{ provider: 'capitalonline-mysql', site: '' }] }, 'sources[0].site:'],
    [{ sources: [{ provider: 'aliyun-rds', region: 'cn-hangzhou', signatureVersion: 'v2' }] }, 'sources[0].signatureVersion:'],
    [{ sources: [{ provider: 'aliyun-rds', region: 'cn-hangzhou', instances: [] }] }, 'sources[0].instances:'],
    [{ sources: [{ provider: 'aliyun-rds', region: 'cn-hangzhou', instances: ['  '] }] }, 'sources[0].instances[0]:'],
    [{ sources: [] }, 'sources:'],
    [{}, 'sources:'],
    [{ sources: [{ provider: 'capitalonline-mysql' }], concurrency: 0 }, 'concurrency:'],
    [{ sources: [{ provider: 'capitalonline-mysql' }], concurrency: 'many' }, 'concurrency:'],
    [[{ provider: 'capitalonline-mysql' }], '(top level)'],
  ])('%j is rejected at %j', (value, at) => {
    const message = problem(value);
    expect(message).toContain('Config file sources.json is invalid');
    expect(message).toContain(at);
    expect(message).toContain('"provider": "aliyun-rds"'); // the example of a valid file
  });

  it('reports every bad source at once', () => {
    const message = problem({ sources: [{ provider: 'huawei-rds' }, { provider: 'capitalonline-mysql', projectId: 'p' }] });
    expect(message).toContain('sources[0].region:');
    expect(message).toContain('sources[1]: unknown key "projectId"');
  });

  it('the example in its messages is itself a valid config, one source per provider', () => {
    const message = problem({ sources: [] });
    const example = message.slice(message.indexOf('Expected, for example:\n') + 'Expected, for example:\n'.length);
    expect(parseConfig(example, 'example.json').sources.map((s) => s.provider)).toEqual(['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql']);
  });

  it('invalid JSON is a usage error naming the file', () => {
    expect(() => parseConfig('{ "sources": [', 'broken.json')).toThrow(/Config file broken.json is not valid JSON/);
  });

  it('a missing file is a usage error naming the path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cloud-backups-')), 'missing.json');
    await expect(loadConfigFile(path)).rejects.toThrow(`Cannot read config file ${path} (ENOENT)`);
  });

  it('loads a file from disk', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cloud-backups-')), 'sources.json');
    writeFileSync(path, JSON.stringify({ sources: [{ provider: 'capitalonline-mysql', site: 'us' }] }));
    await expect(loadConfigFile(path)).resolves.toEqual({ sources: [{ provider: 'capitalonline-mysql', options: { site: 'us' } }] });
  });
});
