/**
 * The one list of emulated clouds. Everything else (dispatch, data, ground truth, the running
 * emulator's fields) is derived from it; a new cloud is its folder plus one line here.
 */
import type { ProviderName } from './types.js';
import { aliyunCloud } from './aliyun/index.js';
import { capitalOnlineCloud } from './capitalonline/index.js';
import type { EmulatedCloud, ProviderDef } from './cloud.js';
import { huaweiCloud } from './huawei/index.js';

export const CLOUDS: readonly EmulatedCloud[] = [aliyunCloud, huaweiCloud, capitalOnlineCloud];

const DEFS = new Map<ProviderName, ProviderDef>(CLOUDS.flatMap((c) => c.providers.map((p) => [p.name, p] as const)));

/** Every emulated provider, in registry order. */
export const PROVIDERS: readonly ProviderName[] = [...DEFS.keys()];

export function providerDef(name: ProviderName): ProviderDef {
  const def = DEFS.get(name);
  if (!def) throw new Error(`The emulator has no provider ${name}`);
  return def;
}
