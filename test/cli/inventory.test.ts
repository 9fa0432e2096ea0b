import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PROVIDER_NAMES } from '../../src/index.js';
import { everyProviderFlags, run, stubCredentials, testIO } from './harness.js';
import { expectedRecords } from './records.js';

/**
 * `sync` and `history` against the emulator and an embedded inventory (PGlite) on disk, in process. Opening an
 * embedded database costs seconds, so one inventory is carried through the steps in order, and the views' output
 * is tested on a fake inventory (history-views.test.ts).
 */

const ANCHOR = new Date('2026-06-01T00:00:00Z');
const NOW = new Date(ANCHOR.getTime() + 60_000);
const SLOW = 180_000;

let emu: RunningEmulator;
let db: string;
beforeAll(async () => {
  emu = await startEmulator({ seed: 51, instances: 2, backupsPerInstance: 20, anchorTime: ANCHOR });
  db = join(mkdtempSync(join(tmpdir(), 'cloud-backups-inventory-')), 'db');
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => stubCredentials(emu.credentials));
afterEach(() => {
  emu.clearDenials();
  vi.unstubAllEnvs();
});

interface SyncJson {
  inventory: string;
  runId: number;
  status: string;
  listed: number;
  new: number;
  changed: number;
  gone: number;
  instances: { complete: number; incomplete: number; failed: number };
  failuresTotal: number;
}

const sync = async (...args: string[]) => {
  const result = await run(['sync', ...everyProviderFlags(emu), '--db', db, '--format', 'json', ...args]);
  return { ...result, json: result.stdout === '' ? undefined : (JSON.parse(result.stdout) as SyncJson) };
};
const history = (...args: string[]) => run(['history', '--db', db, '--format', 'ndjson', ...args], testIO({ now: NOW }));
const lines = <T>(text: string): T[] => (text.trimEnd() === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l) as T));

