import { aliyunKvstoreEntry } from './aliyun-kvstore/index.js';
import { aliyunRdsEntry } from './aliyun-rds/index.js';
import { capitalOnlineMysqlEntry } from './capitalonline-mysql/index.js';
import type { ProviderEntry } from './entry.js';
import { huaweiRdsEntry } from './huawei-rds/index.js';
import type { ProviderName } from '../model.js';

/**
 * The one list of providers. Everything that must know every provider (the CLI's flags, config keys, help and demo,
 * the query's `providers` vocabulary, the test source lists) reads it from here.
 */
export const PROVIDERS = [aliyunRdsEntry, aliyunKvstoreEntry, huaweiRdsEntry, capitalOnlineMysqlEntry] as const satisfies readonly ProviderEntry[];

/** Every provider's name, in registry order. */
export const PROVIDER_NAMES: readonly ProviderName[] = PROVIDERS.map((p) => p.name);

/** The registry entry of a provider. */
export function providerEntry<P extends ProviderName>(name: P): ProviderEntry<P> {
  const entry = PROVIDERS.find((p) => p.name === name);
  if (!entry) throw new Error(`no provider named ${name}`);
  return entry as unknown as ProviderEntry<P>;
}

// Compile-time proof that the registry lists exactly the providers that augment the model.
type Registered = (typeof PROVIDERS)[number]['name'];
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const registryMatchesModel: Exact<Registered, ProviderName> = true;
void registryMatchesModel;
