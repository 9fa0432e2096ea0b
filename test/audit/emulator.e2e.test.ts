import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type AuditFinding, type AuditRules as TruthRules, type RunningEmulator } from '../../src/emulator/index.js';
import { AUDIT_METRICS, createBackupClient, createExporter, EXPORTER_METRICS, type AuditRules, type Finding, type ProviderName } from '../../src/index.js';
import { parseExposition, type Family } from './exposition.js';
import { emulatorSource, emulatorSources, PROVIDERS } from '../e2e/sources.js';

const ANCHOR = new Date('2026-06-01T00:00:00Z');
const HOUR = 3_600_000;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 16, anchorTime: ANCHOR, instances: 4, backupsPerInstance: 1000 });
});
afterAll(async () => {
  await emu.close();
});

/** The requests the emulator served since its log was cleared, by kind. */
function requestCounts(emulator: RunningEmulator): { discovery: number; policies: number; backups: number; total: number } {
  const log = emulator.requestLog();
  const policies = log.filter((r) => /BackupPolicy$/.test(r.action)).length;
  const backups = log.filter((r) => r.action === 'DescribeBackups' || r.action === 'ListBackups' || r.action === 'DescribeClusterBackupList').length;
  return { discovery: log.length - policies - backups, policies, backups, total: log.length };
}

const client = () => createBackupClient({ sources: PROVIDERS.map((p) => emulatorSource(emu, p)) });
const key = (f: { provider: string; account: string; region: string; instanceId: string; rule: string }) => `${f.provider}|${f.account}|${f.region}|${f.instanceId}|${f.rule}`;

/** What the ground truth states of a finding: its status, and its observation where it makes one. */
function comparable(f: Finding | AuditFinding): { status: string; observed?: number } {
  const observed = typeof f.observed === 'number' ? f.observed : undefined;
  return { status: f.status, ...(observed !== undefined ? { observed } : {}) };
}

function expectSameFindings(mine: readonly Finding[], truth: readonly AuditFinding[]) {
  const ours = new Map(mine.map((f) => [key(f), comparable(f)]));
  const theirs = new Map(truth.map((f) => [key(f), comparable(f)]));
  expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
  const differences = [...theirs].filter(([k, v]) => JSON.stringify(ours.get(k)) !== JSON.stringify(v)).map(([k, v]) => ({ finding: k, truth: v, ours: ours.get(k) }));
  expect(differences).toEqual([]);
}

