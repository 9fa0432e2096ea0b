import { PROVIDER_NAMES, providerEntry, type ProviderName } from '../index.js';
import { UsageError } from './exit-codes.js';
import { ALL_LOCATIONS, locationFlagOf, PROFILE_FLAG, SOURCE_FLAGS, type SourceFlag } from './source-flags.js';
import type { SourceSpec } from './source-spec.js';
import { didYouMean } from './suggest.js';

/** The source flags of a command, as the program collected them (lists already split at commas). */
export interface SourceFlagValues {
  provider?: readonly ProviderName[];
  /** `ID`, or `PROVIDER:ID`. */
  instance?: readonly string[];
  /** The source flags (`region`, `site`, `profile`, `endpoint`, `some-option`, ...) by name, each value `VALUE` or `PROVIDER:VALUE`. */
  values?: Readonly<Record<string, readonly string[]>>;
}

/** Splits `PROVIDER:VALUE` into provider and value; a value without a provider prefix applies to all. */
export function splitProviderPrefix(text: string): { provider?: ProviderName; value: string } {
  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon) : undefined;
  if (prefix !== undefined && (PROVIDER_NAMES as readonly string[]).includes(prefix)) {
    return { provider: prefix as ProviderName, value: text.slice(colon + 1) };
  }
  return { value: text };
}

/**
 * Turns `--provider`, `--region`, `--profile`, `--instance`, ... into source specs, refusing combinations that cannot
 * mean anything. Each provider gets one source per profile (one source when no profile is given), covering every
 * location given for it (one, a list, or `*`).
 */
export function sourcesFromFlags(flags: SourceFlagValues): SourceSpec[] {
  const providers = [...new Set(flags.provider ?? [])];
  if (providers.length === 0) {
    throw new UsageError(`Choose the sources: --provider <name> (repeatable or comma-separated; one of ${PROVIDER_NAMES.join(', ')}), or --config FILE.`);
  }
  const values = flags.values ?? {};
  const perProvider = new Map<ProviderName, Map<SourceFlag, string[]>>(providers.map((p) => [p, new Map()]));
  for (const flag of SOURCE_FLAGS) {
    const given = values[flag.name] ?? [];
    if (given.length > 0) assign(flag, given, providers, perProvider);
  }
  const instances = instancesByProvider(flags.instance ?? [], providers);
  return providers.flatMap((provider) => specsOf(provider, perProvider.get(provider)!, instances.get(provider)));
}

function specsOf(provider: ProviderName, given: Map<SourceFlag, string[]>, ids: string[] | undefined): SourceSpec[] {
  const entry = providerEntry(provider);
  const key = entry.location.key;
  const location = locationFlagOf(provider);
  const dashed = `--${location.name}`;
  const places = given.get(location) ?? [];
  if (places.length > 1 && places.includes(ALL_LOCATIONS)) {
    throw new UsageError(`${dashed} '${ALL_LOCATIONS}' (every ${key} the account can use) stands alone for ${provider}: drop the other values, or leave some out with --exclude-region.`);
  }
  if (places.length === 0 && !entry.location.optional) {
    throw new UsageError(
      `${provider} needs a ${key}: add ${dashed} <${key}> (e.g. ${dashed} ${entry.location.example}), ${dashed} '${ALL_LOCATIONS}' for every ${key}, or ${dashed} ${provider}:<${key}>.`,
    );
  }
  if (ids && (places.length > 1 || places[0] === ALL_LOCATIONS)) {
    const how = places[0] === ALL_LOCATIONS ? `'${ALL_LOCATIONS}' was` : `${places.length} were`;
    throw new UsageError(`--instance names ${provider} instances, which live in one ${key}, but ${how} given for it: use one ${dashed}.`);
  }
  const options: Record<string, unknown> = {};
  if (places.length > 0) options[key] = places.length === 1 ? places[0] : places;
  if (ids) options.instances = ids;
  for (const [flag, list] of given) {
    const option = flag.keys.get(provider)!;
    if (flag.kind === 'option') options[option] = list[0];
    else if (flag.kind === 'list') options[option] = list;
  }
  const profiles = given.get(PROFILE_FLAG) ?? [];
  if (profiles.length === 0) return [{ provider, options }];
  return profiles.map((profile) => ({ provider, options: { ...options, [PROFILE_FLAG.keys.get(provider)!]: profile } }));
}

