import { expect } from 'vitest';
import type { EmulatedBackup, EmulatedInstance } from '../../src/emulator/index.js';
import type { Backup, InstanceInfo } from '../../src/index.js';

/**
 * Fields of the model (contracts.md section 1) that the emulator's ground truth does not state yet. Each is compared
 * as soon as the truth states it (the key is present on a truth backup); until then the listed value cannot be checked
 * against the emulator, only by the mapper tests.
 */
export const FIELDS_THE_TRUTH_MAY_STATE = ['scope', 'available', 'expiresAt', 'databases', 'parts', 'site', 'downloadUrlExpiresAt'] as const;

const iso = (d: Date | undefined) => d?.toISOString();

/**
 * The id the model must give a truth backup (contracts.md section 1): a KVStore row's `BackupJobID` when it has one,
 * else its own id. The emulator's truth still names a KVStore backup by the row's `BackupId`; the record it served says
 * which job the row belongs to, so the contract's id is read from there (for every other provider it is the truth's id).
 */
function contractId(b: EmulatedBackup): string {
  const job = b.provider === 'aliyun-kvstore' ? b.raw['BackupJobID'] : undefined;
  return typeof job === 'number' || (typeof job === 'string' && job.trim() !== '') ? String(job).trim() : b.id;
}

/** One comparable shape for listed backups and truth alike: every field both state, times as ISO strings. */
function shape(b: {
  provider: string; account: string; region: string; instanceId: string; id: string; status: string; mode: string; type: string; method: string;
  startTime: Date; endTime?: Date; sizeBytes?: number; engine?: string; engineVersion?: string;
}) {
  return {
    provider: b.provider,
    account: b.account,
    region: b.region,
    instanceId: b.instanceId,
    id: b.id,
    status: b.status,
    mode: b.mode,
    type: b.type,
    method: b.method,
    startTime: b.startTime.toISOString(),
    endTime: iso(b.endTime),
    sizeBytes: b.sizeBytes,
    engine: b.engine,
    engineVersion: b.engineVersion,
  };
}

type Comparable = ReturnType<typeof shape> & Record<string, unknown>;

function stated(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = from[key];
    out[key] = v instanceof Date ? v.toISOString() : Array.isArray(v) ? JSON.parse(JSON.stringify(v)) : v;
  }
  return out;
}

/** A truth backup as the model must list it. Engines: the truth spells them the provider's way; the model lower-case. */
export function expectedOf(b: EmulatedBackup): Comparable {
  const optional = FIELDS_THE_TRUTH_MAY_STATE.filter((k) => k in b);
  return { ...shape({ ...b, id: contractId(b), engine: b.engine?.toLowerCase() }), ...stated(b as unknown as Record<string, unknown>, optional) };
}

/** A listed backup in the comparable shape, with the optional fields `like` (its truth twin) states. */
export function listedAs(b: Backup, like?: EmulatedBackup): Comparable {
  const optional = like ? FIELDS_THE_TRUTH_MAY_STATE.filter((k) => k in like) : [];
  return { ...shape(b), ...stated(b as unknown as Record<string, unknown>, optional) };
}

const keyOf = (b: { provider: string; account: string; instanceId: string; id: string }) => `${b.provider}/${b.account}/${b.instanceId}/${b.id}`;
const byKey = <T extends { provider: string; account: string; instanceId: string; id: string }>(xs: T[]) =>
  xs.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

/** Same backups, same fields, no duplicates; order-insensitive across instances. */
export function expectSameBackups(listed: readonly Backup[], truth: readonly EmulatedBackup[]): void {
  const keys = listed.map(keyOf);
  expect(new Set(keys).size, 'no duplicates').toBe(keys.length);
  const expected = truth.map((t) => ({ truth: t, shape: expectedOf(t) }));
  const twin = new Map(expected.map((e) => [keyOf(e.shape), e.truth]));
  expect(byKey(listed.map((b) => listedAs(b, twin.get(keyOf(b)))))).toEqual(byKey(expected.map((e) => e.shape)));
}

/** What discovery must report of each instance the emulator serves (the truth spells engines the provider's way). */
export function instanceOf(i: InstanceInfo | EmulatedInstance) {
  return {
    provider: i.provider,
    account: i.account,
    region: i.region,
    instanceId: i.instanceId,
    name: i.name,
    engine: 'raw' in i ? i.engine.toLowerCase() : i.engine,
    engineVersion: i.engineVersion,
    createdAt: iso(i.createdAt),
  };
}

/** Discovery found exactly the emulator's instances, each with its account, region, name, engine, version and creation time. */
export function expectSameInstances(found: readonly InstanceInfo[], truth: readonly EmulatedInstance[]): void {
  const sort = (xs: ReturnType<typeof instanceOf>[]) => xs.sort((a, b) => (`${a.account}/${a.instanceId}` < `${b.account}/${b.instanceId}` ? -1 : 1));
  expect(sort(found.map(instanceOf))).toEqual(sort(truth.map(instanceOf)));
}