describe('client.audit against the emulator', () => {
  it('equals the ground truth for every rule at a fixed now, and reads far less than a full listing', async () => {
    // A reproducible RPO breach on top of the seeded scenarios: this instance's backups stop 40 hours before now.
    const now = new Date(ANCHOR.getTime() + 5 * 60_000);
    const stopped = emu.groundTruth.instances('aliyun-rds')[0]!.instanceId;
    emu.stopBackups('aliyun-rds', stopped, new Date(now.getTime() - 40 * HOUR));

    const truthRules: TruthRules = { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true };
    const truth = emu.groundTruth.audit({ now, rules: truthRules });
    // The seeded scenarios make every rule breach somewhere, so "equal" is not "all ok".
    const breached = new Set(truth.filter((f) => f.status === 'alarm').map((f) => f.rule));
    expect([...breached].sort()).toEqual(['available', 'consecutiveDays', 'latestFailed', 'maxAge', 'minRetentionDays', 'sizeDrop']);
    expect(truth.find((f) => f.instanceId === stopped && f.rule === 'maxAge')!.status).toBe('alarm');

    emu.clearRequestLog();
    const result = await client().audit(undefined, { now });
    const audit = requestCounts(emu);
    expectSameFindings(result.findings, truth);
    expect(result.failures).toEqual([]);

    emu.clearRequestLog();
    await client().backups().toArray();
    const listing = requestCounts(emu);
    // 16 instances with about a year of history each (seed 16 with the default shapes: 39 requests against 221).
    // The audit reads the 7 days before today for each instance (a page or two: cluster jobs have a row per
    // shard), where every "newest" fact is, plus one policy per instance that has a policy API; the full listing
    // pages through every year. Discovery is the same in both.
    const instances = PROVIDERS.reduce((n, p) => n + emu.groundTruth.instances(p).length, 0);
    expect(audit.discovery).toBe(listing.discovery);
    expect(audit.policies).toBe(instances - emu.groundTruth.instances('capitalonline-mysql').length);
    expect(audit.backups).toBeLessThanOrEqual(2 * instances);
    expect(listing.backups).toBeGreaterThan(5 * audit.backups);
    expect(audit.total).toBeLessThan(listing.total / 3);
  }, 60_000);

  it('latest() finds each instance\'s newest success (months back from the present) like the ground truth', async () => {
    const latest = await client().latest({ status: 'success' }).toArray();
    const newest = PROVIDERS.flatMap((p) =>
      emu.groundTruth.instances(p).flatMap((i) => {
        const found = emu.groundTruth.backups(p, i.instanceId).filter((b) => b.status === 'success').sort((a, b) => b.startTime.getTime() - a.startTime.getTime())[0];
        return found ? [`${p}|${i.instanceId}|${found.id}`] : [];
      }),
    );
    expect(latest.map((b) => `${b.provider}|${b.instanceId}|${b.id}`).sort()).toEqual(newest.sort());
  });

  it('reads every backup policy as the ground truth states it', async () => {
    const list = await client().policies();
    const withoutRequestId = ({ RequestId: _, ...rest }: Record<string, unknown>) => rest;
    const ours = list.policies.map((p) => ({ ...p, raw: withoutRequestId(p.raw as Record<string, unknown>) }));
    const truth = PROVIDERS.flatMap((p) => emu.groundTruth.policies(p)).map((p) => ({ ...p, raw: withoutRequestId(p.raw) }));
    const order = (p: { provider: string; instanceId: string }) => `${p.provider}|${p.instanceId}`;
    expect(ours.sort((a, b) => order(a).localeCompare(order(b)))).toEqual(truth.sort((a, b) => order(a).localeCompare(order(b))));
    expect(list.unsupported.map((u) => u.provider)).toEqual(['capitalonline-mysql', 'capitalonline-mysql', 'capitalonline-mysql', 'capitalonline-mysql']);
    expect(list.failures).toEqual([]);
    expect(truth.some((p) => !p.automated)).toBe(true);
  });

  it('equals the ground truth with other thresholds, a time zone and warn severities', async () => {
    const now = new Date(ANCHOR.getTime() + 9 * HOUR);
    const truthRules: TruthRules = {
      maxAge: { ms: 12 * HOUR, severity: 'warn' },
      latestFailed: { severity: 'warn' },
      consecutiveDays: { days: 3, timeZone: 'Asia/Shanghai' },
      minRetentionDays: 6,
      sizeDrop: { fraction: 0.8 },
      available: true,
    };
    const rules: AuditRules = {
      maxAge: { age: '12h', severity: 'warn' },
      latestFailed: { severity: 'warn' },
      consecutiveDays: { days: 3, timeZone: 'Asia/Shanghai' },
      minRetentionDays: 6,
      sizeDrop: { fraction: 0.8 },
      available: true,
    };
    const result = await client().audit(rules, { now });
    expectSameFindings(result.findings, emu.groundTruth.audit({ now, rules: truthRules }));
    expect(result.findings.some((f) => f.status === 'warn')).toBe(true);
  });

  it("reports 'error' exactly where the ground truth does when a region refuses the account", async () => {
    const provider: ProviderName = 'huawei-rds';
    const now = new Date(ANCHOR.getTime() + HOUR);
    // Instances given, so no discovery is needed: each one's listing fails on its own.
    const ids = emu.groundTruth.instances(provider).map((i) => i.instanceId);
    emu.denyRegion({ provider, region: emu.huaweiRegion });
    try {
      const sources = PROVIDERS.map((p) => (p === provider ? emulatorSource(emu, p, { instances: ids, retry: false }) : emulatorSource(emu, p)));
      const result = await createBackupClient({ sources }).audit({ maxAge: true, minRetentionDays: true, available: true }, { now });
      expectSameFindings(result.findings, emu.groundTruth.audit({ now, rules: { maxAge: true, minRetentionDays: true, available: true } }));
      const denied = result.findings.filter((f) => f.provider === provider);
      expect(denied.every((f) => f.status === 'error' && f.error?.name === 'PermissionError')).toBe(true);
      expect(result.sources.find((s) => s.provider === provider)!.ok).toBe(false);
    } finally {
      emu.clearDenials();
    }
  });
});

