import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/index.js';
import { ensureCliBuilt, finished, runBin, spawnBin } from './built-cli.js';
import { everyProviderFlags } from './harness.js';
import { parseExposition } from './exposition.js';
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

  it('sync into a fresh directory, then history --coverage --days 30: an embedded database, nothing installed (PGlite)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cloud-backups-smoke-db-')), 'inventory');
    const synced = await runBin(['sync', ...everyProviderFlags(emu), '--db', db, '--format', 'json'], env);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ status: 'succeeded', listed: expectedRecords(emu, {}).length, gone: 0 });
    const coverage = await runBin(['history', '--db', db, '--coverage', '--days', '30', '--format', 'ndjson'], env);
    expect(coverage.stderr).toBe('');
    expect(coverage.code).toBe(0);
    const rows = coverage.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { instanceId: string; days: number });
    expect(rows.map((r) => r.instanceId).sort()).toEqual(PROVIDERS.flatMap((p) => emu.groundTruth.instances(p.name).map((i) => i.instanceId)).sort());
    expect(new Set(rows.map((r) => r.days))).toEqual(new Set([30]));
  }, 180_000);

  it('audit --format prometheus (prom-client bundled): valid exposition, and the exit code of its alarms', async () => {
    const result = await runBin(['audit', ...everyProviderFlags(emu), '--max-age', '26h', '--now', '2026-06-01T00:00:00Z', '--format', 'prometheus'], env);
    expect(result.stderr).toBe('');
    const { samples } = parseExposition(result.stdout);
    const statuses = samples.filter((s) => s.name === 'cloud_backups_audit_status');
    expect(statuses.length).toBe(PROVIDERS.reduce((n, p) => n + emu.groundTruth.instances(p.name).length, 0));
    expect(result.code).toBe(statuses.some((s) => s.value === 2) ? 1 : 0);
  });
});

