import type { EmulatorOptions, RunningEmulator } from '../emulator/index.js';
import { PROVIDER_NAMES } from '../index.js';
import { EXIT_OK, UsageError, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';
import { CREDENTIAL_ENV_VARS } from './source-spec.js';

export interface EmulatorCommandOptions {
  port?: number;
  seed?: number;
  latency?: number;
  throttle?: number;
  instances?: number;
  backups?: number;
}

/** `cloud-backups emulator`: serves the four emulated APIs in the foreground until SIGINT / SIGTERM. */
export async function runEmulator(options: EmulatorCommandOptions, io: CliIO): Promise<ExitCode> {
  const { startEmulator } = await import('../emulator/index.js');
  const emulatorOptions: EmulatorOptions = {
    port: options.port ?? 0,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.latency !== undefined ? { latency: options.latency } : {}),
    ...(options.throttle !== undefined ? { faults: { throttleRate: options.throttle } } : {}),
    ...(options.instances !== undefined ? { instances: options.instances } : {}),
    ...(options.backups !== undefined ? { backupsPerInstance: options.backups } : {}),
  };
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

/** Endpoints, the emulator's throwaway keys, and how to use them from a shell or from code. */
export function describeEmulator(emulator: RunningEmulator, seed: number | undefined): string {
  const { accessKeyId, accessKeySecret } = emulator.credentials;
  const url = emulator.url;
  const width = Math.max(...PROVIDER_NAMES.map((p) => p.length));
  const endpoints = PROVIDER_NAMES.map((p) => `  ${p.padEnd(width)}  ${emulator.endpoints[p]}`);
  const exports = [...new Set(Object.values(CREDENTIAL_ENV_VARS).map(([id, secret]) => `export ${id}=${accessKeyId} ${secret}=${accessKeySecret}`))];
  return [
    `cloud-backups emulator listening on ${url} (seed ${seed ?? 1}). Press Ctrl-C to stop.`,
    '',
    'Endpoints (pass as a source\'s `endpoint`):',
    ...endpoints,
    `  ${'huawei IAM'.padEnd(width)}  ${emulator.iamEndpoint}`,
    '',
    `Regions: Aliyun ${emulator.aliyunRegion}, Huawei ${emulator.huaweiRegion} (project id ${emulator.huaweiProjectId}).`,
    '',
    'Credentials (throwaway test keys, accepted by every provider):',
    `  accessKeyId      ${accessKeyId}`,
    `  accessKeySecret  ${accessKeySecret}`,
    '',
    'From a shell:',
    ...exports.map((line) => `  ${line}`),
    `  cloud-backups list --endpoint ${url} --provider aliyun-rds --provider aliyun-kvstore --provider huawei-rds --provider capitalonline-mysql \\`,
    `    --region ${emulator.aliyunRegion} --region huawei-rds:${emulator.huaweiRegion} --project-id ${emulator.huaweiProjectId} --status failed`,
    '',
    'From code:',
    `  const credentials = { accessKeyId: '${accessKeyId}', accessKeySecret: '${accessKeySecret}' };`,
    `  aliyunRds({ region: '${emulator.aliyunRegion}', endpoint: '${emulator.endpoints['aliyun-rds']}', credentials });`,
    `  huaweiRds({ region: '${emulator.huaweiRegion}', endpoint: '${emulator.endpoints['huawei-rds']}', projectId: '${emulator.huaweiProjectId}', credentials });`,
    `  capitalOnlineMysql({ endpoint: '${emulator.endpoints['capitalonline-mysql']}', credentials });`,
    '',
  ].join('\n');
}
