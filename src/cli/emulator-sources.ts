import { PROVIDERS } from '../index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { ALL_LOCATIONS } from './source-flags.js';
import type { SourceSpec } from './source-spec.js';

/**
 * One source per provider in the registry, pointed at the emulator the way a user's own code would be: each entry
 * says how (`emulatorOptions`), over every region (or site) the emulated account has.
 */
export function emulatorSourceSpecs(emulator: RunningEmulator): SourceSpec[] {
  return PROVIDERS.map((entry) => ({
    provider: entry.name,
    // The running emulator has every field an entry may read (its base URL, the other APIs' URLs); '*' covers every region.
    options: entry.emulatorOptions({ ...emulator, region: ALL_LOCATIONS }),
  }));
}
