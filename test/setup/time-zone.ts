import { beforeAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The time zone of the project (vitest.config.ts). */
    timeZone: string;
  }
}

/**
 * Every test file runs in its project's time zone (vitest.config.ts), even in a worker that ran another project's
 * files before: the zone is assigned here, before the file is collected, and checked before its tests.
 */
const zone = inject('timeZone');
process.env.TZ = zone;
beforeAll(() => {
  const actual = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (actual !== zone && !(zone === 'UTC' && actual === 'Etc/UTC')) throw new Error(`test/setup/time-zone.ts: expected the time zone ${zone}, got ${actual}`);
});
