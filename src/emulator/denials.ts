/** Regions where calls are refused with the provider's permission error (`emu.denyRegion`). */
import type { ProviderName } from './types.js';
import type { RegionDenial } from './types.js';

export class Denials {
  private readonly list: RegionDenial[] = [];

  add(d: RegionDenial): void {
    this.list.push({ ...d });
  }

  clear(): void {
    this.list.length = 0;
  }

  /** True when `account`'s calls of `provider` in `region` must be refused. */
  denied(provider: ProviderName, account: string, region: string): boolean {
    return this.list.some((d) => d.provider === provider && d.region === region && (d.account === undefined || d.account === account));
  }
}
