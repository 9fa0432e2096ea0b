import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, CredentialsNotFoundError } from '../errors.js';
import { checkCredentials, env, parseIni, readOptionalFile } from './chain.js';
import type { Credentials } from './types.js';

/** Credentials found by the chain, and the project id that came with them (SDK convention), if any. */
export interface HuaweiProfile {
  credentials: Credentials;
  projectId?: string;
  /** Where they were found, e.g. "env HUAWEICLOUD_SDK_AK/SK". */
  source: string;
}

export interface HuaweiCredentialChainOptions {
  /** Environment to read; default `process.env`, read on first use. */
  env?: NodeJS.ProcessEnv;
  /** Home directory for `~/.huaweicloud/credentials`; default `os.homedir()`. */
  homeDir?: string;
  /**
   * A section of the credentials file to read instead of `[basic]`. Named explicitly, it is the only place looked at:
   * the environment's keys belong to another account.
   */
  profile?: string | undefined;
}

export interface HuaweiCredentialChain {
  /** Resolves on first call, then returns the same result; a failure is not cached. */
  profile(): Promise<HuaweiProfile>;
  credentials(): Promise<Credentials>;
  /** The project id found with the credentials (`HUAWEICLOUD_SDK_PROJECT_ID`, or `project_id` in the profile). */
  projectId(): Promise<string | undefined>;
}

export const HUAWEI_ENV = {
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  credentialsFile: 'HUAWEICLOUD_SDK_CREDENTIALS_FILE',
} as const;

const PROFILE_SECTION = 'basic';

/**
 * The official SDKs' chain, minus ECS metadata: the environment (`HUAWEICLOUD_SDK_AK`/`SK`, optional
 * `SECURITY_TOKEN` and `PROJECT_ID`), then the `[basic]` section of `~/.huaweicloud/credentials` (path from
 * `HUAWEICLOUD_SDK_CREDENTIALS_FILE`). Explicit `credentials` options never reach it (createSource handles them).
 * Half-configured places (an AK without its SK) are errors, not silently skipped.
 */
export function huaweiCredentialChain(options: HuaweiCredentialChainOptions = {}): HuaweiCredentialChain {
  let pending: Promise<HuaweiProfile> | undefined;
  const profile = () => {
    pending ??= resolveProfile(options).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  return {
    profile,
    credentials: async () => (await profile()).credentials,
    projectId: async () => (await profile()).projectId,
  };
}

async function resolveProfile(options: HuaweiCredentialChainOptions): Promise<HuaweiProfile> {
  const vars = options.env ?? process.env;
  const section = options.profile ?? PROFILE_SECTION;
  if (options.profile === undefined) {
    const fromEnv = profileFromEnv(vars);
    if (fromEnv) return fromEnv;
  }

  const explicitFile = env(HUAWEI_ENV.credentialsFile, vars);
  const path = explicitFile ?? join(options.homeDir ?? homedir(), '.huaweicloud', 'credentials');
  // A missing file is an error when the variable names it, or a profile needs it; otherwise the chain simply ends.
  const missingFile =
    explicitFile !== undefined
      ? `${HUAWEI_ENV.credentialsFile} points to ${path}, which does not exist; fix the path or unset the variable.`
      : options.profile !== undefined
        ? `profile "${options.profile}" is read from ${path}, which does not exist; create it with a [${options.profile}] section (ak, sk, optional project_id) or set ${HUAWEI_ENV.credentialsFile}.`
        : undefined;
  const fromFile = await profileFromFile(path, missingFile, section);
  if (fromFile) return fromFile;

  throw new CredentialsNotFoundError('huawei-rds', [
    ...(options.profile === undefined ? [`env ${HUAWEI_ENV.ak}/${HUAWEI_ENV.sk} (plus optional ${HUAWEI_ENV.securityToken}, ${HUAWEI_ENV.projectId})`] : []),
    `[${section}] ak/sk in ${path}${explicitFile ? ` (from ${HUAWEI_ENV.credentialsFile})` : ` (set ${HUAWEI_ENV.credentialsFile} to use another file)`}`,
  ]);
}

function profileFromEnv(vars: NodeJS.ProcessEnv): HuaweiProfile | undefined {
  const ak = env(HUAWEI_ENV.ak, vars);
  const sk = env(HUAWEI_ENV.sk, vars);
  if (ak === undefined && sk === undefined) return undefined;
  if (ak === undefined || sk === undefined) {
    const [set, missing] = ak === undefined ? [HUAWEI_ENV.sk, HUAWEI_ENV.ak] : [HUAWEI_ENV.ak, HUAWEI_ENV.sk];
    throw new ConfigurationError(`huawei-rds: ${set} is set but ${missing} is not; set both, or neither to use the credentials file.`, {
      provider: 'huawei-rds',
      field: 'credentials',
    });
  }
  const source = `env ${HUAWEI_ENV.ak}/${HUAWEI_ENV.sk}`;
  const securityToken = env(HUAWEI_ENV.securityToken, vars);
  const projectId = env(HUAWEI_ENV.projectId, vars);
  return {
    credentials: checkCredentials('huawei-rds', { accessKeyId: ak, accessKeySecret: sk, securityToken }, source),
    projectId,
    source,
  };
}

async function profileFromFile(path: string, missingFile: string | undefined, sectionName: string): Promise<HuaweiProfile | undefined> {
  let text: string | undefined;
  try {
    text = await readOptionalFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new ConfigurationError(`huawei-rds: cannot read the credentials file ${path} (${code}); fix its permissions or point ${HUAWEI_ENV.credentialsFile} elsewhere.`, {
      provider: 'huawei-rds',
      field: 'credentials',
      cause: error,
    });
  }
  if (text === undefined) {
    if (missingFile === undefined) return undefined;
    throw new ConfigurationError(`huawei-rds: ${missingFile}`, {
      provider: 'huawei-rds',
      field: 'credentials',
    });
  }
  const section = parseIni(text)[sectionName];
  if (!section) return undefined;
  const ak = blankToUndefined(section.ak);
  const sk = blankToUndefined(section.sk);
  if (ak === undefined && sk === undefined) return undefined;
  const source = `[${sectionName}] in ${path}`;
  if (ak === undefined || sk === undefined) {
    throw new ConfigurationError(`huawei-rds: ${source} has ${ak === undefined ? 'sk but no ak' : 'ak but no sk'}; give both keys.`, {
      provider: 'huawei-rds',
      field: 'credentials',
    });
  }
  const securityToken = blankToUndefined(section.security_token);
  const projectId = blankToUndefined(section.project_id);
  return {
    credentials: checkCredentials('huawei-rds', { accessKeyId: ak, accessKeySecret: sk, securityToken }, source),
    projectId,
    source,
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
