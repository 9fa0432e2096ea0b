import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { env, parseIni, readOptionalFile, runChain, type CredentialsStep } from './chain.js';
import type { Credentials } from './types.js';

/** Where the chain looks; injectable so tests never read the real environment or home directory. */
export interface AliyunCredentialsChainOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

/** Names the Aliyun sources as the provider of every credentials error (both products share the chain). */
type AliyunProvider = 'aliyun-rds' | 'aliyun-kvstore';

/**
 * The Aliyun credentials chain, in order (the explicit `credentials` option is handled before it by the source):
 * 1. `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`;
 * 2. the older `ALICLOUD_ACCESS_KEY` / `ALICLOUD_SECRET_KEY` / `ALICLOUD_SECURITY_TOKEN`;
 * 3. the shared credentials file `~/.alibabacloud/credentials` (or `ALIBABA_CLOUD_CREDENTIALS_FILE`),
 *    section `ALIBABA_CLOUD_PROFILE` or `default`;
 * 4. the aliyun CLI's `~/.aliyun/config.json`, profile `ALIBABA_CLOUD_PROFILE` or its `current` one
 *    (skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`).
 */
export function aliyunCredentialsChain(provider: AliyunProvider, options: AliyunCredentialsChainOptions = {}): () => Promise<Credentials> {
  // Steps are built per call so the environment is read when credentials are first needed, not at import.
  return () => runChain(provider, aliyunCredentialSteps(provider, options));
}

export function aliyunCredentialSteps(provider: AliyunProvider, options: AliyunCredentialsChainOptions = {}): CredentialsStep[] {
  const vars = options.env ?? process.env;
  const home = options.homeDir ?? homedir();
  const profile = env('ALIBABA_CLOUD_PROFILE', vars);
  const iniPath = env('ALIBABA_CLOUD_CREDENTIALS_FILE', vars) ?? join(home, '.alibabacloud', 'credentials');
  const cliPath = join(home, '.aliyun', 'config.json');
  const steps: CredentialsStep[] = [
    envStep(vars, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'),
    envStep(vars, 'ALICLOUD_ACCESS_KEY', 'ALICLOUD_SECRET_KEY', 'ALICLOUD_SECURITY_TOKEN'),
    {
      describe: `file ${iniPath} [${profile ?? 'default'}]`,
      load: () => loadIniProfile(provider, iniPath, profile ?? 'default', env('ALIBABA_CLOUD_CREDENTIALS_FILE', vars) !== undefined),
    },
  ];
  if (env('ALIBABA_CLOUD_CLI_PROFILE_DISABLED', vars)?.toLowerCase() !== 'true') {
    steps.push({
      describe: `file ${cliPath} (profile ${profile ?? '"current"'})`,
      load: () => loadCliProfile(provider, cliPath, profile),
    });
  }
  return steps;
}

function envStep(vars: NodeJS.ProcessEnv, idVar: string, secretVar: string, tokenVar: string): CredentialsStep {
  return {
    describe: `env ${idVar} + ${secretVar}`,
    load: () => {
      const accessKeyId = env(idVar, vars);
      const accessKeySecret = env(secretVar, vars);
      if (accessKeyId === undefined && accessKeySecret === undefined) return undefined;
      const securityToken = env(tokenVar, vars);
      // A half-set pair is returned as is, so checkCredentials reports which variable is missing.
      return { accessKeyId: accessKeyId ?? '', accessKeySecret: accessKeySecret ?? '', ...(securityToken ? { securityToken } : {}) };
    },
  };
}

async function loadIniProfile(provider: AliyunProvider, path: string, profile: string, pathWasSet: boolean): Promise<Credentials | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) {
    if (pathWasSet) {
      throw new ConfigurationError(`${provider}: ALIBABA_CLOUD_CREDENTIALS_FILE points to ${path}, which does not exist. Fix the path or unset it.`, {
        provider,
        field: 'credentials',
      });
    }
    return undefined;
  }
  const section = parseIni(text)[profile];
  if (!section) return undefined;
  const type = section.type ?? section.enable_type ?? 'access_key';
  if (type !== 'access_key' && type !== 'sts') {
    throw new ConfigurationError(
      `${provider}: profile [${profile}] in ${path} has type = ${type}, which this library cannot use by itself. ` +
        'Use an access_key profile, or pass `credentials` as a function (e.g. one backed by @alicloud/credentials).',
      { provider, field: 'credentials' },
    );
  }
  const accessKeyId = section.access_key_id;
  const accessKeySecret = section.access_key_secret;
  const securityToken = section.security_token;
  return { accessKeyId: accessKeyId ?? '', accessKeySecret: accessKeySecret ?? '', ...(securityToken ? { securityToken } : {}) };
}

interface CliProfile {
  name?: unknown;
  mode?: unknown;
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
}

async function loadCliProfile(provider: AliyunProvider, path: string, wanted: string | undefined): Promise<Credentials | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch {
    throw new ConfigurationError(`${provider}: ${path} is not valid JSON. Fix it with \`aliyun configure\`, or pass \`credentials\`.`, {
      provider,
      field: 'credentials',
    });
  }
  const name = wanted ?? (typeof config.current === 'string' ? config.current : undefined);
  const profiles = Array.isArray(config.profiles) ? (config.profiles as CliProfile[]) : [];
  const profile = profiles.find((p) => typeof p === 'object' && p !== null && p.name === name);
  if (!profile) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (profile.mode) {
    case 'AK':
      return { accessKeyId: str(profile.access_key_id), accessKeySecret: str(profile.access_key_secret) };
    case 'StsToken':
      return {
        accessKeyId: str(profile.access_key_id),
        accessKeySecret: str(profile.access_key_secret),
        ...(str(profile.sts_token) ? { securityToken: str(profile.sts_token) } : {}),
      };
    default:
      throw new ConfigurationError(
        `${provider}: aliyun CLI profile "${String(name)}" in ${path} uses mode ${String(profile.mode)}; only AK and StsToken are supported. ` +
          'Pick another profile with ALIBABA_CLOUD_PROFILE, or pass `credentials` as a function (e.g. one backed by @alicloud/credentials).',
        { provider, field: 'credentials' },
      );
  }
}
