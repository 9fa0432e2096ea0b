/**
 * Everything the emulator holds before it serves a request: accounts and their keys, the regions
 * each provider populates, and the seeded data of every account x region, built from the registry.
 */
import type { ProviderName } from './types.js';
import { makeAccounts, startingKeys } from './accounts.js';
import type { KeyRing } from './credentials.js';
import type { Dataset, Scope } from './dataset.js';
import { ProviderData } from './dataset.js';
import { Denials } from './denials.js';
import { PROVIDERS, providerDef } from './registry.js';
import type { ResolvedShapes } from './shapes.js';
import { resolveShapes } from './shapes.js';
import { floorToSecond } from './times.js';
import type { EmulatorAccount, EmulatorOptions } from './types.js';

export interface World {
  seed: number;
  anchor: number;
  shapes: ResolvedShapes;
  accounts: readonly EmulatorAccount[];
  keys: KeyRing;
  denials: Denials;
  regions: Record<ProviderName, string[]>;
  dataset: Dataset;
}

type PerProvider = number | Partial<Record<ProviderName, number>> | undefined;

function perProvider(value: PerProvider, fallback: number, p: ProviderName, what: string, min = 0): number {
  const n = typeof value === 'number' ? value : value?.[p] ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be an integer >= ${min} (got ${String(n)} for ${p})`);
  return n;
}

export function createWorld(opts: EmulatorOptions): World {
  const seed = opts.seed ?? 1;
  // Every API states times to the second: an anchor with milliseconds would make the truth finer than the wire.
  const anchor = floorToSecond((opts.anchorTime ?? new Date()).getTime());
  if (!Number.isFinite(anchor)) throw new RangeError('anchorTime is not a valid date');
  const accounts = makeAccounts(opts.accounts ?? 1);
  const defaultCaps = Object.fromEntries(PROVIDERS.flatMap((p) => {
    const cap = providerDef(p).defaultPageSizeCap;
    return cap === undefined ? [] : [[p, cap]];
  }));
  const shapes = resolveShapes(opts.shapes, defaultCaps);
  const settings = { shapes, anchor };

  const regions = {} as Record<ProviderName, string[]>;
  const dataset = {} as Dataset;
  for (const [ordinal, p] of PROVIDERS.entries()) {
    const def = providerDef(p);
    const count = perProvider(opts.regions, 1, p, 'regions', 1);
    if (count > def.regions.length) throw new RangeError(`regions: the emulator has ${def.regions.length} ${p} regions (asked for ${count})`);
    regions[p] = def.regions.slice(0, count);
    const scopes: Scope[] = accounts.flatMap((a) => regions[p].map((region) => ({ account: a.name, region })));
    const backupsPerInstance = perProvider(opts.backupsPerInstance, 40, p, 'backupsPerInstance');
    const instancesPerScope = perProvider(opts.instances, 3, p, 'instances');
    dataset[p] = new ProviderData({ profile: def.profile, ordinal, settings, scopes, instancesPerScope, backupsPerInstance, anchor, seed });
  }
  return { seed, anchor, shapes, accounts, keys: startingKeys(accounts), denials: new Denials(), regions, dataset };
}
