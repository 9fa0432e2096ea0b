import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { checkCredentials, env, parseIni, readOptionalFile, runChain, type CredentialsStep } from './chain.js';
import { stsEndpoint, type RamRole } from './aliyun-sts.js';
import type { Credentials } from './types.js';

/** Where the chain looks; injectable so tests never read the real environment or home directory. */
export interface AliyunCredentialsChainOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /**
   * A named profile: looked up in `~/.alibabacloud/credentials` (`[name]`), then in the CLI's `~/.aliyun/config.json`;
   * the environment's keys are not used (they belong to another account).
   */
  profile?: string | undefined;
  /** The source's `stsEndpoint` option, for RAM-role profiles. */
  stsEndpoint?: string | undefined;
  /** Assumes a RAM role with a profile's keys (STS `AssumeRole`); without it, RAM-role profiles are refused. */
  assume?: (keys: Credentials, role: RamRole) => Promise<Credentials>;
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
  const explicit = options.profile;
  const profile = explicit ?? env('ALIBABA_CLOUD_PROFILE', vars);
  const iniPath = env('ALIBABA_CLOUD_CREDENTIALS_FILE', vars) ?? join(home, '.alibabacloud', 'credentials');
  const cliPath = join(home, '.aliyun', 'config.json');
  const roles: RoleContext = { provider, vars, stsEndpoint: options.stsEndpoint, assume: options.assume };
  const steps: CredentialsStep[] = explicit
    ? []
    : [
        envStep(vars, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'),
        envStep(vars, 'ALICLOUD_ACCESS_KEY', 'ALICLOUD_SECRET_KEY', 'ALICLOUD_SECURITY_TOKEN'),
      ];
  steps.push({
    describe: `file ${iniPath} [${profile ?? 'default'}]`,
    load: () => loadIniProfile(roles, iniPath, profile ?? 'default', env('ALIBABA_CLOUD_CREDENTIALS_FILE', vars) !== undefined),
  });
  if (explicit || env('ALIBABA_CLOUD_CLI_PROFILE_DISABLED', vars)?.toLowerCase() !== 'true') {
    steps.push({
      describe: `file ${cliPath} (profile ${profile ?? '"current"'})`,
      load: () => loadCliProfile(roles, cliPath, profile),
    });
  }
  return steps;
}

/** What a RAM-role profile needs to become keys. */
interface RoleContext {
  provider: AliyunProvider;
  vars: NodeJS.ProcessEnv;
  stsEndpoint: string | undefined;
  assume: ((keys: Credentials, role: RamRole) => Promise<Credentials>) | undefined;
}

async function assumeFor(roles: RoleContext, where: string, keys: Credentials, role: Omit<RamRole, 'endpoint'>, profileEndpoint: string | undefined, profileStsRegion: string | undefined): Promise<Credentials> {
  if (!roles.assume) {
    throw new ConfigurationError(`${roles.provider}: ${where} assumes a RAM role, which this source cannot do here; pass \`credentials\` as a function instead.`, {
      provider: roles.provider,
      field: 'credentials',
    });
  }
  const endpoint = stsEndpoint(roles.stsEndpoint ?? profileEndpoint, profileStsRegion ?? env('ALIBABA_CLOUD_STS_REGION', roles.vars));
  return roles.assume(checkCredentials(roles.provider, keys, where), { ...role, endpoint });
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
      return { accessKeyId: accessKeyId ?? '', accessKeySecret: accessKeySecret ?? '', securityToken };
    },
  };
}

async function loadIniProfile(roles: RoleContext, path: string, profile: string, pathWasSet: boolean): Promise<Credentials | undefined> {
  const { provider } = roles;
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
  const keys = { accessKeyId: section.access_key_id ?? '', accessKeySecret: section.access_key_secret ?? '', securityToken: section.security_token || undefined };
  if (type === 'access_key' || type === 'sts') return keys;
  if (type === 'ram_role_arn') {
    return assumeFor(
      roles,
      `profile [${profile}] in ${path}`,
      keys,
      { roleArn: section.role_arn ?? '', sessionName: section.role_session_name, policy: section.policy, externalId: section.external_id, durationSeconds: toSeconds(section.duration_seconds) },
      section.sts_endpoint,
      section.sts_region,
    );
  }
  throw new ConfigurationError(
    `${provider}: profile [${profile}] in ${path} has type = ${type}, which this library cannot use by itself (access_key, sts and ram_role_arn are). ` +
      'Use another profile, or pass `credentials` as a function (e.g. one backed by @alicloud/credentials).',
    { provider, field: 'credentials' },
  );
}

function toSeconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

interface CliProfile {
  name?: unknown;
  mode?: unknown;
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
  ram_role_arn?: unknown;
  ram_session_name?: unknown;
  expired_seconds?: unknown;
  external_id?: unknown;
  sts_region?: unknown;
  sts_endpoint?: unknown;
}

async function loadCliProfile(roles: RoleContext, path: string, wanted: string | undefined): Promise<Credentials | undefined> {
  const { provider } = roles;
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
  // The CLI matches modes case-insensitively.
  switch (typeof profile.mode === 'string' ? profile.mode.toLowerCase() : '') {
    case 'ak':
      return { accessKeyId: str(profile.access_key_id), accessKeySecret: str(profile.access_key_secret) };
    case 'ststoken':
      return {
        accessKeyId: str(profile.access_key_id),
        accessKeySecret: str(profile.access_key_secret),
        securityToken: str(profile.sts_token) || undefined,
      };
    case 'ramrolearn':
      return assumeFor(
        roles,
        `aliyun CLI profile "${String(name)}" in ${path}`,
        { accessKeyId: str(profile.access_key_id), accessKeySecret: str(profile.access_key_secret) },
        {
          roleArn: str(profile.ram_role_arn),
          sessionName: str(profile.ram_session_name) || undefined,
          durationSeconds: toSeconds(profile.expired_seconds),
          externalId: str(profile.external_id) || undefined,
        },
        str(profile.sts_endpoint) || undefined,
        str(profile.sts_region) || undefined,
      );
    default:
      throw new ConfigurationError(
        `${provider}: aliyun CLI profile "${String(name)}" in ${path} uses mode ${String(profile.mode)}; AK, StsToken and RamRoleArn are supported. ` +
          'Pick another profile, or pass `credentials` as a function (e.g. one backed by @alicloud/credentials).',
        { provider, field: 'credentials' },
      );
  }
}
