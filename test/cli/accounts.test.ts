import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupRecord } from '../../src/cli/format/record.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { ProviderName } from '../../src/index.js';
import { MemoryStream, run, stubCredentials, testIO } from './harness.js';
import { comparable, csvRecords, expectedRecords, ndjsonRecords } from './records.js';

/**
 * Every region, every account (issue 15): `--region '*'`, `--exclude-region`, `--profile` (one account each) and
 * config entries with `regions`, `profile` and `account`, against an emulator of two accounts in three regions.
 */

const ANCHOR = new Date('2026-06-01T00:00:00Z');
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: 21, accounts: 2, regions: 3, instances: 1, backupsPerInstance: 6, anchorTime: ANCHOR });
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => {
  emu.clearDenials();
  vi.unstubAllEnvs();
});

/** Profile name per emulator account: `prod` holds the first account's keys, `staging` the second's. */
const PROFILES: Record<string, string> = { default: 'prod', 'account-2': 'staging' };

/**
 * A HOME with each provider's own way of naming a profile, and no credential variable set: `--profile` is the
 * only way in. Aliyun `~/.alibabacloud/credentials`, Huawei `~/.huaweicloud/credentials`, CapitalOnline
 * `PROD_CDS_SECRET_ID` / `_KEY`.
 */
beforeEach(() => {
  stubCredentials(undefined);
  const home = process.env.HOME!;
  const [prod, staging] = emu.accounts.map((a) => a.credentials);
  const aliyun = ([['prod', prod!], ['staging', staging!]] as const).map(
    ([name, c]) => `[${name}]\ntype = access_key\naccess_key_id = ${c.accessKeyId}\naccess_key_secret = ${c.accessKeySecret}\n`,
  );
  // A RAM-role profile: the first account's keys assume the second account's role through the emulator's STS.
  aliyun.push(`[role]\ntype = ram_role_arn\naccess_key_id = ${prod!.accessKeyId}\naccess_key_secret = ${prod!.accessKeySecret}\nrole_arn = ${emu.accounts[1]!.roleArn}\nsts_endpoint = ${emu.url}\n`);
  mkdirSync(join(home, '.alibabacloud'));
  writeFileSync(join(home, '.alibabacloud', 'credentials'), aliyun.join('\n'));
  mkdirSync(join(home, '.huaweicloud'));
  writeFileSync(
    join(home, '.huaweicloud', 'credentials'),
    ([['prod', prod!], ['staging', staging!]] as const).map(([name, c]) => `[${name}]\nak = ${c.accessKeyId}\nsk = ${c.accessKeySecret}\n`).join('\n'),
  );
  for (const [name, c] of [['PROD', prod!], ['STAGING', staging!]] as const) {
    vi.stubEnv(`${name}_CDS_SECRET_ID`, c.accessKeyId);
    vi.stubEnv(`${name}_CDS_SECRET_KEY`, c.accessKeySecret);
  }
});

/** The ground truth of `providers`, each backup's account renamed to the profile that reaches it. */
function truth(providers: readonly ProviderName[], keep: (r: BackupRecord) => boolean = () => true): BackupRecord[] {
  return comparable(expectedRecords(emu, {}, providers).map((r) => ({ ...r, account: PROFILES[r.account]! })).filter(keep));
}

const emulatorFlags = () => ['--endpoint', emu.url, '--endpoint', `capitalonline-mysql:${emu.url}/{site}`, '--iam-endpoint', emu.url];

