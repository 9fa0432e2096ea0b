import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { huaweiCredentialChain } from '../../src/credentials/huawei.js';
import { ConfigurationError, CredentialsNotFoundError } from '../../src/errors.js';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'huawei-creds-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function writeProfile(text: string, path = join(home, '.huaweicloud', 'credentials')): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text, 'utf8');
  return path;
}

describe('huaweiCredentialChain', () => {
  it('reads HUAWEICLOUD_SDK_AK/SK, the security token and the project id from the environment', async () => {
    const chain = huaweiCredentialChain({
      homeDir: home,
      env: {
        HUAWEICLOUD_SDK_AK: 'AK-ENV',
        HUAWEICLOUD_SDK_SK: 'SK-ENV-SECRET',
        HUAWEICLOUD_SDK_SECURITY_TOKEN: 'TOKEN-ENV-SECRET',
        HUAWEICLOUD_SDK_PROJECT_ID: 'project-env',
      },
    });
    const creds = await chain.credentials();
    expect(creds.accessKeyId).toBe('AK-ENV');
    expect(creds.accessKeySecret).toBe('SK-ENV-SECRET');
    expect(creds.securityToken).toBe('TOKEN-ENV-SECRET');
    expect(await chain.projectId()).toBe('project-env');
    expect((await chain.profile()).source).toBe('env HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK');
    // secrets never show when the credentials are printed or serialized
    expect(JSON.stringify(creds)).not.toContain('SECRET');
    expect(inspect(creds)).not.toContain('SECRET');
  });

  it('prefers the environment over the profile file', async () => {
    await writeProfile('[basic]\nak = AK-FILE\nsk = SK-FILE\n');
    const chain = huaweiCredentialChain({ homeDir: home, env: { HUAWEICLOUD_SDK_AK: 'AK-ENV', HUAWEICLOUD_SDK_SK: 'SK-ENV' } });
    expect((await chain.credentials()).accessKeyId).toBe('AK-ENV');
    expect(await chain.projectId()).toBeUndefined();
  });

  it('falls back to [basic] in ~/.huaweicloud/credentials, with its project_id and security_token', async () => {
    await writeProfile('# comment\n[global]\nak = AK-GLOBAL\nsk = SK-GLOBAL\n\n[basic]\nak = AK-FILE\nsk = "SK-FILE"\nsecurity_token = TOKEN-FILE\nproject_id = project-file\n');
    const chain = huaweiCredentialChain({ homeDir: home, env: {} });
    const creds = await chain.credentials();
    expect(creds).toMatchObject({ accessKeyId: 'AK-FILE' });
    expect(creds.accessKeySecret).toBe('SK-FILE');
    expect(creds.securityToken).toBe('TOKEN-FILE');
    expect(await chain.projectId()).toBe('project-file');
  });

  it('reads the file HUAWEICLOUD_SDK_CREDENTIALS_FILE names', async () => {
    const path = await writeProfile('[basic]\nak=AK-OTHER\nsk=SK-OTHER\n', join(home, 'elsewhere', 'creds.ini'));
    const chain = huaweiCredentialChain({ homeDir: home, env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: path } });
    expect((await chain.credentials()).accessKeyId).toBe('AK-OTHER');
  });

  it('fails clearly, listing what was tried, when nothing is found', async () => {
    const chain = huaweiCredentialChain({ homeDir: home, env: {} });
    const error = await chain.credentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    const tried = (error as CredentialsNotFoundError).tried;
    expect(tried).toHaveLength(2);
    expect(tried[0]).toContain('HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK');
    expect(tried[1]).toContain(join(home, '.huaweicloud', 'credentials'));
    expect(tried[1]).toContain('HUAWEICLOUD_SDK_CREDENTIALS_FILE');
    expect((error as Error).message).toContain('Pass `credentials`');
  });

  it('a profile without a [basic] section is "not found", not an error', async () => {
    await writeProfile('[global]\nak = A\nsk = B\n');
    await expect(huaweiCredentialChain({ homeDir: home, env: {} }).credentials()).rejects.toBeInstanceOf(CredentialsNotFoundError);
  });

  it('half-configured places are errors naming what is missing, never skipped', async () => {
    await expect(huaweiCredentialChain({ homeDir: home, env: { HUAWEICLOUD_SDK_AK: 'AK' } }).credentials()).rejects.toThrow(
      /HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not/,
    );
    await writeProfile('[basic]\nak = AK-FILE\n');
    const error = await huaweiCredentialChain({ homeDir: home, env: {} }).credentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/has ak but no sk/);
  });

  it('a credentials file named by the variable but missing is an error', async () => {
    const missing = join(home, 'nope.ini');
    await expect(huaweiCredentialChain({ homeDir: home, env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: missing } }).credentials()).rejects.toThrow(
      `HUAWEICLOUD_SDK_CREDENTIALS_FILE points to ${missing}, which does not exist`,
    );
  });

  it('a named profile without any credentials file says which file it looked for, not that a variable points there', async () => {
    const error = (await huaweiCredentialChain({ homeDir: home, env: {}, profile: 'prod' }).credentials().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      `huawei-rds: profile "prod" is read from ${join(home, '.huaweicloud', 'credentials')}, which does not exist; create it with a [prod] section (ak, sk, optional project_id) or set HUAWEICLOUD_SDK_CREDENTIALS_FILE.`,
    );
  });

  it('is lazy (nothing is read until asked), resolves once, and does not cache a failure', async () => {
    const env: NodeJS.ProcessEnv = {};
    const chain = huaweiCredentialChain({ homeDir: home, env });
    // created before anything exists: a lazy chain must not have looked yet
    env.HUAWEICLOUD_SDK_AK = 'AK-1';
    env.HUAWEICLOUD_SDK_SK = 'SK-1';
    const first = await chain.credentials();
    env.HUAWEICLOUD_SDK_AK = 'AK-2';
    expect(await chain.credentials()).toBe(first);

    const failing: NodeJS.ProcessEnv = {};
    const retrying = huaweiCredentialChain({ homeDir: home, env: failing });
    await expect(retrying.credentials()).rejects.toBeInstanceOf(CredentialsNotFoundError);
    failing.HUAWEICLOUD_SDK_AK = 'AK-LATE';
    failing.HUAWEICLOUD_SDK_SK = 'SK-LATE';
    expect((await retrying.credentials()).accessKeyId).toBe('AK-LATE');
  });

  it('treats blank variables as absent', async () => {
    await writeProfile('[basic]\nak = AK-FILE\nsk = SK-FILE\nproject_id =   \n');
    const chain = huaweiCredentialChain({ homeDir: home, env: { HUAWEICLOUD_SDK_AK: '  ', HUAWEICLOUD_SDK_SK: '' } });
    expect((await chain.credentials()).accessKeyId).toBe('AK-FILE');
    expect(await chain.projectId()).toBeUndefined();
  });
});
