import { ConfigurationError } from '../errors.js';
import type { ProviderName } from '../model.js';
import { closestMatch } from '../suggest.js';

/** Which regions (or sites) a source covers: a fixed list, or every region the account can use minus some. */
export type RegionSelection = { kind: 'list'; regions: readonly string[] } | { kind: 'all'; exclude: ReadonlySet<string> };

/** `'*'`: every region the account can use, resolved through the provider's own API when a listing starts. */
export const ALL_REGIONS = '*';

/**
 * Reads a `region` (or `site`) option: one value, an array, or `'*'`, with `excludeRegions`. Each value is checked
 * by `check` (which throws a ConfigurationError with a suggestion); duplicates are dropped, order kept.
 */
export function regionSelection(
  provider: ProviderName,
  field: 'region' | 'site',
  value: string | readonly string[],
  exclude: readonly string[] | undefined,
  check: (region: string) => string,
): RegionSelection {
  const excluded = new Set((exclude ?? []).map((r) => r.trim()));
  if (value === ALL_REGIONS) return { kind: 'all', exclude: excluded };
  const list = typeof value === 'string' ? [value] : [...value];
  if (list.length === 0) {
    throw new ConfigurationError(`${provider}: ${field} is an empty list; give one or more, or '*' for every ${field} the account can use.`, { provider, field });
  }
  if (list.includes(ALL_REGIONS)) {
    throw new ConfigurationError(`${provider}: '*' stands alone: give ${field}: '*' (with excludeRegions to leave some out), not inside a list.`, { provider, field });
  }
  const regions = [...new Set(list.map((r) => check(r)))].filter((r) => !excluded.has(r));
  if (regions.length === 0) throw new ConfigurationError(`${provider}: every ${field} given is also in excludeRegions; nothing is left to list.`, { provider, field: 'excludeRegions' });
  return { kind: 'list', regions };
}

/** Checks a value against a closed list, suggesting the nearest known one. */
export function oneOf(provider: ProviderName, field: string, known: readonly string[]): (value: string) => string {
  return (value) => {
    if (known.includes(value)) return value;
    const hint = closestMatch(value, known);
    throw new ConfigurationError(`${provider}: ${field} "${value}" is not one of ${known.join(', ')}.${hint ? ` Did you mean "${hint}"?` : ''}`, { provider, field });
  };
}

/** The selected regions of a resolved list: `'*'` minus the exclusions, deduplicated, in the provider's order. */
export function applySelection(selection: RegionSelection, available: readonly string[]): string[] {
  if (selection.kind === 'list') return [...selection.regions];
  return [...new Set(available)].filter((r) => !selection.exclude.has(r));
}
