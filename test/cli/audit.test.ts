import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FINDING_FIELDS, type FindingRecord } from '../../src/cli/audit/finding-record.js';
import { startEmulator, type AuditRules as TruthRules, type RunningEmulator } from '../../src/emulator/index.js';
import { METRIC_NAMES, PROVIDERS } from '../../src/index.js';
import { everyProviderFlags, run, stubCredentials } from './harness.js';
import { parseExposition } from './exposition.js';
import { csvRows } from './records.js';

/**
 * `cloud-backups audit` against the emulator: findings equal to its ground truth, exit 0 (all ok), 1 (an alarm, or a
 * warning with --fail-on warn), 3 (something could not be checked), and formats a machine can read back.
 */

const ANCHOR = new Date('2026-06-01T00:00:00Z');
/** Just after the anchor: the emulator's seeded scenarios (failed latest attempt, stopped backups, a bad day) show. */
const NOW = new Date(ANCHOR.getTime() + 60_000);
const ALL_RULES: TruthRules = { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true };

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 31, instances: 3, backupsPerInstance: 40, anchorTime: ANCHOR });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => stubCredentials(emu.credentials));
afterEach(() => {
  emu.clearDenials();
  vi.unstubAllEnvs();
});

const audit = (...args: string[]) => run(['audit', ...everyProviderFlags(emu), '--now', NOW.toISOString(), ...args]);

function records(text: string): FindingRecord[] {
  return text.trimEnd() === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as FindingRecord);
}

/** Findings as the ground truth states them: instance, rule, status (and the measure where both have one). */
/**
 * `withRegion` false for instances named with --instance: the library knows a named instance's region only as the
 * source's (a CapitalOnline site, not its RegionId), as it does for listings.
 */
function comparable(findings: readonly { provider: string; account: string; region: string; instanceId: string; rule: string; status: string; observed?: unknown }[], withRegion = true) {
  return findings
    .map((f) => `${f.provider}/${f.account}/${withRegion ? f.region : '-'}/${f.instanceId} ${f.rule} ${f.status}${typeof f.observed === 'number' ? ` ${Math.round(f.observed * 1000) / 1000}` : ''}`)
    .sort();
}

