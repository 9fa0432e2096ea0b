import { PROVIDERS, type ProviderEntry, type ProviderOptionInfo } from '../index.js';
import type { RunningEmulator } from '../emulator/index.js';
import type { SourceSpec } from './source-spec.js';

/**
 * URL-valued provider options (an IAM endpoint, ...): the emulator serves every API a provider calls on its one
 * base URL, so each of them points there too.
 */
function isUrlOption(option: ProviderOptionInfo): boolean {
  return option.placeholder === '<url>';
}

/**
 * Where a provider's source lists on the emulator: the first region holding instances that the provider knows by
 * that name; else, when the location may be left out, nothing (the provider's default); else the first region.
 */
function emulatorLocation(entry: ProviderEntry, emulator: RunningEmulator): string | undefined {
  const regions = emulator.regions[entry.name] ?? [];
  const known = regions.find((r) => entry.location.known.includes(r));
  if (known !== undefined) return known;
  return entry.location.optional ? undefined : regions[0] ?? entry.location.example;
}

/** One source per provider in the registry, pointed at the emulator the way a user's own code would be. */
export function emulatorSourceSpecs(emulator: RunningEmulator): SourceSpec[] {
  return PROVIDERS.map((entry) => {
    const options: Record<string, unknown> = {};
    const location = emulatorLocation(entry, emulator);
    if (location !== undefined) options[entry.location.key] = location;
    options.endpoint = emulator.endpoints[entry.name];
    for (const option of entry.options) if (isUrlOption(option)) options[option.key] = emulator.url;
    return { provider: entry.name, options };
  });
}