describe('client.audit against the emulator across accounts and regions', () => {
  it('equals the ground truth over two accounts, two regions per provider and every CapitalOnline site, and reports collection per region', async () => {
    const wide = await startEmulator({ seed: 21, anchorTime: ANCHOR, instances: 2, accounts: 2, regions: 2, backupsPerInstance: 60 });
    try {
      const now = new Date(ANCHOR.getTime() + 2 * HOUR);
      const sources = PROVIDERS.flatMap((p) => emulatorSources(wide, p));
      const result = await createBackupClient({ sources }).audit(undefined, { now });
      const truth = wide.groundTruth.audit({ now, rules: { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true } });
      expectSameFindings(result.findings, truth);
      // One collection unit per account and listed region (CapitalOnline: per site), all read completely.
      expect(result.sources.every((s) => s.ok)).toBe(true);
      const units = new Set(result.sources.map((s) => `${s.provider}|${s.account}|${s.region}`));
      for (const provider of ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds'] as const) {
        for (const account of wide.accounts) for (const region of wide.regions[provider]) expect(units).toContain(`${provider}|${account.name}|${region}`);
      }
      expect(result.sources.filter((s) => s.provider === 'capitalonline-mysql').map((s) => s.region).sort()).toEqual(['asia', 'asia', 'cn', 'cn', 'us', 'us']);
      expect(result.sources.reduce((n, s) => n + s.instances, 0)).toBe(result.instances.length);
    } finally {
      await wide.close();
    }
  }, 60_000);
});

describe('client.audit against the emulator with the real-service shapes and two accounts', () => {
  it('still equals the ground truth (pages capped, KVStore cluster jobs, RDS availability, lower-case enums, empty bodies)', async () => {
    const shaped = await startEmulator({ seed: 16, anchorTime: ANCHOR, instances: 4, accounts: 2, backupsPerInstance: 300, shapes: 'all' });
    try {
      const now = new Date(ANCHOR.getTime() + 5 * 60_000);
      const sources = shaped.accounts.flatMap((a) => PROVIDERS.map((p) => emulatorSource(shaped, p, { credentials: a.credentials, account: a.name })));
      const result = await createBackupClient({ sources }).audit(undefined, { now });
      const truth = shaped.groundTruth.audit({ now, rules: { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true } });
      expectSameFindings(result.findings, truth);
      expect(new Set(result.findings.map((f) => f.account))).toEqual(new Set(['default', 'account-2']));
      // rdsAvailability marks the newest success of some RDS instances unavailable: the rule sees it.
      expect(result.findings.some((f) => f.rule === 'available' && f.status === 'alarm')).toBe(true);
    } finally {
      await shaped.close();
    }
  }, 60_000);
});

describe('the exporter against the emulator', () => {
  it('serves the previous collection while one runs, and scrapes send no request', async () => {
    const small = await startEmulator({ seed: 3, instances: 1, backupsPerInstance: 30 });
    const client = createBackupClient({ sources: PROVIDERS.map((p) => emulatorSource(small, p)) });
    const exporter = await createExporter({ client, listen: '127.0.0.1:0', interval: '1h' });
    try {
      await exporter.collect();
      const scrape = async () => parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
      const timestamps = (families: Map<string, Family>) => families.get(AUDIT_METRICS.lastSuccessTimestamp)!.samples.map((s) => `${s.labels.instance_id}=${s.value}`).sort();
      const before = timestamps(await scrape());
      expect(before).toHaveLength(4);

      // The instance's last 30 hours of backups vanish (its newest success moves back); the next collection is
      // slowed down so scrapes land while it runs.
      const rds = small.groundTruth.instances('aliyun-rds')[0]!.instanceId;
      small.stopBackups('aliyun-rds', rds, new Date(Date.now() - 30 * HOUR));
      small.setLatency(150);
      const start = small.requestLog().length;
      const running = exporter.collect();
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 3; i++) {
        const families = await scrape();
        expect(families.get(EXPORTER_METRICS.collectRunning)!.samples[0]!.value).toBe(1);
        expect(timestamps(families)).toEqual(before);
      }
      await running;
      small.setLatency(0);
      const duringCollection = small.requestLog().length - start;
      const after = await scrape();
      expect(timestamps(after)).not.toEqual(before);
      await scrape();
      // The requests while scraping were exactly those of one audit: the scrapes sent none.
      const alone = small.requestLog().length;
      await client.audit();
      expect(small.requestLog().length - alone).toBe(duringCollection);
    } finally {
      await exporter.close();
      await small.close();
    }
  }, 60_000);
});