/**
 * Gives each value of one flag to the providers it applies to: a prefixed value to its provider, a bare one to every
 * chosen provider that takes the flag and has no prefixed value of its own.
 */
function assign(flag: SourceFlag, given: readonly string[], providers: readonly ProviderName[], perProvider: Map<ProviderName, Map<SourceFlag, string[]>>): void {
  const dashed = `--${flag.name}`;
  const takers = providers.filter((p) => flag.keys.has(p));
  const prefixed = new Map<ProviderName, string[]>();
  const shared: string[] = [];
  for (const text of given) {
    const { provider, value } = splitProviderPrefix(text);
    if (value.trim() === '') throw new UsageError(`${dashed} "${text}" has no value.`);
    if (flag.choices && !flag.choices.includes(value)) {
      throw new UsageError(`${dashed} "${value}" is not allowed.${didYouMean(value, flag.choices)} Allowed values: ${flag.choices.join(', ')}.`);
    }
    if (provider === undefined) {
      shared.push(value);
      continue;
    }
    if (!flag.keys.has(provider)) throw new UsageError(`${dashed} ${text}: ${provider} does not take ${dashed}.${elsewhere(flag, provider)}`);
    if (!providers.includes(provider)) throw new UsageError(`${dashed} ${text} names ${provider}, which is not listed: add --provider ${provider}.`);
    prefixed.set(provider, [...(prefixed.get(provider) ?? []), value]);
  }
  if (shared.length > 0 && takers.length === 0) {
    const owners = [...flag.keys.keys()];
    const hints = providers.map((p) => elsewhere(flag, p)).join('');
    throw new UsageError(`${dashed} applies to ${owners.join(', ')} only: add --provider ${owners[0]}, or drop ${dashed}.${hints}`);
  }
  for (const provider of takers) {
    const list = [...new Set(prefixed.get(provider) ?? shared)];
    if (list.length === 0) continue;
    if (flag.kind === 'option' && list.length > 1) {
      throw new UsageError(`${dashed} was given ${list.length} values for ${provider} (${list.join(', ')}): give one, or a --config file with one source each.`);
    }
    perProvider.get(provider)!.set(flag, list);
  }
}

/** ` PROVIDER takes --site.` when `flag` is a location flag and the provider takes another one, for messages. */
function elsewhere(flag: SourceFlag, provider: ProviderName): string {
  const location = locationFlagOf(provider);
  return flag.kind === 'location' && location !== flag ? ` ${provider} takes --${location.name}.` : '';
}

function instancesByProvider(values: readonly string[], providers: readonly ProviderName[]): Map<ProviderName, string[]> {
  const out = new Map<ProviderName, string[]>();
  for (const text of values) {
    let { provider, value } = splitProviderPrefix(text);
    if (value.trim() === '') throw new UsageError(`--instance "${text}" has no instance id.`);
    if (provider === undefined) {
      if (providers.length > 1) {
        throw new UsageError(`--instance ${text}: with several providers, say whose instance it is, e.g. --instance ${providers[0]}:${text}.`);
      }
      provider = providers[0]!;
    } else if (!providers.includes(provider)) {
      throw new UsageError(`--instance ${text} names ${provider}, which is not listed: add --provider ${provider}.`);
    }
    const ids = out.get(provider) ?? [];
    if (!ids.includes(value)) ids.push(value);
    out.set(provider, ids);
  }
  return out;
}
