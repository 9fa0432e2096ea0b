import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditFinding, AuditRules, RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { Kvstore, Rds, aliyunRpc, huaweiGet, kvstoreClient, rdsClient, sdkFailure } from './helpers.js';

const ANCHOR = new Date('2026-06-01T00:00:00Z');
const NOW = new Date(ANCHOR.getTime() + 5 * 60_000);
const ALL: AuditRules = { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true };
const HOUR = 3_600_000;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 5, anchorTime: ANCHOR, instances: 4, backupsPerInstance: 60, shapes: 'none' });
});
afterAll(async () => {
  await emu.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const find = (fs: AuditFinding[], instanceId: string, rule: AuditFinding['rule']) => fs.find((f) => f.instanceId === instanceId && f.rule === rule)!;

describe('backup policy APIs', () => {
  it('RDS DescribeBackupPolicy (official SDK): the 15.4 model\'s fields and types, what the truth says', async () => {
    const policies = emu.groundTruth.policies('aliyun-rds');
    const p = policies[0]!;
    const res = await rdsClient(emu).describeBackupPolicy(new Rds.DescribeBackupPolicyRequest({ DBInstanceId: p.instanceId }));
    expect(res.body?.backupRetentionPeriod).toBe(p.retentionDays);
    expect(res.body?.preferredBackupTime).toMatch(/^\d{2}:00Z-\d{2}:00Z$/);
    expect(res.body?.preferredBackupPeriod).toBe('Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday');
    expect(res.body?.preferredNextBackupTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    const raw = json((await aliyunRpc(emu, { Action: 'DescribeBackupPolicy', Version: '2014-08-15', DBInstanceId: p.instanceId })).body);
    expect(typeof raw['BackupRetentionPeriod']).toBe('number');
    expect(raw['EnableBackupLog']).toMatch(/^[01]$/);
    expect({ ...raw, RequestId: undefined }).toEqual({ ...p.raw, RequestId: undefined });
    expect(p).toMatchObject({ automated: true, preferredWindow: raw['PreferredBackupTime'], logBackup: raw['BackupLog'] === 'Enable' });
    const missing = await sdkFailure(rdsClient(emu).describeBackupPolicy(new Rds.DescribeBackupPolicyRequest({})));
    expect([missing.statusCode, missing.code]).toEqual([400, 'MissingDBInstanceId']);
    const unknown = await sdkFailure(rdsClient(emu).describeBackupPolicy(new Rds.DescribeBackupPolicyRequest({ DBInstanceId: 'rm-nope' })));
    expect(unknown.code).toBe('InvalidDBInstanceId.NotFound');
  });

  it('KVStore DescribeBackupPolicy (official SDK): retention a string, EnableBackupLog a number', async () => {
    const p = emu.groundTruth.policies('aliyun-kvstore')[0]!;
    const res = await kvstoreClient(emu).describeBackupPolicy(new Kvstore.DescribeBackupPolicyRequest({ instanceId: p.instanceId }));
    expect(res.body?.backupRetentionPeriod).toBe(String(p.retentionDays));
    expect(res.body?.enableBackupLog).toBe(0);
    expect(p.logBackup).toBe(false);
    const f = await sdkFailure(kvstoreClient(emu).describeBackupPolicy(new Kvstore.DescribeBackupPolicyRequest({ instanceId: 'r-nope' })));
    expect([f.statusCode, f.code]).toEqual([404, 'InvalidInstanceId.NotFound']);
  });

  it('Huawei ShowBackupPolicy: keep_days, start_time, period; only keep_days 0 where automated backups are off', async () => {
    const policies = emu.groundTruth.policies('huawei-rds');
    const off = policies.filter((p) => !p.automated);
    expect(off.length).toBeGreaterThan(0);
    for (const p of policies) {
      const res = await huaweiGet(emu, `/v3/{project_id}/instances/${p.instanceId}/backups/policy`, {});
      expect(res.status).toBe(200);
      const body = json(res.body) as { backup_policy: Record<string, unknown> };
      expect(body.backup_policy).toEqual(p.raw);
      if (p.automated) expect(body.backup_policy).toMatchObject({ keep_days: p.retentionDays, start_time: p.preferredWindow, period: '1,2,3,4,5,6,7' });
      else expect(body.backup_policy).toEqual({ keep_days: 0 });
    }
    const nf = await huaweiGet(emu, '/v3/{project_id}/instances/0123456789abcdef0123456789abcdefin01/backups/policy', {});
    expect([nf.status, json(nf.body)['error_code']]).toEqual([404, 'DBS.200002']);
    expect(emu.requestLog().at(-1)).toMatchObject({ provider: 'huawei-rds', action: 'ShowBackupPolicy' });
  });

  it('seeded policies: most keep 7 days, some less; CapitalOnline has no policy to read', () => {
    const all = (['aliyun-rds', 'aliyun-kvstore', 'huawei-rds'] as const).flatMap((p) => emu.groundTruth.policies(p));
    const kept = all.filter((p) => p.automated).map((p) => p.retentionDays!);
    expect(kept.filter((d) => d === 7).length).toBeGreaterThan(kept.length / 2);
    const wide = startEmulator({ seed: 5, anchorTime: ANCHOR, instances: 20, backupsPerInstance: 1 });
    return wide.then(async (w) => {
      try {
        const many = w.groundTruth.policies('aliyun-rds').map((p) => p.retentionDays!);
        expect(many.some((d) => d < 7)).toBe(true);
        expect(w.groundTruth.policies('capitalonline-mysql')).toEqual([]);
      } finally {
        await w.close();
      }
    });
  });
});

describe('stopBackups', () => {
  it('removes backups at/after the instant, lists none after it, and drift adds none', async () => {
    const e = await startEmulator({ seed: 9, anchorTime: ANCHOR, instances: 1, backupsPerInstance: 40 });
    try {
      const id = e.groundTruth.instances('aliyun-rds')[0]!.instanceId;
      const before = e.groundTruth.backups('aliyun-rds', id);
      const at = new Date(ANCHOR.getTime() - 30 * HOUR);
      e.stopBackups('aliyun-rds', id, at);
      const after = e.groundTruth.backups('aliyun-rds', id);
      expect(after).toEqual(before.filter((b) => b.startTime < at));
      const listed = json((await aliyunRpc(e, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: id, PageSize: '100' })).body) as { TotalRecordCount: string };
      expect(Number(listed.TotalRecordCount)).toBe(after.length);
      for (let i = 0; i < 20; i++) e.addBackups('aliyun-rds', id, 5);
      expect(e.groundTruth.backups('aliyun-rds', id).every((b) => b.startTime < at)).toBe(true);
      const findings = e.groundTruth.audit({ now: NOW, rules: { maxAge: true } });
      expect(find(findings, id, 'maxAge')).toMatchObject({ status: 'alarm', observed: expect.any(Number) });
      expect(find(findings, id, 'maxAge').observed!).toBeGreaterThan(30 * HOUR);
      expect(() => e.stopBackups('aliyun-rds', 'rm-nope', at)).toThrow(/no aliyun-rds instance/);
    } finally {
      await e.close();
    }
  });
});

describe('groundTruth.audit', () => {
  it('one finding per instance and rule, in rule order, covering every provider', () => {
    const findings = emu.groundTruth.audit({ now: NOW, rules: ALL });
    const instances = (['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'] as const).flatMap((p) => emu.groundTruth.instances(p));
    expect(findings).toHaveLength(instances.length * 6);
    expect(findings.slice(0, 6).map((f) => f.rule)).toEqual(['maxAge', 'latestFailed', 'consecutiveDays', 'minRetentionDays', 'sizeDrop', 'available']);
    expect(emu.groundTruth.audit({ now: NOW, rules: { latestFailed: true } })).toHaveLength(instances.length);
  });

  it('just after the anchor several instances breach several rules', () => {
    const findings = emu.groundTruth.audit({ now: NOW, rules: ALL });
    const alarms = findings.filter((f) => f.status === 'alarm');
    const rules = new Set(alarms.map((f) => f.rule));
    for (const rule of ['maxAge', 'latestFailed', 'consecutiveDays', 'minRetentionDays', 'sizeDrop'] as const) expect(rules, rule).toContain(rule);
    expect(new Set(alarms.map((f) => f.instanceId)).size).toBeGreaterThanOrEqual(5);
    expect(findings.filter((f) => f.rule === 'minRetentionDays' && f.provider === 'capitalonline-mysql').every((f) => f.status === 'skip')).toBe(true);
  });

  it('agrees with the truth listed at the same now: latestFailed, maxAge, sizeDrop and available', async () => {
    // Availability depends on the clock: the truth is read at the audit's now (no API call is made here).
    const at = await startEmulator({ seed: 5, anchorTime: ANCHOR, instances: 4, backupsPerInstance: 60, now: () => NOW, shapes: 'none' });
    try {
      const findings = at.groundTruth.audit({ now: NOW, rules: ALL });
      expect(findings).toEqual(emu.groundTruth.audit({ now: NOW, rules: ALL }));
      for (const inst of (['aliyun-rds', 'aliyun-kvstore', 'huawei-rds'] as const).flatMap((p) => at.groundTruth.instances(p))) {
        const backups = at.groundTruth.backups(inst.provider, inst.instanceId);
        const attempt = backups.find((b) => b.status === 'success' || b.status === 'failed');
        expect(find(findings, inst.instanceId, 'latestFailed').status).toBe(attempt?.status === 'failed' ? 'alarm' : 'ok');
        const ok = backups.find((b) => b.status === 'success');
        const age = ok ? NOW.getTime() - (ok.endTime ?? ok.startTime).getTime() : undefined;
        expect(find(findings, inst.instanceId, 'maxAge')).toMatchObject({ status: age === undefined || age > 26 * HOUR ? 'alarm' : 'ok' });
        const fulls = backups.filter((b) => b.status === 'success' && b.type === 'full' && b.sizeBytes !== undefined);
        const drop = fulls.length < 2 ? 'skip' : fulls[0]!.sizeBytes! < 0.5 * fulls[1]!.sizeBytes! ? 'alarm' : 'ok';
        expect(find(findings, inst.instanceId, 'sizeDrop').status).toBe(drop);
        expect(find(findings, inst.instanceId, 'available').status).toBe(!ok ? 'skip' : ok.available === false ? 'alarm' : 'ok');
      }
    } finally {
      await at.close();
    }
  });

  it('severity warn, custom thresholds, and the retention rule against the policies', () => {
    const rules: AuditRules = { maxAge: { ms: 1000 * HOUR, severity: 'warn' }, minRetentionDays: { days: 3, severity: 'warn' }, sizeDrop: 0.01 };
    const findings = emu.groundTruth.audit({ now: NOW, rules });
    expect(findings.filter((f) => f.rule === 'maxAge').every((f) => f.status === 'ok')).toBe(true);
    expect(findings.filter((f) => f.rule === 'sizeDrop').every((f) => f.status !== 'alarm')).toBe(true);
    for (const p of emu.groundTruth.policies('huawei-rds')) {
      const f = find(findings, p.instanceId, 'minRetentionDays');
      expect(f.status).toBe(!p.automated || p.retentionDays! < 3 ? 'warn' : 'ok');
    }
    const strict = emu.groundTruth.audit({ now: NOW, rules: { minRetentionDays: 14 } });
    for (const p of emu.groundTruth.policies('aliyun-rds')) expect(find(strict, p.instanceId, 'minRetentionDays')).toMatchObject({ status: p.retentionDays! < 14 ? 'alarm' : 'ok', observed: p.retentionDays });
  });

  it('consecutiveDays counts complete calendar days before now\'s day in the given time zone', () => {
    const inst = emu.groundTruth.instances('aliyun-rds')[0]!;
    const days = (tz: string) => {
      const key = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
      const covered = new Set(emu.groundTruth.backups('aliyun-rds', inst.instanceId).filter((b) => b.status === 'success').map((b) => key(b.startTime)));
      const today = key(NOW);
      let n = 0;
      for (let k = 1; k <= 7; k++) {
        const [y, m, d] = today.split('-').map(Number);
        if (covered.has(new Date(Date.UTC(y!, m! - 1, d! - k)).toISOString().slice(0, 10))) n++;
      }
      return n;
    };
    for (const timeZone of ['UTC', 'Asia/Shanghai', 'America/New_York']) {
      const f = find(emu.groundTruth.audit({ now: NOW, rules: { consecutiveDays: { days: 7, timeZone } } }), inst.instanceId, 'consecutiveDays');
      expect(f.observed, timeZone).toBe(days(timeZone));
      expect(f.status).toBe(days(timeZone) < 7 ? 'alarm' : 'ok');
    }
  });

  it("a region denied to an instance's account is 'error' for every rule (CapitalOnline's policy rule stays 'skip')", () => {
    emu.denyRegion({ provider: 'huawei-rds', region: emu.regions['huawei-rds'][0]! });
    emu.denyRegion({ provider: 'capitalonline-mysql', region: emu.regions['capitalonline-mysql'][0]! });
    try {
      const findings = emu.groundTruth.audit({ now: NOW, rules: ALL });
      expect(findings.filter((f) => f.provider === 'huawei-rds').every((f) => f.status === 'error')).toBe(true);
      const co = findings.filter((f) => f.provider === 'capitalonline-mysql');
      expect(co.every((f) => f.status === (f.rule === 'minRetentionDays' ? 'skip' : 'error'))).toBe(true);
      expect(findings.filter((f) => f.provider === 'aliyun-rds').some((f) => f.status === 'error')).toBe(false);
    } finally {
      emu.clearDenials();
    }
  });

  it('an instance that was never backed up: maxAge alarm, consecutiveDays 0, nothing to compare', async () => {
    const e = await startEmulator({ seed: 5, anchorTime: ANCHOR, instances: 2, backupsPerInstance: 10, shapes: { emptyBodies: true } });
    try {
      const id = e.groundTruth.instances('huawei-rds')[1]!.instanceId;
      const f = e.groundTruth.audit({ now: NOW, rules: ALL }).filter((x) => x.instanceId === id);
      expect(f.map((x) => [x.rule, x.status, x.observed])).toEqual([
        ['maxAge', 'alarm', undefined], ['latestFailed', 'ok', undefined], ['consecutiveDays', 'alarm', 0],
        ['minRetentionDays', expect.any(String), expect.anything()], ['sizeDrop', 'skip', undefined], ['available', 'skip', undefined],
      ]);
    } finally {
      await e.close();
    }
  });

  it('available: the newest successful backup marked unavailable (rdsAvailability) is a breach', async () => {
    const e = await startEmulator({ seed: 5, anchorTime: ANCHOR, instances: 12, backupsPerInstance: 20, shapes: { rdsAvailability: true }, now: () => NOW });
    try {
      const findings = e.groundTruth.audit({ now: NOW, rules: { available: true } });
      let breaches = 0;
      for (const inst of e.groundTruth.instances('aliyun-rds')) {
        const newest = e.groundTruth.backups('aliyun-rds', inst.instanceId).find((b) => b.status === 'success');
        const f = find(findings, inst.instanceId, 'available');
        expect(f.status).toBe(newest?.available === false ? 'alarm' : 'ok');
        if (f.status === 'alarm') breaches++;
      }
      expect(breaches).toBeGreaterThan(0);
    } finally {
      await e.close();
    }
  });

  it('refuses impossible rules', () => {
    expect(() => emu.groundTruth.audit({ now: NOW, rules: { maxAge: -1 } })).toThrow(/maxAge/);
    expect(() => emu.groundTruth.audit({ now: NOW, rules: { consecutiveDays: { days: 3, timeZone: 'Mars/Base' } } })).toThrow();
    expect(() => emu.groundTruth.audit({ now: new Date(NaN), rules: ALL })).toThrow(/now/);
  });
});
