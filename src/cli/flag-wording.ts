import { providerEntry, type ConfigurationError, type ProviderName } from '../index.js';
import { COMMON_OPTION_FLAGS, flagForOption } from './source-flags.js';

/**
 * A library `ConfigurationError` retold for someone who typed flags: the option it names (its `field`, and any
 * other option of that provider spelled in the message) becomes the flag that sets it, e.g.
 * `PROVIDER: someOption must be ...` becomes `PROVIDER: --some-option must be ...`. Options without a flag
 * (`retry.maxAttempts`, config-file keys) stay as they are.
 */
export function inFlagTerms(error: ConfigurationError): string {
  const provider = error.provider;
  let message = error.message;
  if (provider === undefined) return message;
  for (const [key, flag] of optionFlags(provider)) {
    // "Pass someOption (--some-option)": the library already named the flag; keep only the flag.
    message = message.replaceAll(`${key} (${flag})`, flag);
    // camelCase keys are never English words, so every whole-word mention is the option.
    if (/[A-Z]/.test(key)) message = message.replace(new RegExp(`(?<![\\w.-])${key}(?![\\w-])`, 'g'), flag);
  }
  // The field named right after the provider ("PROVIDER: region "x" is not ...") is the option too.
  const flag = error.field === undefined ? undefined : flagForOption(provider, error.field);
  const lead = `${provider}: ${error.field} `;
  if (flag !== undefined && message.startsWith(lead)) message = `${provider}: ${flag} ${message.slice(lead.length)}`;
  return message;
}

/** [option key, flag] for every option of `provider` that a flag sets. */
function optionFlags(provider: ProviderName): [string, string][] {
  const entry = providerEntry(provider);
  const keys = [entry.location.key, ...entry.options.map((o) => o.key), ...Object.keys(COMMON_OPTION_FLAGS)];
  return keys.flatMap((key) => {
    const flag = flagForOption(provider, key);
    return flag === undefined ? [] : [[key, flag] as [string, string]];
  });
}
