import type { BackupsQuery, ChangesQuery, CoverageQuery, InventoryFilter, SizeQuery, SyncOptions } from './types.js';

/**
 * The fields each inventory call takes. A misspelt one (`timezone` for `timeZone`) would otherwise be ignored and the
 * default used in its place, quietly answering another question; it is named instead. Typed as records over the
 * interfaces, so a field added to one is added here or the build fails.
 */
const FILTER: Record<keyof InventoryFilter, true> = { providers: true, accounts: true, regions: true, instances: true };
const CHANGES: Record<keyof ChangesQuery, true> = { ...FILTER, since: true, until: true };
const COVERAGE: Record<keyof CoverageQuery, true> = { ...FILTER, days: true, timeZone: true, now: true };
const SIZES: Record<keyof SizeQuery, true> = { ...FILTER, since: true, until: true, timeZone: true };
const BACKUPS: Record<keyof BackupsQuery, true> = { ...FILTER, since: true, until: true, status: true, includeGone: true };
const SYNC_OPTIONS: Record<keyof SyncOptions, true> = { lockTimeoutMs: true, leaseMs: true, batchSize: true };

export const INVENTORY_KEYS = {
  filter: Object.keys(FILTER),
  changes: Object.keys(CHANGES),
  coverage: Object.keys(COVERAGE),
  sizes: Object.keys(SIZES),
  backups: Object.keys(BACKUPS),
  syncOptions: Object.keys(SYNC_OPTIONS),
  runs: ['limit'],
  savePolicies: ['fetchedAt'],
} as const satisfies Record<string, readonly string[]>;
