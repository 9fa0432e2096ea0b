import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as audit } from '../../examples/audit.js';
import { main as everyRegionOfTwoAccounts } from '../../examples/every-region-of-two-accounts.js';
import { main as failedLastWeekCsv } from '../../examples/failed-last-week-csv.js';
import { main as listEverything } from '../../examples/list-everything.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { restoreEnv, withoutCloudCredentials } from '../helpers/clean-env.js';
import { credentialsInEnvironment, PROFILE_OF, PROVIDERS, writeProfiles } from './helpers.js';

const DAY = 86_400_000;

/**
 * Each example's `main`, called in this process with EMULATOR_URL and the credential variables (or profiles) pointing
 * at an emulator of two accounts and two regions per provider. Importing `main` instead of spawning the program keeps
 * the suite fast: no build of dist/ and no TypeScript runner per example (see examples/README.md).
 */
describe('examples/', () => {
  let emu: RunningEmulator;
  let home: string | undefined;
  const lines: string[] = [];
  const warnings: string[] = [];
  const print = (line: string) => lines.push(line);
  const warn = (line: string) => warnings.push(line);

  beforeAll(async () => {
    emu = await startEmulator({ seed: 3, accounts: 2, regions: 2, instances: 3, backupsPerInstance: 25, anchorTime: new Date('2026-06-01T00:00:00Z') });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    home = withoutCloudCredentials();
    vi.stubEnv('EMULATOR_URL', emu.url);
    lines.length = 0;
    warnings.length = 0;
  });
  afterEach(() => {
    restoreEnv(home);
    home = undefined;
  });

  const truthOf = (account: string) => PROVIDERS.flatMap((p) => emu.groundTruth.backups(p)).filter((b) => b.account === account);

  it('list-everything.ts prints every backup of the keys in the environment, in every region, and exits 0', async () => {
    credentialsInEnvironment(emu.accounts[0]!.credentials);
    expect(await listEverything(print, warn)).toBe(0);
    const truth = truthOf('default');
    expect(new Set(truth.map((b) => `${b.provider} ${b.region}`)).size).toBe(8); // two regions of each of the four providers
    const listed = lines.map((line) => line.split('\t')).map(([provider, account, region, instanceId, id, status, , startTime]) => `${provider} ${account} ${region} ${instanceId} ${id} ${status} ${startTime}`);
    expect(listed.sort()).toEqual(truth.map((b) => `${b.provider} default ${b.region} ${b.instanceId} ${b.id} ${b.status} ${b.startTime.toISOString()}`).sort());
    expect(warnings).toEqual([`${truth.length} backups, 0 listing errors`]);
  });

  it('list-everything.ts exits 1 and names the region it could not list, after listing the others', async () => {
    credentialsInEnvironment(emu.accounts[0]!.credentials);
    const denied = emu.regions['huawei-rds'][1]!;
    emu.denyRegion({ provider: 'huawei-rds', region: denied });
    try {
      expect(await listEverything(print, warn)).toBe(1);
    } finally {
      emu.clearDenials();
    }
    expect(lines).toHaveLength(truthOf('default').filter((b) => !(b.provider === 'huawei-rds' && b.region === denied)).length);
    expect(warnings[0]).toMatch(new RegExp(`^listing error: huawei-rds / default / ${denied}: PermissionError`));
  });

  it("failed-last-week-csv.ts writes last week's failed backups as CSV", async () => {
    credentialsInEnvironment(emu.accounts[0]!.credentials);
    const now = emu.anchorTime;
    let csv = '';
    expect(await failedLastWeekCsv((text) => (csv += text), warn, now)).toBe(0);
    const [header, ...rows] = csv.split('\r\n').filter((row) => row !== '');
    expect(header).toBe('provider,account,region,instanceId,id,type,mode,startTime,endTime,sizeBytes');
    const truth = truthOf('default').filter((b) => b.status === 'failed' && b.startTime.getTime() >= now.getTime() - 7 * DAY && b.startTime < now);
    expect(truth.length).toBeGreaterThan(0);
    const expected = truth.map((b) =>
      [b.provider, b.account, b.region, b.instanceId, b.id, b.type, b.mode, b.startTime.toISOString(), b.endTime?.toISOString() ?? '', b.sizeBytes ?? ''].join(','),
    );
    expect(rows.sort()).toEqual(expected.sort());
    expect(warnings).toEqual([]);
  });

  it('audit.ts prints exactly the problems the ground truth finds at the same instant, and exits 1 for the alarms', async () => {
    credentialsInEnvironment(emu.accounts[0]!.credentials);
    const now = new Date(emu.anchorTime.getTime() + 3_600_000);
    const code = await audit(print, warn, now);
    const truth = emu.groundTruth
      .audit({ now, rules: { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true } })
      .filter((f) => f.account === 'default' && f.status !== 'ok' && f.status !== 'skip');
    expect(truth.some((f) => f.status === 'alarm')).toBe(true);
    expect(lines.map((line) => line.split('\t').slice(0, 6).join(' ')).sort()).toEqual(
      truth.map((f) => [f.status, f.provider, f.account, f.region, f.instanceId, f.rule].join(' ')).sort(),
    );
    expect(code).toBe(truth.some((f) => f.status === 'error') ? 3 : 1);
    expect(warnings.at(-1)).toMatch(/^\d+ instances: \d+ ok, \d+ warn, \d+ alarm, 0 error findings$/);
  });

  it('every-region-of-two-accounts.ts counts the backups of both profiles (one a RAM role, through STS) in every region', async () => {
    writeProfiles(home!, emu);
    emu.clearRequestLog();
    expect(await everyRegionOfTwoAccounts(['prod', 'staging'], print, warn)).toBe(0);
    const counts = new Map<string, string>();
    for (const b of PROVIDERS.flatMap((p) => emu.groundTruth.backups(p))) {
      const row = `${PROFILE_OF[b.account]}\t${b.provider}\t${b.region}`;
      const [total, failed] = (counts.get(row) ?? '0\t0').split('\t').map(Number) as [number, number];
      counts.set(row, `${total + 1}\t${failed + (b.status === 'failed' ? 1 : 0)}`);
    }
    expect(lines[0]).toBe('account\tprovider\tregion\tbackups\tfailed');
    expect(lines.slice(1).sort()).toEqual([...counts].map(([row, count]) => `${row}\t${count}`).sort());
    expect(lines).toHaveLength(1 + 2 * 8);
    expect(emu.requestLog().some((e) => e.provider === 'aliyun-sts' && e.action === 'AssumeRole' && e.status === 200)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
