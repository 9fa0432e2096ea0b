import type { EmulatorOptions, RunningEmulator } from '../emulator/index.js';
import { PROVIDERS } from '../index.js';
import { EXIT_OK, UsageError, type ExitCode } from './exit-codes.js';
import { formatInstant } from './format/time.js';
import type { CliIO } from './io.js';
import { emulatorSourceSpecs } from './emulator-sources.js';
import { shellLine } from './shell-words.js';
import { flagsForSpecs } from './spec-flags.js';

export interface EmulatorCommandOptions {
  port?: number;
  seed?: number;
  latency?: number;
  throttle?: number;
  instances?: number;
  backups?: number;
  /** The instant the emulated history ends at; default the present. */
  anchorTime?: Date;
}

/** `cloud-backups emulator`: serves the emulated APIs in the foreground until SIGINT / SIGTERM. */
export async function runEmulator(options: EmulatorCommandOptions, io: CliIO): Promise<ExitCode> {
  const { startEmulator } = await import('../emulator/index.js');
  const emulatorOptions: EmulatorOptions = { port: options.port ?? 0 };
  if (options.seed !== undefined) emulatorOptions.seed = options.seed;
  if (options.latency !== undefined) emulatorOptions.latency = options.latency;
  if (options.throttle !== undefined) emulatorOptions.faults = { throttleRate: options.throttle };
  if (options.instances !== undefined) emulatorOptions.instances = options.instances;
  if (options.backups !== undefined) emulatorOptions.backupsPerInstance = options.backups;
  if (options.anchorTime !== undefined) emulatorOptions.anchorTime = options.anchorTime;
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(`Cannot listen on port ${options.port} (${code}): choose another --port, or --port 0 for any free port.`);
    }
    throw error;
  }
  io.stdout.write(describeEmulator(emulator, options.seed));
  if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
  await emulator.close();
  io.stdout.write('Emulator stopped.\n');
  return EXIT_OK;
}

/** Endpoints, the emulator's throwaway keys, and how to use them from a shell or from code: all from the registry. */
function describeEmulator(emulator: RunningEmulator, seed: number | undefined): string {
  const { accessKeyId, accessKeySecret } = emulator.credentials;
  const specs = emulatorSourceSpecs(emulator);
  const width = Math.max(...PROVIDERS.map((p) => p.name.length));
  const exports = [...new Set(PROVIDERS.map(({ credentialVariables: [id, secret] }) => `export ${id}=${accessKeyId} ${secret}=${accessKeySecret}`))];
  const quote = (value: unknown) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));
  const codeLines = specs.map(({ provider, options }) => {
    const fields = Object.entries(options).map(([k, v]) => `${k}: ${quote(v)}`);
    return `  ${provider.padEnd(width)}  { ${[...fields, 'credentials'].join(', ')} }`;
  });
  return [
    `cloud-backups emulator listening on ${emulator.url} (seed ${seed ?? 1}, history up to ${formatInstant(emulator.anchorTime, false)}). Press Ctrl-C to stop.`,
    '',
    "Endpoints (pass as a source's `endpoint`):",
    ...specs.map(({ provider, options }) => `  ${provider.padEnd(width)}  ${typeof options.endpoint === 'string' ? options.endpoint : emulator.endpoints[provider]}`),
    '',
    'Where the instances are:',
    ...PROVIDERS.map((p) => `  ${p.name.padEnd(width)}  ${(emulator.regions[p.name] ?? []).join(', ')}`),
    '',
    'Credentials (throwaway test keys, accepted by every provider):',
    `  accessKeyId      ${accessKeyId}`,
    `  accessKeySecret  ${accessKeySecret}`,
    '',
    'From a shell:',
    ...exports.map((line) => `  ${line}`),
    `  ${shellLine(['cloud-backups', 'list', ...flagsForSpecs(specs), '--status', 'failed'])}`,
    '',
    'From code, each source factory with these options:',
    `  const credentials = { accessKeyId: '${accessKeyId}', accessKeySecret: '${accessKeySecret}' };`,
    ...codeLines,
    '',
  ].join('\n');
}
