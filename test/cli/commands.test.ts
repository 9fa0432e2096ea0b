import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_EMULATOR_OPTIONS } from '../../src/cli/demo.js';
import { SOURCE_FLAGS } from '../../src/cli/source-flags.js';
import { startEmulator } from '../../src/emulator/index.js';
import { BACKUP_STATUSES, PROVIDER_NAMES, PROVIDERS } from '../../src/index.js';
import { MemoryStream, run, stubCredentials, testIO } from './harness.js';
import { ndjsonRecords } from './records.js';

afterEach(() => vi.unstubAllEnvs());

/** Splits a printed command line the way a POSIX shell does for bare and single-quoted words. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/(?:'([^']*)'|(\S+))/g)].map((m) => m[1] ?? m[2]!);
}

describe('help and version', () => {
  it.each([['list'], ['audit'], ['exporter'], ['sync'], ['history'], ['demo'], ['emulator']])('%s --help shows usage and examples, exit 0', async (command) => {
    const result = await run([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: cloud-backups ${command}`);
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n(.*\\n)*\\s+\\$ (npx )?cloud-backups ${command}`));
  });

  it('the top-level help names every provider and has examples', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    const text = result.stdout.replace(/\s+/g, ' ');
    for (const p of PROVIDERS) expect(text).toContain(p.title);
    expect(result.stdout).toMatch(/Examples:\n\s+\$ npx cloud-backups demo/);
  });

  it('list --help shows every registry flag, credential variable and config key, and exit codes 0 to 3', async () => {
    const { stdout } = await run(['list', '--help']);
    for (const flag of SOURCE_FLAGS) expect(stdout).toContain(`--${flag.name} ${flag.placeholder}`);
    for (const p of PROVIDERS) {
      for (const variable of p.credentialVariables) expect(stdout).toContain(variable);
      for (const option of p.options) expect(stdout).toMatch(new RegExp(`${p.name}: provider, ${p.location.key}, .*\\b${option.key}\\b`));
    }
    expect(stdout).toMatch(/Exit codes:\n\s+0 .+\n\s+1 .+\n\s+2 .+\n\s+3 .+nothing could be listed/);
  });

  it('--version prints the package version', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    const result = await run(['--version']);
    expect([result.code, result.stdout.trim()]).toEqual([0, pkg.version]);
  });
});

describe('demo', () => {
  it('exits 0 and prints backups per provider and status, the total size and the newest failed backups', async () => {
    const anchorTime = new Date('2026-06-01T00:00:00Z');
    const result = await run(['demo', '--anchor-time', anchorTime.toISOString()]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('history up to 2026-06-01T00:00:00Z');
    // The same seeded dataset, read straight from the emulator, fixes every number.
    const truth = await startEmulator({ ...DEMO_EMULATOR_OPTIONS, anchorTime });
    try {
      const all = PROVIDER_NAMES.flatMap((p) => truth.groundTruth.backups(p));
      const instances = new Set(all.map((b) => `${b.provider}/${b.instanceId}`)).size;
      expect(result.stdout).toContain(`Listed ${all.length} backups of ${instances} instances from ${PROVIDER_NAMES.length} providers`);
      for (const p of PROVIDER_NAMES) {
        const counts = BACKUP_STATUSES.map((s) => truth.groundTruth.backups(p).filter((b) => b.status === s).length);
        expect(result.stdout).toMatch(new RegExp(`^${p}\\s+${counts.join('\\s+')}\\s+${truth.groundTruth.backups(p).length}\\s+\\S+ \\w?i?B$`, 'm'));
      }
      const totalBytes = all.reduce((sum, b) => sum + (b.sizeBytes ?? 0), 0);
      expect(result.stdout).toContain(`(${totalBytes} bytes)`);
      const failed = all.filter((b) => b.status === 'failed').sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
      expect(failed.length).toBeGreaterThan(0);
      const section = result.stdout.slice(result.stdout.indexOf('Newest failed backups:'));
      // KVStore ids differ between the emulator's truth and the contract (see records.ts): match on instance and start.
      for (const b of failed.slice(0, 5)) expect(section).toMatch(new RegExp(`${b.startTime.toISOString().replace(/\.\d{3}Z$/, 'Z')}\\s+${b.provider}\\s+${b.instanceId}\\s`));
    } finally {
      await truth.close();
    }
  });

  it('lives in the present by default: the history ends now', async () => {
    const before = Date.now();
    const result = await run(['demo']);
    const after = Date.now();
    expect(result.code).toBe(0);
    const end = Date.parse(/history up to (\S+);/.exec(result.stdout)![1]!);
    expect(end).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(end).toBeLessThanOrEqual(after);
  });
});

describe('emulator', () => {
  it('serves in the foreground, prints a command line that lists it, and stops when interrupted', async () => {
    const io = testIO();
    const stdout = io.stdout as MemoryStream;
    const running = run(['emulator', '--port', '0', '--seed', '9', '--instances', '1', '--backups', '12', '--anchor-time', '2026-06-01'], io);
    await stdout.waitFor('From code');
    const text = stdout.text;
    expect(text).toContain('history up to 2026-06-01T00:00:00Z');
    const accessKeyId = /accessKeyId\s+(\S+)/.exec(text)![1]!;
    const accessKeySecret = /accessKeySecret\s+(\S+)/.exec(text)![1]!;
    for (const { credentialVariables: [id, secret] } of PROVIDERS) expect(text).toContain(`export ${id}=${accessKeyId} ${secret}=${accessKeySecret}`);

    // The printed command line, run as printed, lists every provider's backups.
    const commandLine = shellWords(/cloud-backups list (.+)$/m.exec(text)![1]!);
    stubCredentials({ accessKeyId, accessKeySecret });
    const listed = await run(['list', ...commandLine.filter((a) => a !== '--status' && a !== 'failed'), '--format', 'ndjson']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const records = ndjsonRecords(listed.stdout);
    expect(new Set(records.map((r) => r.provider))).toEqual(new Set(PROVIDER_NAMES));
    expect(records).toHaveLength(PROVIDER_NAMES.length * 12);
    expect(Math.max(...records.map((r) => Date.parse(r.startTime)))).toBeLessThan(Date.parse('2026-06-01T00:00:00Z'));

    io.controller.abort();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Emulator stopped\.\n$/);
  });

  it('--anchor-time now is the clock\'s now', async () => {
    const io = testIO({ now: new Date('2030-01-02T03:04:05Z') });
    const running = run(['emulator', '--anchor-time', 'now', '--instances', '1', '--backups', '1'], io);
    await (io.stdout as MemoryStream).waitFor('From code');
    io.controller.abort();
    expect((await running).stdout).toContain('history up to 2030-01-02T03:04:05Z');
  });

  it('a bad --anchor-time is a usage error', async () => {
    const result = await run(['emulator', '--anchor-time', 'yesterday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--anchor-time.*"yesterday" is not a time/);
  });

  it('a port in use is a usage error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const result = await run(['emulator', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Cannot listen on port \d+ \(EADDRINUSE\): choose another --port/);
    } finally {
      server.close();
    }
  });
});
