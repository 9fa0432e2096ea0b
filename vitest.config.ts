import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The suites that parse or print times run again under two more time zones (plus one full-stack e2e), so a
 * hidden dependency on the machine's zone fails here rather than on a user's machine.
 */
const ZONE_SENSITIVE = [
  'test/**/map.test.ts',
  'test/**/time.test.ts',
  'test/**/request.test.ts',
  'test/**/instances.test.ts',
  'test/providers/shared/**/*.test.ts',
  'test/signing/**/*.test.ts',
  'test/credentials/**/*.test.ts',
  'test/e2e/**/*.test.ts',
  'test/emulator/aliyun/**/*.test.ts',
  'test/emulator/huawei/**/*.test.ts',
  'test/emulator/capitalonline/**/*.test.ts',
  'test/cli/format.test.ts',
  'test/cli/csv.test.ts',
  'test/cli/audit.test.ts',
  'test/cli/history-views.test.ts',
  'test/audit/**/*.test.ts',
];

/** The audit's calendar days are covered by its unit tests in every zone; its emulator run (8 s) once, in UTC. */
const ZONE_RERUN_EXCLUDED = ['test/audit/emulator.e2e.test.ts'];
/**
 * New York (a negative offset, with DST) reruns the unit suites; the full-stack ones (a listing end to end, the CLI's
 * audit against the emulator, the exporter, 3 s each) run in UTC and Shanghai, which keeps npm test under two minutes.
 */
const NEW_YORK_EXCLUDED = [...ZONE_RERUN_EXCLUDED, 'test/e2e/**', 'test/cli/audit.test.ts', 'test/audit/exporter.test.ts', 'test/audit/policies.test.ts'];

/**
 * One project per time zone: the zone is set by a setup file in every test file (`process.env.TZ` assigned at run
 * time takes effect in Node), so the three zones share one run and one pool of workers. Files share module loading
 * (`isolate: false`: every file restores what it changes).
 */
function zone(name: string, timeZone: string, include: string[], exclude: string[] = []): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: { name, include, exclude, isolate: false, provide: { timeZone }, setupFiles: ['test/setup/time-zone.ts'] },
  };
}

export default defineConfig({
  resolve: {
    // The examples import the package by its name, as users do; in tests that name is the source.
    alias: [
      { find: /^cloud-backups$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^cloud-backups\/emulator$/, replacement: fileURLToPath(new URL('./src/emulator/index.ts', import.meta.url)) },
    ],
  },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default on two cores is one worker; most files wait on sockets, timers and PGlite, so three overlap.
    maxWorkers: 3,
    typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.typetests.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'UTC',
          include: ['test/**/*.test.ts'],
          isolate: false,
          provide: { timeZone: 'UTC' },
          setupFiles: ['test/setup/time-zone.ts'],
          typecheck: { enabled: true },
        },
      },
      zone('Asia/Shanghai', 'Asia/Shanghai', ZONE_SENSITIVE, ZONE_RERUN_EXCLUDED),
      zone('America/New_York', 'America/New_York', ZONE_SENSITIVE, NEW_YORK_EXCLUDED),
    ],
  },
});
