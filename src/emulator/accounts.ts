/** The emulated accounts: names, keys, and the Aliyun identity a role in each account has. */
import { EMULATOR_STS_CREDENTIALS, KeyRing, permanentKeyFor } from './credentials.js';
import type { EmulatorAccount } from './types.js';

/** 'default', 'account-2', 'account-3', ... (the first is what a source labels an unnamed account). */
export function accountName(index: number): string {
  return index === 0 ? 'default' : `account-${index + 1}`;
}

export function makeAccounts(count: number): EmulatorAccount[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`accounts must be a positive integer (got ${String(count)})`);
  return Array.from({ length: count }, (_, i) => {
    // A 16-digit Aliyun account id, fixed per index so printed role ARNs stay valid across runs.
    const aliyunUid = String(1_300_000_000_000_000 + (i + 1) * 7_919_273_171);
    return {
      name: accountName(i),
      credentials: permanentKeyFor(i + 1),
      aliyunUid,
      roleArn: `acs:ram::${aliyunUid}:role/cloud-backups-reader`,
    };
  });
}

/** The keys every cloud accepts at start: each account's pair, and the fixed STS triple of the first. */
export function startingKeys(accounts: readonly EmulatorAccount[]): KeyRing {
  const ring = new KeyRing();
  for (const a of accounts) ring.add(a.credentials.accessKeyId, { secret: a.credentials.accessKeySecret, account: a.name });
  const first = accounts[0];
  if (first) {
    ring.add(EMULATOR_STS_CREDENTIALS.accessKeyId, {
      secret: EMULATOR_STS_CREDENTIALS.accessKeySecret, securityToken: EMULATOR_STS_CREDENTIALS.securityToken, account: first.name,
    });
  }
  return ring;
}
