import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECORD_FIELDS, type BackupRecord } from '../../src/cli/format/record.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ClosingReader, everyProviderFlags, MemoryStream, run, stubCredentials, testIO } from './harness.js';
import { comparable, csvRecords, expectedRecords, ndjsonRecords, type Filter } from './records.js';

const ANCHOR = new Date('2026-06-01T00:00:00Z');
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: 11, instances: 2, backupsPerInstance: 40, anchorTime: ANCHOR });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => stubCredentials(emu.credentials));
afterEach(() => vi.unstubAllEnvs());

const all = () => ['list', ...everyProviderFlags(emu)];

describe('list against the emulator', () => {
  it('ndjson: one backup per line, exactly the ground truth for status/type/time filters; nothing on stderr', async () => {
    const filter: Filter = { status: ['success', 'failed'], type: ['full', 'incremental'], since: new Date('2026-05-10T00:00:00Z'), until: new Date('2026-05-25T04:00:00Z') };
    const result = await run([...all(), '--format', 'ndjson', '--status', 'success,failed', '--type', 'full', '--type', 'incremental', '--since', '2026-05-10', '--until', '2026-05-25T12:00:00+08:00']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = ndjsonRecords(result.stdout);
    const expected = expectedRecords(emu, filter);
    expect(expected.length).toBeGreaterThan(20);
    expect(comparable(records)).toEqual(comparable(expected));
    expect(Object.keys(records[0]!)).toEqual([...RECORD_FIELDS]);
  });

  it('json: one array equal to the ground truth (every backup, no filter), no raw records', async () => {
    const result = await run([...all(), '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as BackupRecord[];
    expect(records).toHaveLength(expectedRecords(emu, {}).length);
    expect(comparable(records)).toEqual(comparable(expectedRecords(emu, {})));
    expect(records.some((r) => 'raw' in r)).toBe(false);
  });

  it('json --raw carries each provider record', async () => {
    const [instance] = emu.groundTruth.instances('huawei-rds');
    const result = await run(['list', '--endpoint', emu.url, '--provider', 'huawei-rds', '--region', emu.huaweiRegion, '--project-id', emu.huaweiProjectId, '--instance', instance!.instanceId, '--format', 'json', '--raw']);
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as (BackupRecord & { raw: Record<string, unknown> })[];
    const truth = new Map(emu.groundTruth.backups('huawei-rds', instance!.instanceId).map((b) => [b.id, b.raw]));
    expect(records).toHaveLength(truth.size);
    for (const r of records) expect(r.raw).toEqual(truth.get(r.id));
  });

  it('csv: a header and one row per backup, equal to the ground truth for mode/method filters', async () => {
    const result = await run([...all(), '--format', 'csv', '--mode', 'automated', '--method', 'physical,logical']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = expectedRecords(emu, { mode: ['automated'], method: ['physical', 'logical'] });
    expect(expected.length).toBeGreaterThan(100);
    expect(comparable(csvRecords(result.stdout))).toEqual(comparable(expected));
  });

  it('table (forced in a pipe): every backup id, the count and total size in a summary that says "listing errors"', async () => {
    const result = await run([...all(), '--format', 'table', '--status', 'failed']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = expectedRecords(emu, { status: ['failed'] });
    expect(expected.length).toBeGreaterThan(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+ACCOUNT\s+REGION\s+INSTANCE\s+ID\s+STATUS/);
    const rows = lines.slice(1, -2);
    expect(rows.map((row) => row.split(/\s+/)[4]).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(lines.at(-1)).toMatch(new RegExp(`^${expected.length} backups?, .+ in total, 0 listing errors$`));
    expect(result.stdout).not.toMatch(/failures?\b/);
    expect(result.stdout).not.toContain('\x1b');
  });

  it('table on a terminal by default, ndjson in a pipe', async () => {
    const args = ['list', '--endpoint', emu.url, '--provider', 'capitalonline-mysql', '--limit', '2'];
    expect((await run(args)).stdout).toMatch(/^\{"provider":"capitalonline-mysql"/);
    const terminal = testIO({ stdout: new MemoryStream(true) });
    expect((await run(args, terminal)).stdout).toMatch(/^PROVIDER\s+ACCOUNT\s+REGION/);
  });

  it('on one terminal, streamed rows never land on the progress line', async () => {
    const terminal = new MemoryStream(true);
    const io = testIO({ stdout: terminal });
    io.stderr = terminal;
    const result = await run([...all(), '--format', 'table', '--concurrency', '1'], io);
    expect(result.code).toBe(0);
    expect(terminal.text).toContain('Listing: ');
    const lines = terminal.text.split('\n').map((line) => line.slice(line.lastIndexOf('\r\x1b[2K') + 1).replace(/^\x1b\[2K/, ''));
    expect(lines.filter((line) => line.startsWith('Listing:'))).toEqual([]);
    expect(lines.filter((line) => /^\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(success|failed|running|deleting|unknown)\s/.test(line))).toHaveLength(expectedRecords(emu, {}).length);
  });

  it('table --local prints times in the host zone; UTC by default', async () => {
    const [instance] = emu.groundTruth.instances('capitalonline-mysql');
    const truth = emu.groundTruth.backups('capitalonline-mysql', instance!.instanceId);
    const args = ['list', '--endpoint', emu.url, '--provider', 'capitalonline-mysql', '--instance', instance!.instanceId, '--format', 'table'];
    vi.stubEnv('TZ', 'Asia/Shanghai');
    const local = await run([...args, '--local']);
    const utc = await run(args);
    expect(local.code).toBe(0);
    for (const b of truth) {
      const shanghai = new Date(b.startTime.getTime() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
      expect(local.stdout).toContain(shanghai);
      expect(utc.stdout).toContain(b.startTime.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
    expect(local.stdout).not.toMatch(/\d\dZ /);
  });

  it('--limit stops after n backups and says so in the table', async () => {
    expect(ndjsonRecords((await run([...all(), '--format', 'ndjson', '--limit', '7'])).stdout)).toHaveLength(7);
    expect((await run([...all(), '--format', 'table', '--limit', '3'])).stdout).toMatch(/3 backups, .+ in total, 0 listing errors \(stopped at --limit 3\)\n$/);
  });

  it('--since 7d counts back from now (the emulator history ends at its anchor)', async () => {
    const io = testIO({ now: ANCHOR });
    const result = await run([...all(), '--since', '7d'], io);
    const expected = expectedRecords(emu, { since: new Date(ANCHOR.getTime() - 7 * 86_400_000) });
    expect(expected.length).toBeGreaterThan(0);
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(comparable(expected));
  });

  it('a config file gives the same listing as the flags', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cloud-backups-config-')), 'sources.json');
    writeFileSync(
      path,
      JSON.stringify({
        sources: [
          { provider: 'aliyun-kvstore', region: emu.aliyunRegion, endpoint: emu.url, signatureVersion: 'v1' },
          { provider: 'capitalonline-mysql', site: 'cn', endpoint: emu.url },
        ],
        concurrency: '2',
      }),
    );
    const result = await run(['list', '--config', path, '--format', 'json', '--status', 'success']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(comparable(JSON.parse(result.stdout) as BackupRecord[])).toEqual(comparable(expectedRecords(emu, { status: ['success'] }, ['aliyun-kvstore', 'capitalonline-mysql'])));
  });

  it('--config refuses source flags beside it', async () => {
    const result = await run(['list', '--config', 'x.json', '--provider', 'aliyun-rds', '--project-id', 'p']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--config describes the sources; drop --provider, --project-id');
  });

  it('provider-specific flags reach the provider: --signature-version v1 and --aliyun-format xml list the same backups', async () => {
    const base = ['list', '--endpoint', emu.url, '--provider', 'aliyun-rds,aliyun-kvstore', '--region', emu.aliyunRegion, '--format', 'ndjson'];
    emu.clearRequestLog();
    const result = await run([...base, '--signature-version', 'v1', '--aliyun-format', 'xml']);
    expect(result.code).toBe(0);
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(comparable(expectedRecords(emu, {}, ['aliyun-rds', 'aliyun-kvstore'])));
    const calls = emu.requestLog().filter((e) => e.action === 'DescribeBackups');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect([call.params.SignatureVersion, call.params.Format]).toEqual(['1.0', 'XML']);
  });

  it('many instances queued behind a small concurrency keep stderr empty', async () => {
    const big = await startEmulator({ seed: 5, instances: 6, backupsPerInstance: 5, anchorTime: ANCHOR });
    try {
      const result = await run(['list', ...everyProviderFlags(big), '--concurrency', '2', '--format', 'ndjson']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(comparable(ndjsonRecords(result.stdout))).toEqual(comparable(expectedRecords(big, {})));
    } finally {
      await big.close();
    }
  });

  it('a reader that goes away (| head) stops the listing quietly: exit 0, nothing on stderr', async () => {
    const reader = new ClosingReader(3);
    const result = await run([...all(), '--format', 'ndjson', '--concurrency', '1'], testIO({ stdout: reader }));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(reader.text.split('\n').length).toBeLessThan(expectedRecords(emu, {}).length);
  });

  it('an interrupt (Ctrl-C) keeps what was printed, says how far it got, and exits 130', async () => {
    const io = testIO();
    const stdout = io.stdout as MemoryStream;
    const running = run([...all(), '--format', 'ndjson', '--concurrency', '1'], io);
    await stdout.waitFor('\n');
    io.controller.abort();
    const result = await running;
    expect(result.code).toBe(130);
    const printed = ndjsonRecords(result.stdout).length;
    expect(printed).toBeGreaterThan(0);
    expect(printed).toBeLessThan(expectedRecords(emu, {}).length);
    expect(result.stderr).toContain(`cloud-backups: interrupted after ${printed} backup`);
  });
});