describe('audit against the emulator', () => {
  it('ndjson: one finding per instance and rule, equal to the ground truth for every rule; an alarm exits 1', async () => {
    const result = await audit('--format', 'ndjson');
    const truth = emu.groundTruth.audit({ now: NOW, rules: ALL_RULES });
    expect(truth.some((f) => f.status === 'alarm')).toBe(true);
    expect(truth.some((f) => f.status === 'error')).toBe(false);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const found = records(result.stdout);
    expect(Object.keys(found[0]!)).toEqual([...FINDING_FIELDS]);
    expect(comparable(found)).toEqual(comparable(truth));
  });

  it('exit 0 when every rule passes (or is skipped): the healthy first instance of each provider', async () => {
    const healthy = PROVIDERS.map((p) => emu.groundTruth.instances(p.name)[0]!);
    // Every rule but consecutiveDays: an instance whose backup window is near midnight may miss a calendar day.
    const { consecutiveDays: _, ...rules } = ALL_RULES;
    const truth = emu.groundTruth.audit({ now: NOW, rules }).filter((f) => healthy.some((i) => i.instanceId === f.instanceId));
    expect(truth.every((f) => f.status === 'ok' || f.status === 'skip')).toBe(true);
    const flags = ['--max-age', '26h', '--latest-failed', '--min-retention', '7', '--size-drop', '0.5', '--available'];
    const result = await audit(...flags, ...healthy.flatMap((i) => ['--instance', `${i.provider}:${i.instanceId}`]), '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { now: string; findings: FindingRecord[]; summary: Record<string, number>; failures: unknown[] };
    expect(document.now).toBe(NOW.toISOString());
    expect(comparable(document.findings, false)).toEqual(comparable(truth, false));
    expect([document.summary.alarm, document.summary.error, document.failures]).toEqual([0, 0, []]);
  });

  it('an RPO breach made with stopBackups: --max-age alone; its finding is the alarm, evidence the newest success', async () => {
    const [, instance] = emu.groundTruth.instances('aliyun-rds');
    const stopAt = new Date(ANCHOR.getTime() - 3 * 86_400_000);
    const args = ['audit', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--region', emu.aliyunRegion, '--instance', instance!.instanceId, '--now', NOW.toISOString(), '--max-age', '26h', '--format', 'ndjson'];
    const before = await run(args);
    expect(before.code).toBe(0);
    emu.stopBackups('aliyun-rds', instance!.instanceId, stopAt);
    const after = await run(args);
    expect(after.code).toBe(1);
    const [finding] = records(after.stdout);
    expect(finding).toMatchObject({ rule: 'maxAge', status: 'alarm', instanceId: instance!.instanceId, threshold: 26 * 3_600_000 });
    expect(finding!.observed as number).toBeGreaterThan(3 * 86_400_000);
    const newest = emu.groundTruth.backups('aliyun-rds', instance!.instanceId).find((b) => b.status === 'success')!;
    expect(finding!.evidence).toEqual([newest.id]);
    expect(records(before.stdout)[0]!.observed).toBeLessThan(finding!.observed as number);
  });

  it('a denied region: its instances are "error" (as the ground truth says), the listing errors on stderr, exit 3', async () => {
    emu.denyRegion({ provider: 'huawei-rds', region: emu.huaweiRegion });
    const huawei = emu.groundTruth.instances('huawei-rds');
    const truth = emu.groundTruth.audit({ now: NOW, rules: { maxAge: true, latestFailed: true } });
    expect(truth.filter((f) => f.provider === 'huawei-rds').every((f) => f.status === 'error')).toBe(true);
    // Instances named: each is known, so each is judged "error" rather than never found.
    const named = ['huawei-rds', 'capitalonline-mysql'].flatMap((p) => emu.groundTruth.instances(p as 'huawei-rds').map((i) => ['--instance', `${p}:${i.instanceId}`]).flat());
    const result = await run(['audit', '--endpoint', emu.url, '--provider', 'huawei-rds,capitalonline-mysql', '--region', emu.huaweiRegion, '--project-id', emu.huaweiProjectId, ...named, '--now', NOW.toISOString(), '--max-age', '26h', '--latest-failed', '--format', 'ndjson']);
    expect(result.code).toBe(3);
    const found = records(result.stdout);
    expect(comparable(found, false)).toEqual(comparable(truth.filter((f) => f.provider === 'huawei-rds' || f.provider === 'capitalonline-mysql'), false));
    expect(found.filter((f) => f.status === 'error').every((f) => f.error !== null && f.provider === 'huawei-rds')).toBe(true);
    expect(result.stderr).toMatch(/^cloud-backups: [\d,]+ listing errors?; the rules that needed what failed are "error" in the audit:\n/);
    for (const { instanceId } of huawei) expect(result.stderr).toContain(`  - huawei-rds / default / ${emu.huaweiRegion} / ${instanceId}: PermissionError`);
  });

  it('a denied region discovered: no instance of it could be checked, exit 3', async () => {
    emu.denyRegion({ provider: 'huawei-rds', region: emu.huaweiRegion });
    const result = await audit('--max-age', '26h', '--format', 'ndjson');
    expect(result.code).toBe(3);
    expect(records(result.stdout).some((f) => f.provider === 'huawei-rds')).toBe(false);
    expect(result.stderr).toContain(`  - huawei-rds / default / ${emu.huaweiRegion}: PermissionError`);
  });

  it('--warn makes a breach a warning: exit 0, or 1 with --fail-on warn', async () => {
    const rules = ['--max-age', '26h', '--latest-failed', '--warn', 'max-age,latest-failed'];
    const truth = emu.groundTruth.audit({ now: NOW, rules: { maxAge: { severity: 'warn' }, latestFailed: { severity: 'warn' } } });
    expect(truth.some((f) => f.status === 'warn')).toBe(true);
    const lenient = await audit(...rules, '--format', 'ndjson');
    expect(comparable(records(lenient.stdout))).toEqual(comparable(truth));
    expect(lenient.code).toBe(0);
    expect((await audit(...rules, '--fail-on', 'warn', '--format', 'ndjson')).code).toBe(1);
  });

  it('--consecutive-days with --calendar-zone reaches the rule', async () => {
    const truth = emu.groundTruth.audit({ now: NOW, rules: { consecutiveDays: { days: 5, timeZone: 'Asia/Shanghai' } } });
    const result = await audit('--consecutive-days', '5', '--calendar-zone', 'Asia/Shanghai', '--format', 'ndjson');
    const found = records(result.stdout);
    expect(comparable(found)).toEqual(comparable(truth));
    expect(new Set(found.map((f) => f.timeZone))).toEqual(new Set(['Asia/Shanghai']));
  });
});

describe('audit formats', () => {
  it('prometheus: valid text exposition, parsed back: only the documented metrics, one status per finding, ages at --now', async () => {
    const [prom, ndjson] = await Promise.all([audit('--format', 'prometheus'), audit('--format', 'ndjson')]);
    expect(prom.code).toBe(1);
    const { samples, types } = parseExposition(prom.stdout);
    expect([...new Set(samples.map((s) => s.name))].filter((n) => !METRIC_NAMES.includes(n))).toEqual([]);
    for (const name of new Set(samples.map((s) => s.name))) expect(types.get(name), name).toBeDefined();
    const level = { ok: 0, warn: 1, alarm: 2, error: 3 } as const;
    const findings = records(ndjson.stdout).filter((f) => f.status !== 'skip');
    const statuses = samples.filter((s) => s.name === 'cloud_backups_audit_status');
    expect(statuses.map((s) => `${s.labels.instance_id} ${s.labels.rule} ${s.value}`).sort()).toEqual(
      findings.map((f) => `${f.instanceId} ${f.rule} ${level[f.status as keyof typeof level]}`).sort(),
    );
    // Ages are as of the audit's instant: timestamp + age = --now.
    const stamps = new Map(samples.filter((s) => s.name === 'cloud_backups_last_success_timestamp_seconds').map((s) => [s.labels.instance_id, s.value]));
    const ages = samples.filter((s) => s.name === 'cloud_backups_last_success_age_seconds');
    expect(ages.length).toBeGreaterThan(0);
    for (const age of ages) expect(stamps.get(age.labels.instance_id)! + age.value).toBeCloseTo(NOW.getTime() / 1000, 3);
    expect(samples.some((s) => 'instance' in s.labels)).toBe(false);
  });

  it('csv: a header and one row per finding', async () => {
    const [csv, ndjson] = await Promise.all([audit('--format', 'csv'), audit('--format', 'ndjson')]);
    const [header, ...rows] = csvRows(csv.stdout);
    expect(header).toEqual([...FINDING_FIELDS]);
    const expected = records(ndjson.stdout);
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => `${r[3]} ${r[5]} ${r[6]} ${r[10]}`).sort()).toEqual(expected.map((f) => `${f.instanceId} ${f.rule} ${f.status} ${f.reason}`).sort());
  });

  it('table: the rules and instant first, instances grouped worst first, one line per rule that did not pass, then the counts', async () => {
    const [table, ndjson] = await Promise.all([audit('--format', 'table'), audit('--format', 'ndjson')]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Audit at ${NOW.toISOString().replace(/\.\d{3}Z$/, 'Z')}: max-age 1d2h, latest-failed, consecutive-days 7 (UTC), min-retention 7, size-drop 0.5, available`);
    expect(lines[2]).toMatch(/^STATUS\s+PROVIDER\s+ACCOUNT\s+REGION\s+INSTANCE\s+RULE\s+REASON$/);
    const rows = lines.slice(3, -2);
    const findings = records(ndjson.stdout);
    const failing = findings.filter((f) => ['error', 'alarm', 'warn'].includes(f.status));
    const passing = new Set(findings.map((f) => f.instanceId)).size - new Set(failing.map((f) => f.instanceId)).size;
    expect(rows).toHaveLength(failing.length + passing);
    // Worst first: every alarm row before the first ok row.
    const statuses = rows.map((r) => r.split(/\s+/)[0]);
    expect(statuses.lastIndexOf('alarm')).toBeLessThan(statuses.indexOf('ok'));
    for (const f of failing) expect(table.stdout).toContain(f.reason);
    expect(lines.at(-1)).toMatch(/^\d+ instances: \d+ alarm, \d+ warn, \d+ error, \d+ ok/);
  });
});

describe('audit usage errors exit 2, in flags', () => {
  it.each([
    [['--max-age', '26'], '--max-age', 'has no unit'],
    [['--max-age', 'soon'], '--max-age', 'is not a duration'],
    [['--size-drop', '2'], '--size-drop', 'a fraction above 0 and at most 1'],
    [['--consecutive-days', '7', '--calendar-zone', 'Mars/Base'], '--calendar-zone', 'must be an IANA time zone'],
    [['--max-age', '26h', '--warn', 'size-drop'], '--warn size-drop', 'not checked; add --size-drop'],
    [['--max-age', '26h', '--calendar-zone', 'UTC'], '--calendar-zone', 'add --consecutive-days'],
    [['--warn', 'max-ag'], '--warn', 'Did you mean "max-age"?'],
    [['--fail-on', 'error'], '--fail-on', 'alarm, warn'],
    [['--format', 'xml'], '--format', 'prometheus'],
  ])('%j', async (args, flag, message) => {
    const result = await run(['audit', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(flag);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/rules\.\w+/);
  });
});
