import { describe, expect, it } from 'vitest';
import { auditRegistry, renderPrometheus } from '../../src/audit/metrics.js';
import { AUDIT_METRICS } from '../../src/audit/metric-names.js';
import { createBackupClient, type AuditResult } from '../../src/index.js';
import { parseExposition, type Family } from './exposition.js';
import { DAY, HOUR_MS, dailyBackups, memorySource } from './memory-provider.js';

const NOW = new Date('2026-03-10T12:00:00Z');

async function audited(): Promise<AuditResult> {
  const client = createBackupClient({
    sources: [
      memorySource({
        instances: {
          healthy: { engine: 'mysql', backups: [...dailyBackups(NOW, 30), { id: 'f1', status: 'failed', startTime: new Date(NOW.getTime() - 5 * HOUR_MS) }] },
          stale: { backups: dailyBackups(new Date(NOW.getTime() - 3 * DAY), 30, 's'), policy: { retentionDays: 3 } },
          broken: { backups: [], fail: true },
        },
      }),
      memorySource({ provider: 'capitalonline-mysql', region: 'CN_Beijing_A', timeWindow: 'none', policies: false, instances: { 'co-1': { engine: 'mysql', backups: dailyBackups(NOW, 10, 'c') } } }),
      memorySource({ provider: 'huawei-rds', region: 'cn-north-4', failDiscovery: true, instances: {} }),
    ],
  });
  return client.audit(undefined, { now: NOW });
}