describe('sync, then history (in order, one inventory)', () => {
  let secondSyncAt: Date;
  let added: string[];
  let removed: string[];

  it('a first sync records every backup of the ground truth as new (exit 0); the directory is created', async () => {
    expect(existsSync(db)).toBe(false);
    const result = await sync('--policies');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const truth = expectedRecords(emu, {});
    expect(result.json).toMatchObject({ inventory: db, status: 'succeeded', listed: truth.length, new: truth.length, changed: 0, gone: 0, failuresTotal: 0 });
    expect(result.json!.instances).toEqual({ complete: PROVIDER_NAMES.length * 2, incomplete: 0, failed: 0 });
  }, SLOW);

  it('audit --from-db judges the recorded history as the live audit judges the clouds: same findings, same exit code', async () => {
    const rules = ['--max-age', '26h', '--consecutive-days', '7', '--min-retention', '7', '--latest-failed'];
    const live = await run(['audit', ...everyProviderFlags(emu), ...rules, '--now', NOW.toISOString(), '--format', 'json']);
    const stored = await run(['audit', '--from-db', db, ...rules, '--now', NOW.toISOString(), '--format', 'json'], testIO({ now: NOW }));
    expect(stored.stderr).toBe('');
    const [liveJson, storedJson] = [live, stored].map((r) => JSON.parse(r.stdout) as { summary: { instances: number; alarm: number }; findings: unknown[] });
    expect(liveJson!.summary.instances).toBe(PROVIDER_NAMES.length * 2);
    expect(liveJson!.summary.alarm).toBeGreaterThan(0);
    expect(storedJson!.summary).toEqual(liveJson!.summary);
    expect(storedJson!.findings).toEqual(liveJson!.findings);
    expect(stored.code).toBe(live.code);
    expect(stored.code).toBe(1);
  }, SLOW);

  it('audit --from-db narrowed by --provider and --instance; flags that only reach a cloud are refused', async () => {
    const [first] = emu.groundTruth.instances('huawei-rds');
    const narrowed = await run(['audit', '--from-db', db, '--provider', 'huawei-rds', '--instance', first!.instanceId, '--now', NOW.toISOString(), '--format', 'ndjson'], testIO({ now: NOW }));
    const ids = new Set(lines<{ provider: string; instanceId: string }>(narrowed.stdout).map((f) => `${f.provider} ${f.instanceId}`));
    expect([...ids]).toEqual([`huawei-rds ${first!.instanceId}`]);
    const refused = await run(['audit', '--from-db', db, '--endpoint', 'http://127.0.0.1:1', '--concurrency', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--from-db judges what sync recorded: --concurrency, --endpoint do not apply.');
    const qualified = await run(['audit', '--from-db', db, '--region', 'huawei-rds:cn-north-4']);
    expect(qualified.code).toBe(2);
    expect(qualified.stderr).toContain('--region huawei-rds:cn-north-4: with --from-db the values are plain names');
    const nothing = await run(['audit', '--from-db', db, '--instance', 'no-such-instance']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('no stored instance matches instances no-such-instance');
    const stray = await run(['audit', '--provider', 'capitalonline-mysql', '--stale-after', '1d']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--stale-after goes with --from-db');
  }, SLOW);

  it('history --coverage --days 7: covered days per instance as the audit\'s ground truth counts them', async () => {
    const result = await history('--coverage', '--days', '7', '--now', NOW.toISOString());
    expect(result.code).toBe(0);
    const rows = lines<{ instanceId: string; coveredDays: number; days: number; missingDays: string[] }>(result.stdout);
    const truth = emu.groundTruth.audit({ now: NOW, rules: { consecutiveDays: 7 } });
    expect(rows.map((r) => `${r.instanceId} ${r.coveredDays}/${r.days}`).sort()).toEqual(truth.map((f) => `${f.instanceId} ${f.observed}/7`).sort());
    expect(rows.some((r) => r.missingDays.length > 0)).toBe(true);
  }, SLOW);

  it('history --last-success: the newest successful backup of every instance, none where there is none', async () => {
    const result = await history('--last-success');
    const rows = lines<{ provider: string; instanceId: string; startTime: string | null }>(result.stdout);
    const expected = PROVIDER_NAMES.flatMap((p) =>
      emu.groundTruth.instances(p).map((i) => {
        const newest = emu.groundTruth.backups(p, i.instanceId).find((b) => b.status === 'success');
        return `${i.instanceId} ${newest?.startTime.toISOString() ?? null}`;
      }),
    );
    expect(rows.map((r) => `${r.instanceId} ${r.startTime}`).sort()).toEqual(expected.sort());
  }, SLOW);

  it('backups deleted and added in the cloud: the next sync says how many are new and gone', async () => {
    const [first, second] = emu.groundTruth.instances('aliyun-rds');
    const history = emu.groundTruth.backups('aliyun-rds', first!.instanceId);
    removed = history.slice(0, 3).map((b) => b.id);
    emu.stopBackups('aliyun-rds', first!.instanceId, history[2]!.startTime);
    added = emu.addBackups('aliyun-rds', second!.instanceId, 2).map((b) => b.id);
    secondSyncAt = new Date();
    const result = await sync();
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ status: 'succeeded', new: 2, gone: 3, changed: 0 });
  }, SLOW);

  it('history --changes --since: exactly those appeared and those went', async () => {
    const result = await history('--changes', '--since', secondSyncAt.toISOString());
    expect(result.code).toBe(0);
    const rows = lines<{ change: string; id: string; at: string }>(result.stdout);
    expect(rows.filter((r) => r.change === 'appeared').map((r) => r.id).sort()).toEqual([...added].sort());
    expect(rows.filter((r) => r.change === 'gone').map((r) => r.id).sort()).toEqual([...removed].sort());
    for (const r of rows) expect(Date.parse(r.at)).toBeGreaterThanOrEqual(secondSyncAt.getTime());
  }, SLOW);

  it('a sync whose inventory cannot be reached exits 3 (nothing recorded), not 1 (some instances failed)', async () => {
    const result = await run(['sync', ...everyProviderFlags(emu), '--db', 'postgres://postgres:hunter2@127.0.0.1:1/inventory']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    expect(result.stderr).not.toContain('hunter2');
  }, SLOW);

  it('a region denied: exit 1, the failure on stderr, its instances left as they were (nothing gone)', async () => {
    emu.denyRegion({ provider: 'huawei-rds', region: emu.huaweiRegion });
    const result = await sync();
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ status: 'partial', new: 0, gone: 0 });
    expect(result.stderr).toMatch(/^cloud-backups: [\d,]+ listing errors?; instances that failed were left as they were in the inventory:\n/);
    expect(result.stderr).toContain(`  - huawei-rds / default / ${emu.huaweiRegion}`);
    const runs = lines<{ runId: number; status: string; gone: number }>((await history('--runs')).stdout);
    expect(runs.map((r) => r.status)).toEqual(['partial', 'succeeded', 'succeeded']);
  }, SLOW);

  it('audit --from-db after that sync: the instances it failed are "error" with the failed run named, exit 3; a stale inventory too', async () => {
    // Judged now (the syncs ran at the wall clock's time): the failed sync is the newest word on Huawei's instances.
    const at = new Date();
    const result = await run(['audit', '--from-db', db, '--max-age', '26h', '--now', at.toISOString(), '--format', 'ndjson'], testIO({ now: at }));
    expect(result.code).toBe(3);
    const findings = lines<{ provider: string; status: string }>(result.stdout);
    const huawei = findings.filter((f) => f.provider === 'huawei-rds');
    expect(huawei.length).toBe(2);
    for (const f of huawei) expect(f.status).toBe('error');
    for (const f of findings.filter((f) => f.provider !== 'huawei-rds')) expect(f.status).not.toBe('error');
    expect(result.stderr).toMatch(/^cloud-backups: 2 listing errors; the rules that needed what failed are "error" in the audit:\n/);
    expect(result.stderr).toContain('huawei-rds');

    const later = new Date(Date.now() + 3 * 86_400_000);
    const stale = await run(['audit', '--from-db', db, '--provider', 'aliyun-rds', '--max-age', '26h', '--now', later.toISOString(), '--stale-after', '2d', '--format', 'ndjson'], testIO({ now: later }));
    expect(stale.code).toBe(3);
    for (const f of lines<{ status: string }>(stale.stdout)) expect(f.status).toBe('error');
    expect(stale.stderr).toContain('raise --stale-after');
  }, SLOW);
});

describe('sync and history usage errors: exit 2, nothing opened or created', () => {
  it.each([
    [['history'], 'Choose one query: --changes, --last-success, --coverage, --sizes, --runs, --policies.'],
    [['history', '--coverage', '--runs'], 'Choose one query at a time: --coverage and --runs were given.'],
    [['history', '--changes'], '--changes needs --since'],
    [['history', '--coverage', '--since', '7d'], '--coverage does not take --since. It takes --days, --calendar-zone, --now.'],
    [['history', '--runs', '--provider', 'aliyun-rds'], '--runs lists every sync run; it does not take --provider.'],
    [['history', '--sizes', '--since', '1d', '--until', '2d'], 'must be earlier than --until'],
  ])('%j', async (args, message) => {
    const result = await run([...args, '--db', join(tmpdir(), 'cloud-backups-never-created')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(tmpdir(), 'cloud-backups-never-created'))).toBe(false);
  });

  it('history on a directory without an inventory says so and creates nothing', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cloud-backups-')), 'nothing-here');
    const result = await run(['history', '--last-success', '--db', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--db: There is no inventory at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('an inventory that cannot be reached stops audit --from-db with 3 (could not be checked), never 1 (an alarm)', async () => {
    const result = await run(['audit', '--from-db', 'postgres://postgres:hunter2@127.0.0.1:1/inventory', '--max-age', '26h']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^cloud-backups: .*ECONNREFUSED/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('sync refuses an inverted window before opening anything', async () => {
    const result = await run(['sync', '--provider', 'capitalonline-mysql', '--db', db, '--since', '1d', '--until', '2d']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--since');
  });
});
