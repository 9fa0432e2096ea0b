import type { ListingFailure } from '../../index.js';

/** A listing failure in the JSON outputs (sync, audit): where it happened and the error's name and message. */
export function failureJson(f: ListingFailure) {
  return { provider: f.provider, account: f.account, region: f.region ?? null, instanceId: f.instanceId ?? null, error: { name: f.error.name, message: f.error.message } };
}
