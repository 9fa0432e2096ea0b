import type { ProviderName } from './types.js';
import type { DataSettings, InstanceSeed } from './model.js';
import type { Rng } from './random.js';

export interface ProfileContext {
  anchor: number;
  backupsPerInstance: number;
  /** The account owning the instance. */
  account: string;
  /** The region the instance lives in (CapitalOnline: its RegionId). */
  region: string;
  settings: DataSettings;
}

/** What differs per provider when generating data: instances, and how backup ids look. */
export interface ProviderProfile {
  provider: ProviderName;
  /** Makes the instance's seed; `settings` is attached by the caller. */
  makeInstance(rng: Rng, index: number, ctx: ProfileContext): Omit<InstanceSeed, 'settings' | 'quirks'>;
  /** Under `shapes.emptyBodies`, the last instance of each account x region (of two or more) has no backups. */
  emptyInstances?: boolean;
  /** Ids are issued in chronological order; `numericId` increases by a random step each time. */
  backupId(instance: InstanceSeed, numericId: number, rng: Rng): string;
  /** Sizes are whole multiples of this (1024 where the API reports KB); default 1. */
  sizeUnitBytes?: number;
  /** Statuses this API can report (others never appear in its data); failed by default. */
  reportsFailed?: boolean;
  reportsRunning: boolean;
  reportsDeleting: boolean;
}

export const DAY_MS = 86_400_000;

/** Created well before the oldest backup: every 24 h cycle holds at least one backup. */
export function creationTime(rng: Rng, ctx: ProfileContext): number {
  const days = ctx.backupsPerInstance + 2 + Math.floor(rng() * 365);
  return Math.floor((ctx.anchor - days * DAY_MS - rng() * DAY_MS) / 1000) * 1000;
}

/** Log-uniform data size between 256 MiB and 512 GiB. */
export function dataSize(rng: Rng): number {
  const min = Math.log(256 * 2 ** 20);
  const max = Math.log(512 * 2 ** 30);
  return Math.round(Math.exp(min + rng() * (max - min)));
}

const NAME_PARTS = ['orders', 'billing', 'users', 'catalog', 'payments', 'search', 'events', 'audit', 'crm', 'inventory', 'sessions', 'reports'];
const ENVS = ['prod', 'staging', 'test', 'dr'];

export function instanceName(rng: Rng, index: number, suffix: string): string {
  const part = NAME_PARTS[Math.floor(rng() * NAME_PARTS.length)] ?? 'db';
  const env = ENVS[Math.floor(rng() * ENVS.length)] ?? 'prod';
  return `${part}-${env}-${suffix}-${String(index + 1).padStart(2, '0')}`;
}