describe("--region '*' with --profile: every region of every account", () => {
  it("list --provider aliyun-rds --region '*' --profile prod --profile staging: exactly both accounts' backups, each with its account", async () => {
    emu.clearRequestLog();
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', '*', '--profile', 'prod', '--profile', 'staging', '--endpoint', emu.url, '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = ndjsonRecords(result.stdout);
    expect(new Set(records.map((r) => r.account))).toEqual(new Set(['prod', 'staging']));
    expect(new Set(records.map((r) => r.region))).toEqual(new Set(emu.regions['aliyun-rds']));
    expect(comparable(records)).toEqual(truth(['aliyun-rds']));
    // '*' is resolved once per source (one per profile), not per region or instance.
    expect(emu.requestLog().filter((e) => e.action === 'DescribeRegions').map((e) => e.account).sort()).toEqual(['account-2', 'default']);
  });

  it("every provider chosen gets one source per profile: Aliyun, Huawei and CapitalOnline ('*' sites), as CSV", async () => {
    const providers = ['aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'] as const;
    const result = await run(['list', '--provider', providers.join(','), '--region', '*', '--site', '*', '--profile', 'prod,staging', ...emulatorFlags(), '--format', 'csv']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(comparable(csvRecords(result.stdout))).toEqual(truth(providers));
  });

  it('--exclude-region leaves regions out of every account', async () => {
    const [, beijing] = emu.regions['aliyun-rds'];
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', '*', '--exclude-region', beijing!, '--profile', 'prod', '--profile', 'staging', '--endpoint', emu.url, '--format', 'json']);
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as BackupRecord[];
    expect(records.some((r) => r.region === beijing)).toBe(false);
    expect(comparable(records)).toEqual(truth(['aliyun-rds'], (r) => r.region !== beijing));
  });

  it('a region list (comma-separated and repeated) lists just those regions', async () => {
    const [hangzhou, beijing, shanghai] = emu.regions['aliyun-rds'];
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', `${hangzhou},${shanghai}`, '--region', hangzhou!, '--profile', 'staging', '--endpoint', emu.url, '--format', 'ndjson']);
    expect(result.code).toBe(0);
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(truth(['aliyun-rds'], (r) => r.account === 'staging' && r.region !== beijing));
  });

  it('the table has an ACCOUNT column; the progress line on a terminal names the accounts', async () => {
    const io = testIO({ stderrTTY: true });
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', '*', '--profile', 'prod', '--profile', 'staging', '--endpoint', emu.url, '--format', 'table'], io);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+ACCOUNT\s+REGION\s+INSTANCE/);
    const accounts = lines.slice(1, -2).map((line) => line.split(/\s+/)[1]);
    expect(new Set(accounts)).toEqual(new Set(['prod', 'staging']));
    expect(accounts).toHaveLength(truth(['aliyun-rds']).length);
    expect(result.stderr).toContain('Listing accounts prod, staging: ');
  });

  it('a RAM-role profile lists the role\'s account through STS', async () => {
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', '*', '--profile', 'role', '--endpoint', emu.url, '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(truth(['aliyun-rds'], (r) => r.account === 'staging').map((r) => ({ ...r, account: 'role' })));
  });
});

describe('failures name the account', () => {
  it('a region denied to one account is one listing error naming account and region; everything else is listed (exit 1)', async () => {
    const [, beijing] = emu.regions['aliyun-rds'];
    emu.denyRegion({ provider: 'aliyun-rds', region: beijing!, account: 'account-2' });
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', '*', '--profile', 'prod', '--profile', 'staging', '--endpoint', emu.url, '--format', 'ndjson']);
    expect(result.code).toBe(1);
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(truth(['aliyun-rds'], (r) => !(r.account === 'staging' && r.region === beijing)));
    expect(result.stderr).toMatch(/^cloud-backups: 1 listing error; every other backup was listed:\n/);
    expect(result.stderr).toContain(`  - aliyun-rds / staging / ${beijing}: PermissionError`);
  });

  it('an unknown profile is a configuration error naming the provider and where it looked (exit 2)', async () => {
    const result = await run(['list', '--provider', 'aliyun-rds', '--region', '*', '--profile', 'nosuch', '--endpoint', emu.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('aliyun-rds / nosuch');
    expect(result.stderr).toContain('[nosuch]');
  });
});

describe('config file: regions, profile, account', () => {
  function configFile(value: unknown): string {
    const path = join(mkdtempSync(join(tmpdir(), 'cloud-backups-config-')), 'sources.json');
    writeFileSync(path, JSON.stringify(value));
    return path;
  }

  it("entries with regions '*', excludeRegions, a profile and an account label list like the flags", async () => {
    const [, beijing] = emu.regions['aliyun-rds'];
    const path = configFile({
      sources: [
        { provider: 'aliyun-rds', regions: '*', excludeRegions: [beijing], profile: 'prod', endpoint: emu.url },
        { provider: 'aliyun-rds', region: emu.regions['aliyun-rds'], profile: 'staging', account: 'staging-cn', endpoint: emu.url },
      ],
    });
    const result = await run(['list', '--config', path, '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = truth(['aliyun-rds'], (r) => !(r.account === 'prod' && r.region === beijing)).map((r) => (r.account === 'staging' ? { ...r, account: 'staging-cn' } : r));
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(comparable(expected));
  });
});
