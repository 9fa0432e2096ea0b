import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aliyunCredentialsChain } from '../../src/credentials/aliyun.js';
import { ConfigurationError, CredentialsNotFoundError } from '../../src/errors.js';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cloud-backups-aliyun-creds-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const resolve = (env: NodeJS.ProcessEnv = {}) => aliyunCredentialsChain('aliyun-rds', { env, homeDir: home })();

async function writeIni(text: string, path = join(home, '.alibabacloud', 'credentials')): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

async function writeCliConfig(config: unknown): Promise<void> {
  await mkdir(join(home, '.aliyun'), { recursive: true });
  await writeFile(join(home, '.aliyun', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

function plain(c: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) {
  return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const CLI_CONFIG = {
  current: 'work',
  profiles: [
    { name: 'default', mode: 'AK', access_key_id: 'cli-default-id', access_key_secret: 'cli-default-secret', region_id: 'cn-hangzhou' },
    { name: 'work', mode: 'AK', access_key_id: 'cli-work-id', access_key_secret: 'cli-work-secret', region_id: 'cn-shanghai' },
    { name: 'sts', mode: 'StsToken', access_key_id: 'STS.cli-id', access_key_secret: 'cli-sts-secret', sts_token: 'cli-token' },
    { name: 'role', mode: 'RamRoleArn', access_key_id: 'x', access_key_secret: 'y', ram_role_arn: 'acs:ram::1:role/r' },
    { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'r' },
  ],
};

describe('aliyun credentials chain', () => {
  it('reads ALIBABA_CLOUD_* first, with the STS token, and hides the secrets', async () => {
    await writeIni('[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n');
    const creds = await resolve({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token',
      ALICLOUD_ACCESS_KEY: 'old-id',
      ALICLOUD_SECRET_KEY: 'old-secret',
    });
    expect(plain(creds)).toEqual({ accessKeyId: 'env-id', accessKeySecret: 'env-secret', securityToken: 'env-token' });
    expect(Object.keys(creds)).toEqual(['accessKeyId']);
    expect(inspect(creds)).not.toContain('env-secret');
    expect(JSON.stringify(creds)).not.toContain('env-token');
  });

  it('falls back to the older ALICLOUD_* variables', async () => {
    const creds = await resolve({ ALICLOUD_ACCESS_KEY: 'old-id', ALICLOUD_SECRET_KEY: 'old-secret', ALIBABA_CLOUD_SECURITY_TOKEN: 'ignored' });
    expect(plain(creds)).toEqual({ accessKeyId: 'old-id', accessKeySecret: 'old-secret', securityToken: undefined });
  });

  it('reports a half-set variable pair instead of skipping it', async () => {
    const error = await failure(resolve({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      'aliyun-rds: credentials from env ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET lack accessKeySecret (non-empty strings are required).',
    );
  });

  it('reads the default section of ~/.alibabacloud/credentials', async () => {
    await writeIni('[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n\n[other]\naccess_key_id = o\naccess_key_secret = p\n');
    await writeCliConfig(CLI_CONFIG);
    expect(plain(await resolve())).toEqual({ accessKeyId: 'ini-id', accessKeySecret: 'ini-secret', securityToken: undefined });
  });

  it('reads the ALIBABA_CLOUD_PROFILE section from ALIBABA_CLOUD_CREDENTIALS_FILE', async () => {
    const path = await writeIni('[default]\naccess_key_id = d\naccess_key_secret = e\n[ci]\ntype = access_key\naccess_key_id = ci-id\naccess_key_secret = "ci-secret"\n', join(home, 'elsewhere', 'creds.ini'));
    const creds = await resolve({ ALIBABA_CLOUD_CREDENTIALS_FILE: path, ALIBABA_CLOUD_PROFILE: 'ci' });
    expect(plain(creds)).toEqual({ accessKeyId: 'ci-id', accessKeySecret: 'ci-secret', securityToken: undefined });
  });

  it('fails clearly when ALIBABA_CLOUD_CREDENTIALS_FILE points nowhere', async () => {
    const missing = join(home, 'nope.ini');
    const error = await failure(resolve({ ALIBABA_CLOUD_CREDENTIALS_FILE: missing }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`aliyun-rds: ALIBABA_CLOUD_CREDENTIALS_FILE points to ${missing}, which does not exist. Fix the path or unset it.`);
  });

  it('refuses an INI profile type it cannot use, naming it', async () => {
    await writeIni('[default]\ntype = ecs_ram_role\nrole_name = my-role\n');
    const error = await failure(resolve());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('profile [default] in');
    expect(error.message).toContain('has type = ecs_ram_role');
  });

  it('reads the current profile of the aliyun CLI config (mode AK)', async () => {
    await writeCliConfig(CLI_CONFIG);
    expect(plain(await resolve())).toEqual({ accessKeyId: 'cli-work-id', accessKeySecret: 'cli-work-secret', securityToken: undefined });
  });

  it('reads a StsToken CLI profile chosen by ALIBABA_CLOUD_PROFILE', async () => {
    await writeCliConfig(CLI_CONFIG);
    expect(plain(await resolve({ ALIBABA_CLOUD_PROFILE: 'sts' }))).toEqual({
      accessKeyId: 'STS.cli-id',
      accessKeySecret: 'cli-sts-secret',
      securityToken: 'cli-token',
    });
  });

  it('refuses a CLI profile mode it cannot use', async () => {
    await writeCliConfig(CLI_CONFIG);
    const error = await failure(resolve({ ALIBABA_CLOUD_PROFILE: 'ecs' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('uses mode EcsRamRole; AK, StsToken and RamRoleArn are supported');
  });

  it('says so when a RAM-role profile meets a chain that cannot call STS', async () => {
    await writeCliConfig(CLI_CONFIG);
    const error = await failure(resolve({ ALIBABA_CLOUD_PROFILE: 'role' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('assumes a RAM role, which this source cannot do here');
  });

  it('reports a malformed CLI config', async () => {
    await writeCliConfig('{ not json');
    const error = await failure(resolve());
    expect(error.message).toBe(`aliyun-rds: ${join(home, '.aliyun', 'config.json')} is not valid JSON. Fix it with \`aliyun configure\`, or pass \`credentials\`.`);
  });

  it('skips the CLI config when ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true', async () => {
    await writeCliConfig(CLI_CONFIG);
    const error = await failure(resolve({ ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' }));
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    expect((error as CredentialsNotFoundError).tried).toHaveLength(3);
  });

  it('lists everything it tried, in order, when nothing is found', async () => {
    const error = await failure(resolve({ ALIBABA_CLOUD_PROFILE: 'nope', ALIBABA_CLOUD_ACCESS_KEY_ID: '  ' }));
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    const ini = join(home, '.alibabacloud', 'credentials');
    const cli = join(home, '.aliyun', 'config.json');
    expect((error as CredentialsNotFoundError).tried).toEqual([
      'env ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'env ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY',
      `file ${ini} [nope]`,
      `file ${cli} (profile nope)`,
    ]);
    expect(error.message).toBe(
      'aliyun-rds: no credentials found. Tried, in order: env ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET; ' +
        `env ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY; file ${ini} [nope]; file ${cli} (profile nope). ` +
        'Pass `credentials` to the source or set one of these.',
    );
  });
});
