import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';

export const BIN = join(process.cwd(), 'dist', 'cli.js');

/** Builds dist/ when it is missing or older than src/ (the bin under test is the built one). */
export function ensureBuilt(): void {
  execFileSync(process.execPath, ['scripts/ensure-build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
}

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A clean environment: no credentials but the ones given, HOME in an empty directory (so no
 * credentials file is found), and the test run's TZ passed through.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: mkdtempSync(join(tmpdir(), 'cloud-backups-home-')),
    ...(process.env.TZ !== undefined ? { TZ: process.env.TZ } : {}),
    ...extra,
  };
}

/** Every provider's env credentials set to the emulator's throwaway keys. */
export function emulatorCredentialsEnv(emu: RunningEmulator): Record<string, string> {
  const { accessKeyId, accessKeySecret } = emu.credentials;
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
    HUAWEICLOUD_SDK_AK: accessKeyId,
    HUAWEICLOUD_SDK_SK: accessKeySecret,
    CDS_SECRET_ID: accessKeyId,
    CDS_SECRET_KEY: accessKeySecret,
  };
}

export function spawnBin(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the bin with stdout and stderr piped (not terminals), as a script or cron job would. */
export function runBin(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawnBin(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
