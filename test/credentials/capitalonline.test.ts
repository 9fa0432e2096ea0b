import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { capitalOnlineCredentialsChain } from '../../src/credentials/capitalonline.js';
import { ConfigurationError, CredentialsNotFoundError } from '../../src/errors.js';

describe('capitalOnlineCredentialsChain', () => {
  it('reads CDS_SECRET_ID / CDS_SECRET_KEY and hides the secret', async () => {
    const creds = await capitalOnlineCredentialsChain({ env: { CDS_SECRET_ID: ' AKID-1 ', CDS_SECRET_KEY: 'k3y' } })();
    expect(creds.accessKeyId).toBe('AKID-1');
    expect(creds.accessKeySecret).toBe('k3y');
    expect(creds.securityToken).toBeUndefined();
    expect(Object.keys(creds)).toEqual(['accessKeyId']);
    expect(JSON.stringify(creds)).not.toContain('k3y');
    expect(inspect(creds)).not.toContain('k3y');
  });

  it('is lazy: the environment is read when credentials are needed, not when the chain is built', async () => {
    const env: NodeJS.ProcessEnv = {};
    const chain = capitalOnlineCredentialsChain({ env });
    env.CDS_SECRET_ID = 'late-id';
    env.CDS_SECRET_KEY = 'late-key';
    await expect(chain()).resolves.toMatchObject({ accessKeyId: 'late-id' });
  });

  it('says what it tried when nothing is set', async () => {
    const error = await capitalOnlineCredentialsChain({ env: { CDS_SECRET_ID: '  ', ALIBABA_CLOUD_ACCESS_KEY_ID: 'not ours' } })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    const e = error as CredentialsNotFoundError;
    expect(e.provider).toBe('capitalonline-mysql');
    expect(e.tried).toEqual(['the credentials option of capitalOnlineMysql() (not given)', 'environment variables CDS_SECRET_ID and CDS_SECRET_KEY']);
    expect(e.message).toContain('Tried, in order: the credentials option of capitalOnlineMysql() (not given); environment variables CDS_SECRET_ID and CDS_SECRET_KEY');
  });

  it.each([
    [{ CDS_SECRET_ID: 'id' }, 'CDS_SECRET_ID is set but CDS_SECRET_KEY is not'],
    [{ CDS_SECRET_KEY: 'do-not-show-me' }, 'CDS_SECRET_KEY is set but CDS_SECRET_ID is not'],
  ])('names the missing half of a pair (%j)', async (env, message) => {
    const error = await capitalOnlineCredentialsChain({ env })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(CredentialsNotFoundError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('do-not-show-me');
  });

  it('defaults to process.env', async () => {
    const saved = { id: process.env.CDS_SECRET_ID, key: process.env.CDS_SECRET_KEY };
    process.env.CDS_SECRET_ID = 'from-process';
    process.env.CDS_SECRET_KEY = 'process-secret';
    try {
      await expect(capitalOnlineCredentialsChain()()).resolves.toMatchObject({ accessKeyId: 'from-process' });
    } finally {
      if (saved.id === undefined) delete process.env.CDS_SECRET_ID;
      else process.env.CDS_SECRET_ID = saved.id;
      if (saved.key === undefined) delete process.env.CDS_SECRET_KEY;
      else process.env.CDS_SECRET_KEY = saved.key;
    }
  });
});
