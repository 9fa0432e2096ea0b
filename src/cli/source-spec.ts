import { providerEntry, type BackupSource, type CredentialsInput, type ProviderName } from '../index.js';

/**
 * One source as the command line or the config file describes it: a provider and the options for its factory,
 * as the registry names them (`region`, `someOption`, ...). Never secrets: credentials come from each provider's
 * env/file chain.
 */
export interface SourceSpec {
  provider: ProviderName;
  options: Record<string, unknown>;
}

/**
 * Creates the library source a spec describes, through the registry. `credentials` is only for the in-process demo;
 * the CLI itself leaves it out so each provider's own chain is used. The factory validates every option and throws
 * a `ConfigurationError` naming the option at fault.
 */
export function buildSource(spec: SourceSpec, credentials?: CredentialsInput): BackupSource {
  const options = credentials === undefined ? spec.options : { ...spec.options, credentials };
  return providerEntry(spec.provider).create(options);
}
