import { expect } from 'vitest';
import type { EmulatedBackup } from '../../src/emulator/index.js';
import type { Backup } from '../../src/index.js';

/** The normalized fields the emulator's ground truth fixes, in a comparable form (listed and truth alike). */
export function comparable(b: EmulatedBackup | Backup) {
  return {
    provider: b.provider,
    instanceId: b.instanceId,
    id: b.id,
    status: b.status,
    mode: b.mode,
    type: b.type,
    method: b.method,
    startTime: b.startTime.toISOString(),
    endTime: b.endTime?.toISOString(),
    sizeBytes: b.sizeBytes,
  };
}

const key = (b: { provider: string; instanceId: string; id: string }) => `${b.provider}/${b.instanceId}/${b.id}`;

/** Same backups, same mapped fields, no duplicates; order-insensitive across instances. */
export function expectSameBackups(listed: readonly Backup[], truth: readonly EmulatedBackup[]): void {
  const keys = listed.map(key);
  expect(new Set(keys).size, 'no duplicates').toBe(keys.length);
  const sort = <T extends { provider: string; instanceId: string; id: string }>(xs: T[]) => xs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  expect(sort(listed.map(comparable))).toEqual(sort(truth.map(comparable)));
}
