import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = join(process.cwd(), 'dist', 'cli.js');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds `dist/cli.js` when it is missing or older than `src/` or the build config: only the CLI entry, so a
 * smoke test does not wait for (or depend on) the library's declaration build.
 */
export async function ensureCliBuilt(): Promise<void> {
  const stale = !existsSync(BIN) || Math.max(newest('src'), newest('tsup.config.ts'), newest('package.json')) > statSync(BIN).mtimeMs;
  if (!stale) return;
  const { build } = await import('tsup');
  const { cliBuild } = await import('../../tsup.config.js');
  await build({ ...cliBuild, config: false, silent: true });
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnBin(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs the built binary with stdout and stderr piped (not terminals), as a script or cron job would. */
export function runBin(args: readonly string[], env: NodeJS.ProcessEnv): Promise<BinResult> {
  return finished(spawnBin(args, env));
}
