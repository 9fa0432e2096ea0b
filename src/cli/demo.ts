import { createBackupClient, PROVIDERS } from '../index.js';
import { EXIT_INTERRUPTED, type ExitCode } from './exit-codes.js';
import { BackupTally, renderTally } from './format/demo-summary.js';
import { plural } from './format/plural.js';
import { formatInstant } from './format/time.js';
import type { CliIO } from './io.js';
import { ListingOutcome } from './listing-outcome.js';
import { createProgressLine } from './progress.js';
import { emulatorSourceSpecs } from './emulator-sources.js';
import { buildSource } from './source-spec.js';

/** The demo's dataset: seeded, so every run sees the same backups (some of them failed), ending at the present. */
export const DEMO_EMULATOR_OPTIONS = { seed: 42, instances: 3, backupsPerInstance: 60 } as const;

export interface DemoOptions {
  seed?: number;
  local?: boolean;
  /** The instant the emulated history ends at; default the present. */
  anchorTime?: Date;
}

/**
 * `cloud-backups demo`: the library's main job, end to end, with nothing to set up. Starts the emulator
 * in-process, lists every backup of every provider through one client, and summarises them.
 */
export async function runDemo(options: DemoOptions, io: CliIO): Promise<ExitCode> {
  const seed = options.seed ?? DEMO_EMULATOR_OPTIONS.seed;
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ ...DEMO_EMULATOR_OPTIONS, seed, ...(options.anchorTime ? { anchorTime: options.anchorTime } : {}) });
  const startedAt = performance.now();
  const tally = new BackupTally();
  const outcome = new ListingOutcome();
  const progress = createProgressLine(io.stderr);
  const client = createBackupClient({
    sources: emulatorSourceSpecs(emulator).map((spec) => buildSource(spec, emulator.credentials)),
    onError: outcome.onError,
    onProgress: (p) => {
      outcome.onProgress(p);
      progress.update(p);
    },
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
  const titles = PROVIDERS.map((p) => p.title);
  io.stdout.write(
    `cloud-backups demo: every backup on a local emulator of ${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}\n` +
      `(seed ${seed}, history up to ${formatInstant(emulator.anchorTime, options.local ?? false)}; no credentials or network needed).\n\n` +
      `Listed ${plural(tally.total, 'backup')} of ${plural(tally.instances.size, 'instance')} from ${plural(tally.counts.size, 'provider')} in ${seconds} s.\n\n` +
      renderTally(tally, options.local ?? false) +
      `\nNext: \`cloud-backups emulator\` keeps an emulator running and prints how to point \`cloud-backups list\` or your own code at it.\n`,
  );
  io.stderr.write(outcome.report());
  return outcome.exitCode();
}
