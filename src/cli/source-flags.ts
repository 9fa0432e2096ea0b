import { PROVIDERS, providerEntry, type ProviderName } from '../index.js';

/**
 * The source flags of `list` that come from the provider registry: one per location key (`--region`, `--site`) and
 * one per provider option flag (`--some-option`, ...). A new provider's options become flags
 * here without any change to the CLI.
 */
export interface SourceFlag {
  kind: 'location' | 'option';
  /** Without dashes: `region`, `some-option`. */
  name: string;
  /** For `--help`: `<region>`, `<id>`. */
  placeholder: string;
  description: string;
  /** The providers that take the flag, each with the factory option it sets. */
  keys: ReadonlyMap<ProviderName, string>;
  /** Allowed values, when the registry gives a closed list. */
  choices?: readonly string[];
}

/** Common factory options that have a flag of their own (the rest are config-file keys only). */
export const COMMON_OPTION_FLAGS: Readonly<Record<string, string>> = { instances: 'instance', endpoint: 'endpoint' };

// Shown in --help when a location's vocabulary is short enough to read (sites, not the dozens of regions).
const MAX_KNOWN_SHOWN = 8;

function locationFlags(): SourceFlag[] {
  const byKey = new Map<string, ProviderName[]>();
  for (const entry of PROVIDERS) byKey.set(entry.location.key, [...(byKey.get(entry.location.key) ?? []), entry.name]);
  return [...byKey].map(([key, providers]) => {
    const entries = providers.map((p) => providerEntry(p));
    const known = [...new Set(entries.flatMap((e) => e.location.known))];
    const optional = entries.filter((e) => e.location.optional).map((e) => e.name);
    const notes = [
      known.length <= MAX_KNOWN_SHOWN ? `one of ${known.join(', ')}` : `e.g. ${entries[0]!.location.example}`,
      optional.length > 0 ? `optional for ${optional.join(', ')}` : undefined,
    ].filter(Boolean);
    return {
      kind: 'location',
      name: key,
      placeholder: `<${key}>`,
      description: `${key} of ${providers.join(', ')} (${notes.join('; ')}), or PROVIDER:${key.toUpperCase()}; repeatable or comma-separated, one source each`,
      keys: new Map(providers.map((p) => [p, key])),
    } satisfies SourceFlag;
  });
}

function optionFlags(): SourceFlag[] {
  const byFlag = new Map<string, { flag: SourceFlag; keys: Map<ProviderName, string> }>();
  for (const entry of PROVIDERS) {
    for (const option of entry.options) {
      let found = byFlag.get(option.flag);
      if (!found) {
        const keys = new Map<ProviderName, string>();
        const flag: SourceFlag = { kind: 'option', name: option.flag, placeholder: option.placeholder, description: option.description, keys };
        if (option.choices) flag.choices = option.choices;
        found = { flag, keys };
        byFlag.set(option.flag, found);
      }
      found.keys.set(entry.name, option.key);
    }
  }
  return [...byFlag.values()].map(({ flag, keys }) => ({ ...flag, description: `[${[...keys.keys()].join(', ')}] ${flag.description}` }));
}

export const LOCATION_FLAGS: readonly SourceFlag[] = locationFlags();
export const OPTION_FLAGS: readonly SourceFlag[] = optionFlags();
/** Every registry-derived flag: locations first, then provider options, in registry order. */
export const SOURCE_FLAGS: readonly SourceFlag[] = [...LOCATION_FLAGS, ...OPTION_FLAGS];

/** The location flag a provider takes (`region` or `site`). */
export function locationFlagOf(provider: ProviderName): SourceFlag {
  return LOCATION_FLAGS.find((f) => f.keys.has(provider))!;
}

/** The flag (with dashes) that sets factory option `key` of `provider`, or undefined when no flag does. */
export function flagForOption(provider: ProviderName, key: string): string | undefined {
  const common = COMMON_OPTION_FLAGS[key];
  if (common !== undefined) return `--${common}`;
  const flag = SOURCE_FLAGS.find((f) => f.keys.get(provider) === key);
  return flag ? `--${flag.name}` : undefined;
}
