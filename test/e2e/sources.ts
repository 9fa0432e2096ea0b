import type { RunningEmulator } from '../../src/emulator/index.js';
import type { BackupSource, CommonSourceOptions, CredentialsInput, ProviderName } from '../../src/index.js';
import { PROVIDER_NAMES, providerEntry } from '../../src/providers/registry.js';

/** Every provider, in registry order: the suites that run per provider derive their list from the registry. */
export const PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES;

export interface SourceOverrides extends Omit<CommonSourceOptions, 'credentials'> {
  credentials?: CredentialsInput;
  /** Provider-specific options (signatureVersion, format, timeZone, projectId...). */
  [option: string]: unknown;
}

/** Where a source lists: an emulator account (by name) and a region or site. Default: the first account's first place. */
export interface SourcePlace {
  account?: string;
  location?: string;
}

/** Options a provider needs to reach the emulator beyond its endpoint (Huawei looks its project up through IAM). */
const REACH: Partial<Record<ProviderName, (emu: RunningEmulator) => Record<string, unknown>>> = {
  'huawei-rds': (emu) => ({ iamEndpoint: emu.iamEndpoint }),
};

/** Where each place of a provider lists: regions holding instances, or every site (each site serves its own regions). */
export function placesOf(emu: RunningEmulator, provider: ProviderName): string[] {
  const { location } = providerEntry(provider);
  return location.key === 'site' ? [...location.known] : [...emu.regions[provider]];
}

/** The endpoint of one place: one base URL for everything, except CapitalOnline's sites (`/{site}/mysql`). */
function endpointFor(emu: RunningEmulator, provider: ProviderName, location: string): string {
  return providerEntry(provider).location.key === 'site' ? `${emu.url}/${location}` : emu.endpoints[provider];
}

/**
 * A source of `provider` pointed at the emulator with an account's keys, built through the registry's factory.
 * Retries are fast so fault tests stay quick; the account label is the emulator account's name.
 */
export function emulatorSource(emu: RunningEmulator, provider: ProviderName, overrides: SourceOverrides = {}, place: SourcePlace = {}): BackupSource {
  const entry = providerEntry(provider);
  const account = emu.accounts.find((a) => a.name === (place.account ?? emu.accounts[0]!.name));
  if (!account) throw new Error(`the emulator has no account ${place.account}`);
  const location = place.location ?? placesOf(emu, provider)[0]!;
  return entry.create({
    [entry.location.key]: location,
    endpoint: endpointFor(emu, provider, location),
    credentials: account.credentials,
    account: account.name,
    retry: { baseDelayMs: 1, maxDelayMs: 20, maxAttempts: 8 },
    ...REACH[provider]?.(emu),
    ...overrides,
  });
}

/** One source per account and place the emulator serves for `provider`: together they see all of its ground truth. */
export function emulatorSources(emu: RunningEmulator, provider: ProviderName, overrides: SourceOverrides = {}): BackupSource[] {
  return emu.accounts.flatMap((account) => placesOf(emu, provider).map((location) => emulatorSource(emu, provider, overrides, { account: account.name, location })));
}
