/**
 * Real-service shapes the emulator serves (`startEmulator({ shapes })`). Every shape the real services send is on by
 * default (cluster jobs, cloud-native clusters, database-level backups, lower-case enums, availability, empty
 * bodies); a capped page size, which only a misbehaving service shows, is off unless asked for. `'all'` turns every
 * one on, `'none'` every one off.
 */
import type { ProviderName } from './types.js';
import type { EmulatorShapes } from './types.js';

export interface ResolvedShapes {
  /** Rows served per backup page at most, per provider (absent: no cap). */
  pageSizeCap: Partial<Record<ProviderName, number>>;
  kvstoreClusters: boolean;
  kvstoreCloudNative: boolean;
  capitalOnlineDatabaseBackups: boolean;
  lowerCaseEnums: boolean;
  rdsAvailability: boolean;
  emptyBodies: boolean;
}

export const NO_SHAPES: ResolvedShapes = Object.freeze({
  pageSizeCap: {},
  kvstoreClusters: false,
  kvstoreCloudNative: false,
  capitalOnlineDatabaseBackups: false,
  lowerCaseEnums: false,
  rdsAvailability: false,
  emptyBodies: false,
});

/**
 * `defaultCaps`: each paged provider's cap for `pageSizeCap: true` (declared by the provider, below its
 * largest page size, so a client asking for the largest page gets fewer rows).
 */
const REAL_SHAPES: EmulatorShapes = {
  kvstoreClusters: true,
  kvstoreCloudNative: true,
  capitalOnlineDatabaseBackups: true,
  lowerCaseEnums: true,
  rdsAvailability: true,
  emptyBodies: true,
};

export function resolveShapes(shapes: EmulatorShapes | 'all' | 'none' | undefined, defaultCaps: Partial<Record<ProviderName, number>>): ResolvedShapes {
  if (shapes === 'none') return NO_SHAPES;
  // Given shapes are added to the defaults; a shape given as false turns a default off.
  const s: EmulatorShapes = shapes === 'all' ? { ...REAL_SHAPES, pageSizeCap: true } : { ...REAL_SHAPES, ...(shapes ?? {}) };
  return Object.freeze({
    pageSizeCap: caps(s.pageSizeCap, defaultCaps),
    kvstoreClusters: s.kvstoreClusters === true,
    kvstoreCloudNative: s.kvstoreCloudNative === true,
    capitalOnlineDatabaseBackups: s.capitalOnlineDatabaseBackups === true,
    lowerCaseEnums: s.lowerCaseEnums === true,
    rdsAvailability: s.rdsAvailability === true,
    emptyBodies: s.emptyBodies === true,
  });
}

function caps(value: EmulatorShapes['pageSizeCap'], defaults: Partial<Record<ProviderName, number>>): Partial<Record<ProviderName, number>> {
  if (value === undefined || value === false) return {};
  const raw = value === true ? defaults : typeof value === 'number'
    ? Object.fromEntries(Object.keys(defaults).map((p) => [p, value]))
    : value;
  for (const [p, n] of Object.entries(raw)) {
    if (!Number.isInteger(n) || (n ?? 0) < 1) throw new RangeError(`shapes.pageSizeCap must be a positive integer (got ${String(n)} for ${p})`);
  }
  return { ...raw };
}

/** The rows a page may hold: the page size asked for, capped. */
export function servedPageSize(shapes: ResolvedShapes, provider: ProviderName, requested: number): number {
  const cap = shapes.pageSizeCap[provider];
  return cap === undefined ? requested : Math.min(requested, cap);
}
