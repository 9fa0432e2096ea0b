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
}

/**
 * CapitalOnline's credential chain, used when the source has no `credentials` option:
 * `CDS_SECRET_ID` / `CDS_SECRET_KEY`. Nothing is read until the returned function is called.
 * CapitalOnline has no temporary credentials, so there is no token variable.
 */
export function capitalOnlineCredentialsChain(options: CapitalOnlineCredentialsChainOptions = {}): () => Promise<Credentials> {
  const steps: CredentialsStep[] = [
    { describe: 'the credentials option of capitalOnlineMysql() (not given)', load: () => undefined },
    {
      describe: `environment variables ${CDS_SECRET_ID} and ${CDS_SECRET_KEY}`,
      load: () => fromEnv(options.env ?? process.env),
    },
  ];
  return () => runChain(PROVIDER, steps);
}

function fromEnv(source: NodeJS.ProcessEnv): Credentials | undefined {
  const accessKeyId = env(CDS_SECRET_ID, source);
  const accessKeySecret = env(CDS_SECRET_KEY, source);
  if (accessKeyId === undefined && accessKeySecret === undefined) return undefined;
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    const [set, unset] = accessKeyId === undefined ? [CDS_SECRET_KEY, CDS_SECRET_ID] : [CDS_SECRET_ID, CDS_SECRET_KEY];
    throw new ConfigurationError(`${PROVIDER}: ${set} is set but ${unset} is not (or is empty). Set both, or pass the credentials option.`, {
      provider: PROVIDER,
      field: 'credentials',
    });
  }
  return { accessKeyId, accessKeySecret };
}
