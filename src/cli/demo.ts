import { createBackupClient, type ListingFailure } from '../index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { EXIT_INTERRUPTED, type ExitCode } from './exit-codes.js';
import { failureReport, listingExitCode } from './failures.js';
import { BackupTally, renderTally } from './format/demo-summary.js';
import { plural } from './format/plural.js';
import type { CliIO } from './io.js';
import { createProgressLine } from './progress.js';
import { buildSource, type SourceSpec } from './source-spec.js';

/** The demo's dataset: seeded, so every run (and its test) sees the same backups, some of them failed. */
export const DEMO_EMULATOR_OPTIONS = { seed: 42, instances: 3, backupsPerInstance: 60 } as const;

export interface DemoOptions {
  seed?: number;
  local?: boolean;
}

/** The four sources, each pointed at the emulator the way a user's own code would be. */
export function emulatorSourceSpecs(emulator: RunningEmulator): SourceSpec[] {
  return [
    { provider: 'aliyun-rds', region: emulator.aliyunRegion, endpoint: emulator.endpoints['aliyun-rds'] },
    { provider: 'aliyun-kvstore', region: emulator.aliyunRegion, endpoint: emulator.endpoints['aliyun-kvstore'] },
    { provider: 'huawei-rds', region: emulator.huaweiRegion, endpoint: emulator.endpoints['huawei-rds'], iamEndpoint: emulator.iamEndpoint },
    { provider: 'capitalonline-mysql', endpoint: emulator.endpoints['capitalonline-mysql'] },
  ];
}

/**
 * `cloud-backups demo`: the library's main job, end to end, with nothing to set up. Starts the emulator
 * in-process, lists every backup of every provider through one client, and summarises them.
 */
export async function runDemo(options: DemoOptions, io: CliIO): Promise<ExitCode> {
  const seed = options.seed ?? DEMO_EMULATOR_OPTIONS.seed;
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ ...DEMO_EMULATOR_OPTIONS, seed });
  const startedAt = performance.now();
  const tally = new BackupTally();
  const failures: ListingFailure[] = [];
  const progress = createProgressLine(io.stderr);
  const client = createBackupClient({
    sources: emulatorSourceSpecs(emulator).map((spec) => buildSource(spec, emulator.credentials)),
    onError: (failure) => failures.push(failure),
    onProgress: (p) => progress.update(p),
  });
  try {
    for await (const backup of client.backups({ signal: io.signal })) tally.add(backup);
  } catch (error) {
    if (!io.signal.aborted) throw error;
  } finally {
    progress.clear();
    client.close();
    await emulator.close();
  }
  if (io.signal.aborted) return EXIT_INTERRUPTED;

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
  io.stdout.write(
    `cloud-backups demo: every backup on a local emulator of Aliyun RDS, Aliyun KVStore, Huawei Cloud RDS and CapitalOnline MySQL\n` +
      `(seed ${seed}; no credentials or network needed).\n\n` +
      `Listed ${plural(tally.total, 'backup')} of ${plural(tally.instances.size, 'instance')} from ${plural(tally.counts.size, 'provider')} in ${seconds} s.\n\n` +
      renderTally(tally, options.local ?? false) +
      `\nNext: \`cloud-backups emulator\` keeps an emulator running and prints how to point \`cloud-backups list\` or your own code at it.\n`,
  );
  io.stderr.write(failureReport(failures));
  return listingExitCode(failures);
}
