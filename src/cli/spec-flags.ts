import type { ProviderName } from '../index.js';
import { flagForOption, SOURCE_FLAGS } from './source-flags.js';
import type { SourceSpec } from './source-spec.js';

/**
 * The `list` flags that describe `specs`: the inverse of `sourcesFromFlags`, for printing a command line that lists
 * what a program describes (the emulator's own sources). A value every provider taking a flag shares is given bare;
 * the others are prefixed with their provider. Throws for specs no command line can express.
 */
export function flagsForSpecs(specs: readonly SourceSpec[]): string[] {
  const providers = [...new Set(specs.map((s) => s.provider))];
  const argv = ['--provider', providers.join(',')];

  // flag name -> provider -> values
  const given = new Map<string, Map<ProviderName, Set<string>>>();
  const add = (flag: string, provider: ProviderName, value: string) => {
    const byProvider = given.get(flag) ?? new Map<ProviderName, Set<string>>();
    byProvider.set(provider, (byProvider.get(provider) ?? new Set()).add(value));
    given.set(flag, byProvider);
  };
  for (const { provider, options } of specs) {
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined) continue;
      const flag = flagForOption(provider, key);
      if (flag === undefined) throw new Error(`flagsForSpecs: no flag sets ${provider}'s ${key}`);
      for (const v of Array.isArray(value) ? value : [value]) add(flag.slice(2), provider, String(v));
    }
  }
  for (const [flag, byProvider] of given) argv.push(...flagValues(flag, byProvider, providers));
  return argv;
}

function flagValues(flag: string, byProvider: Map<ProviderName, Set<string>>, providers: readonly ProviderName[]): string[] {
  const takers = providers.filter((p) => SOURCE_FLAGS.find((f) => f.name === flag)?.keys.has(p) ?? false);
  // A bare value goes to every taker without a prefixed one: only possible when every taker has a value.
  const single = [...byProvider].filter(([, values]) => values.size === 1).map(([, values]) => [...values][0]!);
  const counts = new Map<string, number>();
  for (const v of single) counts.set(v, (counts.get(v) ?? 0) + 1);
  const bare = takers.length > 0 && takers.every((p) => byProvider.has(p)) ? [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] : undefined;
  const out: string[] = [];
  if (bare !== undefined) out.push(`--${flag}`, bare);
  for (const [provider, values] of byProvider) {
    if (bare !== undefined && values.size === 1 && values.has(bare)) continue;
    for (const v of values) out.push(`--${flag}`, `${provider}:${v}`);
  }
  return out;
}
