/**
 * The emulator's keys. Each account has one permanent pair; the first account also has a fixed
 * temporary (STS) triple, and Aliyun AssumeRole adds temporary keys while the emulator runs.
 */
import type { EmulatorCredentials, EmulatorStsCredentials } from './types.js';

/** The first account's permanent key pair (`emu.credentials`): throwaway keys every emulated cloud accepts. */
export const EMULATOR_CREDENTIALS: EmulatorCredentials = Object.freeze({
  accessKeyId: 'LTAI5tEMULATOR0000AKID01',
  accessKeySecret: 'emulatorSecret0000000000000000001',
});

/** A fixed temporary (STS) triple of the first account (`emu.stsCredentials`), accepted with its security token. */
export const EMULATOR_STS_CREDENTIALS: EmulatorStsCredentials = Object.freeze({
  accessKeyId: 'STS.NUemulator0000000000000001',
  accessKeySecret: 'emulatorStsSecret00000000000000001',
  securityToken: 'CAISemulatorSecurityToken0000000000000000000000000001',
});

/** Account `n` (1-based): account 1 holds EMULATOR_CREDENTIALS, the others follow the same pattern. */
export function permanentKeyFor(n: number): EmulatorCredentials {
  return {
    accessKeyId: `LTAI5tEMULATOR0000AKID${String(n).padStart(2, '0')}`,
    accessKeySecret: `emulatorSecret${String(n).padStart(19, '0')}`,
  };
}

export interface KnownKey {
  secret: string;
  /** The account whose data the key sees. */
  account: string;
  /** The token a temporary key must come with; undefined for a permanent key. */
  securityToken?: string;
  /** Temporary keys from AssumeRole stop working at this instant (ms). */
  expiresAt?: number;
  /** The one cloud that accepts the key (AssumeRole keys are Aliyun's); undefined: every cloud. */
  cloud?: string;
}

/** Every key the emulator accepts, by access key id. */
export class KeyRing {
  private readonly keys = new Map<string, KnownKey>();

  add(accessKeyId: string, key: KnownKey): void {
    this.keys.set(accessKeyId, key);
  }

  /** The key as `cloud` sees it: a key another cloud issued does not exist there. */
  lookup(accessKeyId: string, cloud: string): KnownKey | undefined {
    const key = this.keys.get(accessKeyId);
    return key && (key.cloud === undefined || key.cloud === cloud) ? key : undefined;
  }
}
