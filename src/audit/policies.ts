import { toCloudBackupsError, type ListingFailure } from '../errors.js';
import { internalsOf, walkAll, type BackupClient, type ClientBackupQuery, type InstanceLister } from '../listing/client.js';
import type { BackupPolicy, ProviderName } from '../model.js';

/** An instance whose provider has no API to read its backup policy. */
export interface UnreadablePolicy {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
}

/** What `client.policies` resolves with: the policies read, the instances without a policy API, and the failures. */
export interface PolicyList {
  /** Instance by instance, in (provider, account, region, instance) order. */
  policies: BackupPolicy[];
  /** Instances of providers without a policy API (CapitalOnline): nothing failed, there is nothing to read. */
  unsupported: UnreadablePolicy[];
  /** Sources whose instances could not be discovered, and policies that could not be read. */
  failures: ListingFailure[];
}

/**
 * `client.policies(query)`: every instance's backup policy, one request per instance, walked under the client's
 * concurrency, progress and cancellation. Failures are returned, not thrown (like `audit`).
 */
export async function listPolicies(client: BackupClient, query: Pick<ClientBackupQuery, 'providers' | 'instances' | 'signal'> = {}): Promise<PolicyList> {
  const internals = internalsOf(client);
  const selected = internals.select({ providers: query.providers, instances: query.instances });
  const policies: BackupPolicy[] = [];
  const unsupported: UnreadablePolicy[] = [];
  const failures: ListingFailure[] = [];
  const readPolicy: InstanceLister = async function* policyOfInstance(runtime, instance, signal, observer) {
    const { provider, account, region, instanceId } = instance;
    if (!runtime.definition.fetchBackupPolicy) {
      unsupported.push({ provider, account, region, instanceId });
      return;
    }
    try {
      const policy = await runtime.policy(instance, signal, observer);
      if (policy) policies.push(policy);
      else unsupported.push({ provider, account, region, instanceId });
    } catch (error) {
      if (signal.aborted) throw error;
      yield { items: [], failures: [{ provider, account, region, instanceId, error: toCloudBackupsError(error, provider) }] };
    }
  };
  for await (const page of walkAll({
    runtimes: selected.runtimes,
    concurrency: internals.concurrency,
    signal: query.signal,
    instanceFilter: selected.instanceFilter,
    onProgress: internals.onProgress,
    perInstance: readPolicy,
  })) {
    failures.push(...page.failures);
  }
  const order = (p: UnreadablePolicy) => `${p.provider}\u0000${p.account}\u0000${p.region}\u0000${p.instanceId}`;
  policies.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  unsupported.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  return { policies, unsupported, failures };
}
