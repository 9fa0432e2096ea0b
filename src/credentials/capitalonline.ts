import { ConfigurationError } from '../errors.js';
import { env, runChain, type CredentialsStep } from './chain.js';
import type { Credentials } from './types.js';

const PROVIDER = 'capitalonline-mysql';

/** The variables CapitalOnline's own SDKs and Terraform provider read. */
export const CDS_SECRET_ID = 'CDS_SECRET_ID';
export const CDS_SECRET_KEY = 'CDS_SECRET_KEY';

export interface CapitalOnlineCredentialsChainOptions {
  /** Where to read variables from; default `process.env`, read when credentials are first needed. */
  env?: NodeJS.ProcessEnv;
  /** A named set of keys: `prod` reads `PROD_CDS_SECRET_ID` / `PROD_CDS_SECRET_KEY`. */
  profile?: string | undefined;
}

/** The variable names for a profile: the plain ones, or prefixed with the profile's name in upper case. */
export function capitalOnlineVariables(profile: string | undefined): { id: string; secret: string } {
  if (profile === undefined) return { id: CDS_SECRET_ID, secret: CDS_SECRET_KEY };
  const prefix = `${profile.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  return { id: `${prefix}${CDS_SECRET_ID}`, secret: `${prefix}${CDS_SECRET_KEY}` };
}

/**
 * CapitalOnline's credential chain, used when the source has no `credentials` option:
 * `CDS_SECRET_ID` / `CDS_SECRET_KEY`. Nothing is read until the returned function is called.
 * CapitalOnline has no temporary credentials, so there is no token variable.
 */
export function capitalOnlineCredentialsChain(options: CapitalOnlineCredentialsChainOptions = {}): () => Promise<Credentials> {
  const vars = capitalOnlineVariables(options.profile);
  const steps: CredentialsStep[] = [
    { describe: 'the credentials option of capitalOnlineMysql() (not given)', load: () => undefined },
    {
      describe: `environment variables ${vars.id} and ${vars.secret}${options.profile !== undefined ? ` (profile ${options.profile})` : ''}`,
      load: () => fromEnv(options.env ?? process.env, vars),
    },
  ];
  return () => runChain(PROVIDER, steps);
}

function fromEnv(source: NodeJS.ProcessEnv, vars: { id: string; secret: string }): Credentials | undefined {
  const accessKeyId = env(vars.id, source);
  const accessKeySecret = env(vars.secret, source);
  if (accessKeyId === undefined && accessKeySecret === undefined) return undefined;
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    const [set, unset] = accessKeyId === undefined ? [vars.secret, vars.id] : [vars.id, vars.secret];
    throw new ConfigurationError(`${PROVIDER}: ${set} is set but ${unset} is not (or is empty). Set both, or pass the credentials option.`, {
      provider: PROVIDER,
      field: 'credentials',
    });
  }
  return { accessKeyId, accessKeySecret };
}
