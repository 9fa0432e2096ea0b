import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { run, stubCredentials } from './harness.js';
import { ndjsonRecords } from './records.js';

/** How `list` reads its command line, and how it says what is wrong: exit 2, in flags, nothing on stdout. */

afterEach(() => vi.unstubAllEnvs());

function configFile(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cloud-backups-config-')), 'sources.json');
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('usage errors exit 2 with a message naming the problem', () => {
  const cases: [string, string[], (RegExp | string)[]][] = [
    ['an unknown flag', ['list', '--provider', 'aliyun-rds', '--bogus'], [/unknown option '--bogus'/]],
    ['a bad enum value', ['list', '--provider', 'aliyun-rds', '--status', 'failed,oops'], [/--status/, '"oops" is not a backup status.', 'Allowed values: success, failed, running, deleting, unknown.']],
    ['a misspelt status', ['list', '--provider', 'aliyun-rds', '--status', 'sucess'], ['"sucess" is not a backup status. Did you mean "success"?']],
    ['a misspelt provider', ['list', '--provider', 'aliyun-rsd'], ['"aliyun-rsd" is not a provider. Did you mean "aliyun-rds"?', 'aliyun-rds, aliyun-kvstore, huawei-rds, capitalonline-mysql']],
    ['a misspelt provider in a list', ['list', '--provider', 'aliyun-rds,huawei-rsd'], ['Did you mean "huawei-rds"?']],
    ['an unknown provider, nothing close', ['list', '--provider', 'aws-rds'], [/"aws-rds" is not a provider\. Allowed values/]],
    ['a list written with spaces', ['list', '--provider', 'aliyun-rds', '--status', 'failed', 'running'], ['unexpected argument "running" after --status failed', '(--status failed,running)']],
    ['a provider list written with spaces', ['list', '--provider', 'aliyun-rds', 'huawei-rds'], ['(--provider aliyun-rds,huawei-rds)']],
    ['a stray word elsewhere', ['list', 'aliyun-rds'], ['unexpected argument "aliyun-rds": list takes no positional arguments']],
    ['a stray word after audit', ['audit', 'now'], ['unexpected argument "now": audit takes no positional arguments']],
    ['a rule list written with spaces', ['audit', '--provider', 'aliyun-rds', '--warn', 'max-age', 'size-drop'], ['(--warn max-age,size-drop)']],
    ['a profile list written with spaces', ['sync', '--provider', 'aliyun-rds', '--profile', 'prod', 'staging'], ['(--profile prod,staging)']],
    ['no sources for audit', ['audit'], ['Choose the sources: --provider <name>']],
    ['a zone-less date-time', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--since', '2026-05-01T10:00'], [/--since/, /has no time zone/]],
    ['an inverted range', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--since', '1d', '--until', '2d'], [/--since .* must be earlier than --until/]],
    ['no sources', ['list'], ['--provider <name>', '--config FILE']],
    ['a missing region', ['list', '--provider', 'huawei-rds'], ['huawei-rds needs a region: add --region <region> (e.g. --region cn-north-4)']],
    ['an unknown region', ['list', '--provider', 'aliyun-rds', '--region', 'nowhere-9'], ['aliyun-rds: --region "nowhere-9" is not an Aliyun region id']],
    ['an unknown site', ['list', '--provider', 'capitalonline-mysql', '--site', 'eu'], ['capitalonline-mysql: --site "eu" is not one of']],
    ['a bad project id, in flags', ['list', '--provider', 'huawei-rds', '--region', 'cn-north-4', '--project-id', 'bad id!'], ['huawei-rds: --project-id must be a project id']],
    ['a bad IAM endpoint, in flags', ['list', '--provider', 'huawei-rds', '--region', 'cn-north-4', '--iam-endpoint', 'ftp://iam.example.com'], ['huawei-rds: --iam-endpoint must use https']],
    ['a bad time zone, in flags', ['list', '--provider', 'capitalonline-mysql', '--time-zone', 'Mars/Base'], ['capitalonline-mysql: --time-zone "Mars/Base" is not a time zone']],
    ['a plain-http endpoint', ['list', '--provider', 'capitalonline-mysql', '--endpoint', 'http://example.com'], ['capitalonline-mysql: --endpoint http://example.com uses plain http']],
    ['a value outside a provider flag\'s choices', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--signature-version', 'v2'], ['--signature-version "v2" is not allowed. Did you mean "v3"?']],
    ['a provider flag without its provider', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--project-id', 'p'], ['--project-id applies to huawei-rds only: add --provider huawei-rds, or drop --project-id.']],
    ['a bad format', ['list', '--provider', 'aliyun-rds', '--format', 'xml'], [/--format/, /table, json, ndjson, csv/]],
    ['--raw with csv', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--format', 'csv', '--raw'], [/--raw applies to --format json and ndjson/]],
    ['a bad limit', ['list', '--provider', 'aliyun-rds', '--limit', '0'], [/--limit/, /1 or more/]],
    ['an unknown command', ['lst'], [/unknown command 'lst'/, /Did you mean list\?/]],
    ['no command', [], [/Usage: cloud-backups/]],
  ];
  it.each(cases)('%s', async (_name, args, patterns) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    for (const pattern of patterns) expect(result.stderr).toMatch(typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern);
  });

  it('errors from flags never name library options', async () => {
    for (const args of [
      ['list', '--provider', 'huawei-rds', '--region', 'cn-north-4', '--project-id', 'bad id!'],
      ['list', '--provider', 'huawei-rds', '--region', 'cn-north-4', '--iam-endpoint', 'ftp://x'],
      ['list', '--provider', 'capitalonline-mysql', '--time-zone', 'Mars/Base'],
    ]) {
      expect((await run(args)).stderr).not.toMatch(/projectId|iamEndpoint|timeZone/);
    }
  });

  it('a config file error names the entry and the key as the file spells it', async () => {
    const path = configFile({ sources: [{ provider: 'huawei-rds', region: 'cn-north-4', projectId: 'bad id!' }] });
    const result = await run(['list', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Config file ${path}, sources[0].projectId: huawei-rds: projectId must be a project id`);
  });

  it('a config file with a secret is refused without echoing the secret', async () => {
    const path = configFile({ sources: [{ provider: 'huawei-rds', region: 'cn-north-4', credentials: { accessKeyId: 'AK1', accessKeySecret: 'hunter2-secret' } }] });
    const result = await run(['list', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources[0].credentials');
    expect(result.stderr).toContain('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK');
    expect(result.stderr).not.toContain('hunter2-secret');
  });
});

describe('lists of values', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 4, instances: 1, backupsPerInstance: 6, anchorTime: new Date('2026-06-01T00:00:00Z') });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('--provider takes a comma list like --status, and repeats', async () => {
    stubCredentials(emu.credentials);
    const base = ['list', '--endpoint', emu.url, '--region', emu.aliyunRegion, '--format', 'ndjson'];
    const comma = await run([...base, '--provider', 'aliyun-rds,aliyun-kvstore', '--status', 'success,failed']);
    const repeated = await run([...base, '--provider', 'aliyun-rds', '--provider', 'aliyun-kvstore', '--status', 'success', '--status', 'failed']);
    expect(comma.code).toBe(0);
    const providers = (text: string) => [...new Set(ndjsonRecords(text).map((r) => r.provider))].sort();
    expect(providers(comma.stdout)).toEqual(['aliyun-kvstore', 'aliyun-rds']);
    expect(ndjsonRecords(comma.stdout).every((r) => r.status === 'success' || r.status === 'failed')).toBe(true);
    expect(ndjsonRecords(repeated.stdout).map((r) => r.id).sort()).toEqual(ndjsonRecords(comma.stdout).map((r) => r.id).sort());
  });
});
