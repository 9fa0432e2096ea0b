import { describe, expect, it } from 'vitest';
import { auditOutcome } from '../../src/audit/audit.js';
import { ConfigurationError, createBackupClient, type Finding } from '../../src/index.js';
import { DAY, HOUR_MS, dailyBackups, memorySource, type MemoryBackup, type MemoryInstance, type MemoryRequest } from './memory-provider.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const at = (iso: string) => new Date(iso);
const ok = (id: string, start: string, extra: Partial<MemoryBackup> = {}): MemoryBackup => ({ id, status: 'success', startTime: at(start), endTime: new Date(at(start).getTime() + 20 * 60_000), sizeBytes: 1000, ...extra });

/** status per instance and rule, for compact comparisons. */
function grid(findings: readonly Finding[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const f of findings) (out[f.instanceId] ??= {})[f.rule] = f.status;
  return out;
}

const find = (findings: readonly Finding[], instanceId: string, rule: Finding['rule']) => findings.find((f) => f.instanceId === instanceId && f.rule === rule)!;

const instances: Record<string, MemoryInstance> = {
  healthy: { engine: 'mysql', backups: dailyBackups(NOW, 60) },
  stale: { backups: dailyBackups(new Date(NOW.getTime() - 3 * DAY), 60, 's') },
  failing: { backups: [...dailyBackups(NOW, 20), { id: 'boom', status: 'failed', startTime: new Date(NOW.getTime() - 20 * 60_000) }] },
  shrinking: { backups: [...dailyBackups(new Date(NOW.getTime() - DAY), 20), ok('small', '2026-03-10T10:00:00Z', { sizeBytes: 300 })] },
  archived: { backups: [...dailyBackups(new Date(NOW.getTime() - DAY), 20), ok('cold', '2026-03-10T10:00:00Z', { available: false })] },
  short: { backups: dailyBackups(NOW, 20), policy: { retentionDays: 3 } },
  off: { backups: dailyBackups(NOW, 20), policy: { automated: false, retentionDays: 0 } },
  never: { backups: [] },
  ancient: { createdAt: at('2025-01-01T00:00:00Z'), backups: [ok('old', '2025-08-24T12:00:00Z')] },
  broken: { backups: [], fail: true },
  secret: { backups: dailyBackups(NOW, 20), policy: 'fail' },
};

