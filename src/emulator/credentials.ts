/** The emulator's accounts: one permanent key pair and one temporary (STS) triple, accepted everywhere. */
import type { EmulatorCredentials, EmulatorStsCredentials } from './types.js';

export const EMULATOR_CREDENTIALS: EmulatorCredentials = Object.freeze({
  accessKeyId: 'LTAI5tEMULATOR0000AKID01',
  accessKeySecret: 'emulatorSecret0000000000000000001',
});

export const EMULATOR_STS_CREDENTIALS: EmulatorStsCredentials = Object.freeze({
  accessKeyId: 'STS.NUemulator0000000000000001',
  accessKeySecret: 'emulatorStsSecret00000000000000001',
  securityToken: 'CAISemulatorSecurityToken0000000000000000000000000001',
});

export interface KnownKey {
  secret: string;
  /** The token a temporary key must come with; undefined for a permanent key. */
  securityToken?: string;
}

export function lookupKey(accessKeyId: string): KnownKey | undefined {
  if (accessKeyId === EMULATOR_CREDENTIALS.accessKeyId) return { secret: EMULATOR_CREDENTIALS.accessKeySecret };
  if (accessKeyId === EMULATOR_STS_CREDENTIALS.accessKeyId) {
    return { secret: EMULATOR_STS_CREDENTIALS.accessKeySecret, securityToken: EMULATOR_STS_CREDENTIALS.securityToken };
  }
  return undefined;
}
