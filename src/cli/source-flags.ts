import { PROVIDERS, providerEntry, type ProviderName } from '../index.js';

/**
 * The source flags of `list` (and every command that reads sources): one per location key (`--region`, `--site`),
 * the account and scope flags every provider takes (`--exclude-region`, `--profile`), one per provider option flag
 * (`--some-option`, ...) and `--endpoint`. Provider names, locations and options all come from the registry: a new
 * provider's options become flags here without any change to the CLI.
 */
export interface SourceFlag {
  /**
   * How the values become sources: `location` a list (or `*`) that one source covers; `option` one value per
   * provider; `list` a list given to one option; `profile` one source per value (one account each).
   */
  kind: 'location' | 'option' | 'list' | 'profile';
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

/** Common factory options that have a flag handled apart from the source flags (the rest are config-file keys only). */
export const COMMON_OPTION_FLAGS: Readonly<Record<string, string>> = { instances: 'instance' };

/** Every region (or site) the account can use, resolved through the provider's own API when the listing starts. */
export const ALL_LOCATIONS = '*';

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
      description:
        `${key} of ${providers.join(', ')} (${notes.join('; ')}), or '${ALL_LOCATIONS}' for every ${key} the account can use, ` +
        `or PROVIDER:${key.toUpperCase()}; repeatable or comma-separated`,
      keys: new Map(providers.map((p) => [p, key])),
    } satisfies SourceFlag;
  });
}

/** A flag every provider of the registry takes, setting the same factory option. */
function everyProvider(kind: SourceFlag['kind'], name: string, key: string, placeholder: string, description: string): SourceFlag {
  return { kind, name, placeholder, description, keys: new Map(PROVIDERS.map((p) => [p.name, key])) };
}

function scopeFlags(): SourceFlag[] {
  return [
    everyProvider('list', 'exclude-region', 'excludeRegions', '<region>', `leave these regions (or sites) out of '${ALL_LOCATIONS}' or a list; PROVIDER:REGION for one provider; repeatable or comma-separated`),
    everyProvider(
      'profile',
      'profile',
      'profile',
      '<name>',
      "a named credentials profile (the provider's credentials file, or PROFILE_-prefixed variables): one account each, every provider listed once per profile, " +
        'the profile name its account label; PROVIDER:NAME for one provider; repeatable or comma-separated',
    ),
  ];
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
/** `--exclude-region`, `--profile`: which regions and accounts, for every provider. */
export const SCOPE_FLAGS: readonly SourceFlag[] = scopeFlags();
export const OPTION_FLAGS: readonly SourceFlag[] = optionFlags();
export const ENDPOINT_FLAG: SourceFlag = everyProvider(
  'option',
  'endpoint',
  'endpoint',
  '<url>',
  "base URL replacing the providers' hosts (e.g. the emulator's; may hold {region} or {site}); PROVIDER:URL for one provider",
);
/** Every source flag: locations, scope, provider options (in registry order), then --endpoint. */
export const SOURCE_FLAGS: readonly SourceFlag[] = [...LOCATION_FLAGS, ...SCOPE_FLAGS, ...OPTION_FLAGS, ENDPOINT_FLAG];

/** The location flag a provider takes (`region` or `site`). */
export function locationFlagOf(provider: ProviderName): SourceFlag {
  return LOCATION_FLAGS.find((f) => f.keys.has(provider))!;
}

/** The flag of `kind` profile (`--profile`). */
export const PROFILE_FLAG: SourceFlag = SCOPE_FLAGS.find((f) => f.kind === 'profile')!;

/** The flag (with dashes) that sets factory option `key` of `provider`, or undefined when no flag does. */
export function flagForOption(provider: ProviderName, key: string): string | undefined {
  const common = COMMON_OPTION_FLAGS[key];
  if (common !== undefined) return `--${common}`;
  const flag = SOURCE_FLAGS.find((f) => f.keys.get(provider) === key);
  return flag ? `--${flag.name}` : undefined;
}
