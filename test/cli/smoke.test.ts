import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/index.js';
import { ensureCliBuilt, finished, runBin, spawnBin } from './built-cli.js';
import { everyProviderFlags } from './harness.js';
import { expectedRecords } from './records.js';

/**
 * A handful of checks of the built binary as a shell runs it: what the in-process tests cannot see (the shebang
 * and bundle, real signals, a real closed pipe, the process exit code). Everything else is tested in process.
 */

let emu: RunningEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await ensureCliBuilt();
  // Many instances, listed one at a time: a listing that is surely still running when the test acts on it.
  emu = await startEmulator({ seed: 3, instances: 12, backupsPerInstance: 30, anchorTime: new Date('2026-06-01T00:00:00Z') });
  env = {
    PATH: process.env.PATH ?? '',
    HOME: mkdtempSync(join(tmpdir(), 'cloud-backups-home-')),
    ...(process.env.TZ !== undefined ? { TZ: process.env.TZ } : {}),
    ...Object.fromEntries(PROVIDERS.flatMap(({ credentialVariables: [id, secret] }) => [[id, emu.credentials.accessKeyId], [secret, emu.credentials.accessKeySecret]])),
  };
}, 120_000);

afterAll(async () => {
  await emu?.close();
});

/** Resolves with the child's stdout so far once it has printed `lines` lines. */
function linesPrinted(child: ReturnType<typeof spawnBin>, lines: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.split('\n').length > lines) resolve(text);
    });
    child.on('close', () => reject(new Error(`exited after ${text.split('\n').length - 1} lines`)));
  });
}

describe('the built binary', () => {
  it('--help and --version exit 0', async () => {
    const help = await runBin(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cloud-backups');
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    const version = await runBin(['--version'], env);
    expect([version.code, version.stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('lists every provider of the emulator as ndjson, exit 0, nothing on stderr', async () => {
    const result = await runBin(['list', ...everyProviderFlags(emu), '--format', 'ndjson'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(expectedRecords(emu, {}).length);
  });

  it('a usage error exits 2 with the message on stderr', async () => {
    const result = await runBin(['list', '--provider', 'aliyun-rsd'], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Did you mean "aliyun-rds"?');
  });

  it('a reader that closes the pipe early (| head -1) ends the listing quietly with exit 0', async () => {
    const child = spawnBin(['list', ...everyProviderFlags(emu), '--format', 'table', '--concurrency', '1'], env);
    const done = finished(child);
    const first = await linesPrinted(child, 1);
    child.stdout!.destroy();
    const result = await done;
    expect(first).toMatch(/^PROVIDER\s+ACCOUNT\s+REGION/);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('SIGINT mid-listing keeps what was printed and exits 130', async () => {
    const child = spawnBin(['list', ...everyProviderFlags(emu), '--format', 'ndjson', '--concurrency', '1'], env);
    const done = finished(child);
    await linesPrinted(child, 1);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/cloud-backups: interrupted after [\d,]+ backups?\./);
  });
});
