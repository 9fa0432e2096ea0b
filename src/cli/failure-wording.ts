import { ConfigurationError, CredentialsNotFoundError, describeFailure, providerEntry, type ListingFailure, type ProviderName } from '../index.js';
import { inFlagTerms } from './flag-wording.js';
import type { FailureWording } from './listing-outcome.js';
import { PROFILE_FLAG } from './source-flags.js';
import type { SourceSpec } from './source-spec.js';

/** Where the sources came from: flags, or a config file (its path). */
export type SourceOrigin = { kind: 'flags' } | { kind: 'config'; path: string };

/**
 * How listing errors read on the command line: configuration errors in flags (or config keys), and missing
 * credentials with what to do from a shell (set the provider's variables, or name a profile), instead of the
 * library's advice to code ("pass `credentials` to the source").
 */
export function failureWording(specs: readonly SourceSpec[], origin: SourceOrigin): FailureWording {
  const profiles = profileByAccount(specs);
  return (failure) => {
    const text = describeFailure(failure);
    const { error } = failure;
    if (error instanceof CredentialsNotFoundError) {
      return text.replace(error.message, credentialsMessage(error, profiles.get(`${failure.provider}\u0000${failure.account}`), origin));
    }
    if (error instanceof ConfigurationError && origin.kind === 'flags') return text.replace(error.message, inFlagTerms(error));
    return text;
  };
}

/** The profile each (provider, account) was given, to say which profile had no credentials. */
function profileByAccount(specs: readonly SourceSpec[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { provider, options } of specs) {
    const profile = options[PROFILE_FLAG.keys.get(provider) ?? ''];
    if (typeof profile !== 'string') continue;
    const account = typeof options.account === 'string' ? options.account : profile;
    out.set(`${provider}\u0000${account}`, profile);
  }
  return out;
}

/** A `CredentialsNotFoundError` retold for someone at a shell: where it looked, then what to set. */
export function credentialsMessage(error: CredentialsNotFoundError, profile: string | undefined, origin: SourceOrigin): string {
  const provider = error.provider as ProviderName;
  const [id, secret] = providerEntry(provider).credentialVariables;
  const tried = `Tried, in order: ${error.tried.join('; ')}.`;
  const profileHow = origin.kind === 'flags' ? `--${PROFILE_FLAG.name} NAME` : `a "profile" key in ${origin.path}`;
  if (profile !== undefined) {
    return `${provider}: no credentials found for profile "${profile}". ${tried} Check the profile name, or add that profile to one of the places above.`;
  }
  return `${provider}: no credentials found. ${tried} Set ${id} and ${secret} in the environment, or name a profile of the provider's credentials with ${profileHow}.`;
}