const value = (family: Family | undefined, labels: Record<string, string>) => family?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('audit metrics', () => {
  it('render as valid exposition with the documented names, types and labels', async () => {
    const result = await audited();
    const families = parseExposition(await renderPrometheus(result, { clock: () => NOW.getTime() }));
    expect([...families.keys()].sort()).toEqual(Object.values(AUDIT_METRICS).sort());
    for (const family of families.values()) {
      expect(family.type, family.name).toBe('gauge');
      expect(family.help, family.name).toBeTruthy();
      for (const sample of family.samples) {
        // Never a backup id (unbounded cardinality), never `instance` (Prometheus owns it).
        expect(Object.keys(sample.labels)).not.toContain('instance');
        expect(Object.values(sample.labels).some((v) => /^(b|s|c|f)\d+$/.test(v)), `${family.name} ${JSON.stringify(sample.labels)}`).toBe(false);
      }
    }
    const healthy = { provider: 'aliyun-rds', account: 'default', region: 'cn-hangzhou', instance_id: 'healthy', engine: 'mysql' };
    const newest = NOW.getTime() - HOUR_MS + 30 * 60_000;
    expect(value(families.get(AUDIT_METRICS.lastSuccessTimestamp), healthy)).toBe(newest / 1000);
    expect(value(families.get(AUDIT_METRICS.lastSuccessAge), healthy)).toBe((NOW.getTime() - newest) / 1000);
    expect(value(families.get(AUDIT_METRICS.lastSuccessSize), healthy)).toBe(1000);
    // 8 successes and one failure started in the window (the 7 complete days before today and today so far).
    expect(value(families.get(AUDIT_METRICS.backups), { ...healthy, status: 'success' })).toBe(8);
    expect(value(families.get(AUDIT_METRICS.backups), { ...healthy, status: 'failed' })).toBe(1);
    expect(value(families.get(AUDIT_METRICS.backups), { ...healthy, status: 'running' })).toBe(0);
    expect(value(families.get(AUDIT_METRICS.policyRetention), { instance_id: 'stale' })).toBe(3 * 86_400);
    expect(value(families.get(AUDIT_METRICS.policyAutomated), { instance_id: 'stale' })).toBe(1);
    expect(value(families.get(AUDIT_METRICS.auditStatus), { instance_id: 'stale', rule: 'maxAge' })).toBe(2);
    expect(value(families.get(AUDIT_METRICS.auditStatus), { instance_id: 'healthy', rule: 'latestFailed' })).toBe(0);
    expect(value(families.get(AUDIT_METRICS.auditStatus), { instance_id: 'broken', rule: 'maxAge' })).toBe(3);
    // skip is absent: CapitalOnline has no policy API.
    expect(value(families.get(AUDIT_METRICS.auditStatus), { instance_id: 'co-1', rule: 'minRetentionDays' })).toBeUndefined();
    expect(value(families.get(AUDIT_METRICS.auditStatus), { instance_id: 'co-1', rule: 'maxAge', region: 'CN_Beijing_A', engine: 'mysql' })).toBe(0);
    // An instance that could not be read has no backup numbers, only its error status.
    for (const name of [AUDIT_METRICS.lastSuccessTimestamp, AUDIT_METRICS.lastSuccessAge, AUDIT_METRICS.backups]) {
      expect(value(families.get(name), { instance_id: 'broken' }), name).toBeUndefined();
    }
    expect(families.get(AUDIT_METRICS.collectSuccess)!.samples.map((s) => [s.labels.provider, s.labels.region, s.value])).toEqual([
      ['aliyun-rds', 'cn-hangzhou', 0],
      ['capitalonline-mysql', 'CN_Beijing_A', 1],
      ['huawei-rds', 'cn-north-4', 0],
    ]);
    expect(value(families.get(AUDIT_METRICS.instances), { provider: 'aliyun-rds' })).toBe(3);
    expect(families.get(AUDIT_METRICS.collectDuration)!.samples[0]!.value).toBe(result.durationMs / 1000);
    expect(families.get(AUDIT_METRICS.collectTimestamp)!.samples[0]!.value).toBe((result.startedAt.getTime() + result.durationMs) / 1000);
  });

  it('computes the age at scrape time, from one registry', async () => {
    let now = NOW.getTime();
    const registry = await auditRegistry(await audited(), { clock: () => now });
    const ageOf = async () => value(parseExposition(await registry.metrics()).get(AUDIT_METRICS.lastSuccessAge), { instance_id: 'healthy' });
    const first = await ageOf();
    now += 90_000;
    expect(await ageOf()).toBe(first! + 90);
  });

  it('escapes label values the format requires escaping', async () => {
    const client = createBackupClient({ sources: [memorySource({ account: 'team "a"\\ops', instances: { 'x\ny': { backups: dailyBackups(NOW, 2) } } })] });
    const text = await renderPrometheus(await client.audit({ maxAge: '26h' }, { now: NOW }));
    const family = parseExposition(text).get(AUDIT_METRICS.auditStatus)!;
    expect(family.samples[0]!.labels).toMatchObject({ account: 'team "a"\\ops', instance_id: 'x\ny' });
  });
});

describe('the exposition reader used by these tests', () => {
  it('rejects what the format forbids', () => {
    const bad = [
      'm 1',
      '# TYPE m gauge\nm{a="1"} 1\nm{a="1"} 2\n',
      '# TYPE m gauge\nm 1\n# TYPE n gauge\nn 1\nm 2\n',
      '# TYPE m gauge\nm{a="\\x"} 1\n',
      '# TYPE m gauge\nm{1a="x"} 1\n',
      '# TYPE m gauge\nm one\n',
      '# TYPE m widget\nm 1\n',
      '# TYPE m gauge\n# TYPE m gauge\nm 1\n',
    ];
    for (const text of bad) expect(() => parseExposition(text.endsWith('\n') ? text : `${text}\n`), JSON.stringify(text)).toThrow();
    expect(() => parseExposition('m 1')).toThrow(/line feed/);
    expect(parseExposition('# HELP m a \\\\ b\n# TYPE m gauge\nm{a="q\\"x"} +Inf\n').get('m')!.samples[0]).toEqual({ name: 'm', labels: { a: 'q"x' }, value: Infinity });
  });
});