describe('client.audit over hand-built histories', () => {
  it('judges every instance against every rule per the contract', async () => {
    const log: MemoryRequest[] = [];
    const client = createBackupClient({ sources: [memorySource({ instances, log })] });
    const result = await client.audit(undefined, { now: NOW });
    expect(grid(result.findings)).toEqual({
      ancient: { maxAge: 'alarm', latestFailed: 'ok', consecutiveDays: 'alarm', minRetentionDays: 'ok', sizeDrop: 'skip', available: 'ok' },
      archived: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'ok', sizeDrop: 'ok', available: 'alarm' },
      broken: { maxAge: 'error', latestFailed: 'error', consecutiveDays: 'error', minRetentionDays: 'ok', sizeDrop: 'error', available: 'error' },
      failing: { maxAge: 'ok', latestFailed: 'alarm', consecutiveDays: 'ok', minRetentionDays: 'ok', sizeDrop: 'ok', available: 'ok' },
      healthy: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'ok', sizeDrop: 'ok', available: 'ok' },
      never: { maxAge: 'alarm', latestFailed: 'ok', consecutiveDays: 'alarm', minRetentionDays: 'ok', sizeDrop: 'skip', available: 'skip' },
      off: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'alarm', sizeDrop: 'ok', available: 'ok' },
      secret: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'error', sizeDrop: 'ok', available: 'ok' },
      short: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'alarm', sizeDrop: 'ok', available: 'ok' },
      shrinking: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'ok', sizeDrop: 'alarm', available: 'ok' },
      stale: { maxAge: 'alarm', latestFailed: 'ok', consecutiveDays: 'alarm', minRetentionDays: 'ok', sizeDrop: 'ok', available: 'ok' },
    });
    // Findings come instance by instance in a fixed order, rules in their documented order.
    expect(result.findings.slice(0, 6).map((f) => `${f.instanceId}/${f.rule}`)).toEqual(
      ['maxAge', 'latestFailed', 'consecutiveDays', 'minRetentionDays', 'sizeDrop', 'available'].map((r) => `ancient/${r}`),
    );
    expect(result.summary).toMatchObject({ instances: 11, error: 6, sourcesFailed: 0 });
    expect(auditOutcome(result)).toBe('incomplete');
    expect(result.failures.map((f) => f.instanceId).sort()).toEqual(['broken', 'secret']);
    expect(result.sources).toEqual([{ provider: 'aliyun-rds', account: 'default', region: 'cn-hangzhou', instances: 11, ok: false, failures: 2 }]);
  });

  it('says what decided each verdict: observed, threshold, reason and the deciding backups', async () => {
    const client = createBackupClient({ sources: [memorySource({ instances })] });
    const { findings } = await client.audit(undefined, { now: NOW });

    const stale = find(findings, 'stale', 'maxAge');
    expect(stale).toMatchObject({ status: 'alarm', threshold: 26 * HOUR_MS, evidence: ['s0'], provider: 'aliyun-rds', account: 'default', region: 'cn-hangzhou' });
    expect(stale.observed).toBe(3 * DAY + HOUR_MS - 30 * 60_000);
    expect(stale.reason).toMatch(/^newest successful backup s0 \(started .*\) finished 3d30m ago, longer than 1d2h$/);
    expect(find(findings, 'healthy', 'maxAge')).toMatchObject({ status: 'ok', engine: 'mysql', observed: 30 * 60_000 });

    // An old success is still found, and its exact age reported: the audit looked further back only for it.
    expect(find(findings, 'ancient', 'maxAge')).toMatchObject({ observed: NOW.getTime() - at('2025-08-24T12:20:00Z').getTime(), evidence: ['old'] });
    expect(find(findings, 'never', 'maxAge')).toMatchObject({ status: 'alarm', observed: null, reason: 'no successful backup at all', evidence: [] });

    expect(find(findings, 'failing', 'latestFailed')).toMatchObject({ status: 'alarm', observed: 'failed', evidence: ['boom'], threshold: null });
    expect(find(findings, 'never', 'latestFailed')).toMatchObject({ status: 'ok', observed: null, reason: 'no backup attempt at all' });

    const days = find(findings, 'stale', 'consecutiveDays');
    expect(days).toMatchObject({ status: 'alarm', observed: 5, threshold: 7, timeZone: 'UTC', missingDays: ['2026-03-08', '2026-03-09'] });
    expect(days.evidence).toHaveLength(5);
    expect(find(findings, 'healthy', 'consecutiveDays')).toMatchObject({ observed: 7, missingDays: [] });

    expect(find(findings, 'short', 'minRetentionDays')).toMatchObject({ status: 'alarm', observed: 3, threshold: 7, automated: true });
    expect(find(findings, 'off', 'minRetentionDays')).toMatchObject({ status: 'alarm', automated: false, reason: 'automated backups are off in its backup policy' });
    expect(find(findings, 'secret', 'minRetentionDays')).toMatchObject({ status: 'error', observed: null });
    expect(find(findings, 'secret', 'minRetentionDays').error?.message).toContain('access denied');

    expect(find(findings, 'shrinking', 'sizeDrop')).toMatchObject({ status: 'alarm', observed: 0.3, threshold: 0.5, evidence: ['small', 'b0'] });
    expect(find(findings, 'ancient', 'sizeDrop')).toMatchObject({ status: 'skip', reason: 'fewer than two successful full backups with a size' });
    expect(find(findings, 'archived', 'available')).toMatchObject({ status: 'alarm', observed: false, evidence: ['cold'] });
    expect(find(findings, 'healthy', 'available')).toMatchObject({ status: 'ok', observed: null });

    const broken = find(findings, 'broken', 'maxAge');
    expect(broken).toMatchObject({ status: 'error', observed: null, evidence: [] });
    expect(broken.reason).toContain('its backups could not be read: broken: InternalError');
    expect(broken.error?.name).toBe('ProviderApiError');
  });

  it('reads the audit window, and older windows only for a missing "newest" fact, with the filter pushed down', async () => {
    const log: MemoryRequest[] = [];
    const many = { long: { backups: dailyBackups(NOW, 400) }, ancient: instances.ancient! };
    const client = createBackupClient({ sources: [memorySource({ instances: many, log })] });
    const result = await client.audit(undefined, { now: NOW });
    // Window: the 7 complete UTC days before today, i.e. from 2026-03-03T00:00Z, up to and including now.
    expect(result.window).toEqual({ since: at('2026-03-03T00:00:00Z'), until: new Date(NOW.getTime() + 1) });
    const long = log.filter((r) => r.instanceId === 'long');
    expect(long).toEqual([{ instanceId: 'long', window: result.window, status: undefined, type: undefined, offset: 0 }]);
    // ancient: the window is empty; older windows (4x, 16x, 64x the window's 7.5 days back from now) look for an
    // attempt (success or failed: not one value, nothing pushed) until the one from 2025-08 is found in the third.
    // sizeDrop still lacks a second full backup, so the search goes on (success + full pushed down) to the
    // instance's creation: the last window is open below.
    const ancient = log.filter((r) => r.instanceId === 'ancient');
    expect(ancient.map((r) => [r.window?.since?.toISOString() ?? 'open', r.status, r.type])).toEqual([
      ['2026-03-03T00:00:00.000Z', undefined, undefined],
      ['2026-02-08T12:00:00.000Z', undefined, undefined],
      ['2025-12-03T00:00:00.000Z', undefined, undefined],
      ['2025-03-08T00:00:00.000Z', undefined, undefined],
      ['open', 'success', 'full'],
    ]);
    log.length = 0;
    await client.backups().toArray();
    expect(log.filter((r) => r.instanceId === 'long')).toHaveLength(40);
  });

  it('pushes down "success" once only the newest success is missing', async () => {
    const log: MemoryRequest[] = [];
    const backups = [{ id: 'recent-fail', status: 'failed' as const, startTime: at('2026-03-09T00:00:00Z') }, ok('old', '2026-01-01T00:00:00Z')];
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups } }, log })] });
    const { findings } = await client.audit({ maxAge: '26h', latestFailed: true }, { now: NOW });
    expect(find(findings, 'a', 'maxAge')).toMatchObject({ status: 'alarm', evidence: ['old'] });
    expect(find(findings, 'a', 'latestFailed')).toMatchObject({ status: 'alarm', evidence: ['recent-fail'] });
    // The window (26h) misses both; the next window looks for an attempt and finds the failure, then only
    // "success" is pushed down until the old one turns up.
    expect(log.map((r) => r.status)).toEqual([undefined, undefined, 'success', 'success', 'success']);
  });

  it('counts days in the stated time zone', async () => {
    const backups = [ok('a', '2026-03-06T17:00:00Z'), ok('b', '2026-03-08T01:00:00Z'), ok('c', '2026-03-08T17:00:00Z')];
    const client = createBackupClient({ sources: [memorySource({ instances: { x: { backups } } })] });
    const utc = await client.audit({ consecutiveDays: 3 }, { now: NOW });
    expect(find(utc.findings, 'x', 'consecutiveDays')).toMatchObject({ status: 'alarm', observed: 1, missingDays: ['2026-03-07', '2026-03-09'], evidence: ['c'] });
    const shanghai = await client.audit({ consecutiveDays: { days: 3, timeZone: 'Asia/Shanghai' } }, { now: NOW });
    expect(find(shanghai.findings, 'x', 'consecutiveDays')).toMatchObject({ status: 'ok', observed: 3, timeZone: 'Asia/Shanghai', evidence: ['a', 'b', 'c'] });
    expect(shanghai.window.since).toEqual(at('2026-03-06T16:00:00Z'));
  });

  it('reports a breach of a warn rule as warn, and ignores backups that started after now', async () => {
    const backups = [ok('future', '2026-03-10T13:00:00Z'), ok('past', '2026-03-08T00:00:00Z')];
    const client = createBackupClient({ sources: [memorySource({ instances: { x: { backups } } })] });
    const result = await client.audit({ maxAge: { age: '1d', severity: 'warn' } }, { now: NOW });
    expect(find(result.findings, 'x', 'maxAge')).toMatchObject({ status: 'warn', severity: 'warn', evidence: ['past'] });
    expect(auditOutcome(result)).toBe('ok');
    expect(auditOutcome(result, 'warn')).toBe('breach');
  });

  it("skips the policy rule for a provider without a policy API, and reads a provider without time filters once", async () => {
    const log: MemoryRequest[] = [];
    const source = memorySource({ provider: 'capitalonline-mysql', region: 'CN_Beijing_A', timeWindow: 'none', policies: false, pageSize: 1000, instances: { co: { backups: dailyBackups(NOW, 90) } }, log });
    const result = await createBackupClient({ sources: [source] }).audit(undefined, { now: NOW });
    expect(grid(result.findings)).toEqual({ co: { maxAge: 'ok', latestFailed: 'ok', consecutiveDays: 'ok', minRetentionDays: 'skip', sizeDrop: 'ok', available: 'ok' } });
    expect(find(result.findings, 'co', 'minRetentionDays').reason).toBe('capitalonline-mysql has no API to read a backup policy');
    expect(log).toHaveLength(1);
    expect(result.instances[0]!.counts).toEqual({ success: 8, failed: 0, running: 0, deleting: 0, unknown: 0 });
  });

  it('names a source that could not be discovered, and still judges the others', async () => {
    const client = createBackupClient({
      sources: [memorySource({ instances: { fine: { backups: dailyBackups(NOW, 10) } } }), memorySource({ region: 'cn-beijing', failDiscovery: true, instances: { hidden: { backups: [] } } })],
    });
    const result = await client.audit({ maxAge: '26h' }, { now: NOW });
    expect(result.findings.map((f) => [f.instanceId, f.status])).toEqual([['fine', 'ok']]);
    expect(result.summary).toMatchObject({ sourcesFailed: 1, ok: 1 });
    expect(result.sources.map((s) => [s.region, s.ok])).toEqual([['cn-beijing', false], ['cn-hangzhou', true]]);
    expect(auditOutcome(result)).toBe('incomplete');
  });

  it('a policy that states no retention is not a breach while automated backups are on', async () => {
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: [], policy: { retentionDays: undefined } } } })] });
    const { findings } = await client.audit({ minRetentionDays: 7 }, { now: NOW });
    expect(findings[0]).toMatchObject({ rule: 'minRetentionDays', status: 'ok', observed: null, automated: true });
  });

  it('reads policies only when a rule (or the caller) needs them', async () => {
    const policyLog: string[] = [];
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: dailyBackups(NOW, 3) } }, policyLog })] });
    const without = await client.audit({ maxAge: '26h' }, { now: NOW });
    expect(policyLog).toEqual([]);
    expect(without.instances[0]!.policy).toBeUndefined();
    const withPolicies = await client.audit({ maxAge: '26h' }, { now: NOW, policies: true });
    expect(policyLog).toEqual(['a']);
    expect(withPolicies.instances[0]!.policy).toMatchObject({ retentionDays: 7, automated: true });
  });

  it('rejects bad options with the field, and honours an abort', async () => {
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: [] } } })] });
    await expect(client.audit({ maxAge: '26' })).rejects.toMatchObject({ name: 'ConfigurationError', field: 'rules.maxAge' });
    await expect(client.audit(undefined, { now: new Date('nope') })).rejects.toMatchObject({ field: 'now' });
    await expect(client.audit(undefined, { nwo: NOW } as never)).rejects.toThrow(/unknown option "nwo". Did you mean "now"\?/);
    await expect(client.audit(undefined, { window: '3' })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(client.audit(undefined, { providers: 'huawei-rds' })).rejects.toMatchObject({ field: 'providers' });
    const controller = new AbortController();
    controller.abort();
    await expect(client.audit(undefined, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('client.policies', () => {
  it('lists policies, the instances without a policy API, and failures', async () => {
    const client = createBackupClient({
      sources: [
        memorySource({ instances: { b: { backups: [], policy: { retentionDays: 14 } }, a: { backups: [] }, denied: { backups: [], policy: 'fail' } } }),
        memorySource({ provider: 'capitalonline-mysql', region: 'CN_Beijing_A', timeWindow: 'none', policies: false, instances: { co: { backups: [] } } }),
      ],
    });
    const list = await client.policies();
    expect(list.policies.map((p) => [p.instanceId, p.retentionDays])).toEqual([['a', 7], ['b', 14]]);
    expect(list.unsupported.map((u) => u.instanceId)).toEqual(['co']);
    expect(list.failures.map((f) => f.instanceId)).toEqual(['denied']);
  });
});
