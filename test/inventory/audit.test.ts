import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { auditOutcome, ConfigurationError, createBackupClient, type AuditRules, type Finding, type ProviderName } from '../../src/index.js';
import { InventoryEvidenceError, type Inventory, type InventoryAuditOptions } from '../../src/inventory/index.js';
import { POLICY_API_PROVIDERS } from '../../src/providers/policy-api.js';
import { fakeBackup, fakeClient } from './fake-client.js';
import { ANCHOR, DAY, HOUR, PROVIDERS, emulatorClient, emulatorSource, manualClock, openTestInventory } from './helpers.js';

/**
 * `inventory.audit` against the live audit on one emulator, and on its own where only the history can answer. One
 * in-memory database for the file; each test syncs under its own account label and audits only that account.
 */
// Two accounts: one test lists an instance with the other account's keys, which the cloud answers as not found.
const EMULATOR = { seed: 16, instances: 4, backupsPerInstance: 150, anchorTime: ANCHOR, accounts: 2 } as const;
const ALL_RULES: AuditRules = { maxAge: true, latestFailed: true, consecutiveDays: 7, minRetentionDays: true, sizeDrop: true, available: true };
const clock = manualClock(ANCHOR);
let emu: RunningEmulator;
let inv: Inventory;

beforeAll(async () => {
  [emu, inv] = await Promise.all([startEmulator(EMULATOR), openTestInventory({ now: clock.now })]);
}, 120_000);
afterAll(async () => {
  await inv?.close();
  await emu?.close();
});

const key = (f: Finding) => `${f.provider}|${f.account}|${f.region}|${f.instanceId}|${f.rule}`;
/** A finding as data: every field (dates as strings), so two audits compare field by field. */
const plain = (f: Finding) => JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
const findingOf = (findings: readonly Finding[], instanceId: string, rule: Finding['rule']) => findings.find((f) => f.instanceId === instanceId && f.rule === rule)!;

describe('inventory.audit against the live audit', () => {
  it('judges every rule, instance by instance, as client.audit does on the same emulator at a fixed now', async () => {
    const account = 'same';
    // A reproducible RPO breach on top of the seeded scenarios (which breach every rule somewhere).
    const now = new Date(ANCHOR.getTime() + 5 * 60_000);
    const stopped = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
    emu.stopBackups('huawei-rds', stopped, new Date(now.getTime() - 40 * HOUR));

    const client = emulatorClient(emu, PROVIDERS, { account });
    // The listing judges `available` by the real clock (an expiry that has passed is false): the sync is dated by
    // the same clock, so the history knows when each backup's availability was judged, as the live audit does.
    clock.set(new Date());
    const synced = await inv.sync(client);
    expect(synced).toMatchObject({ status: 'succeeded', failuresTotal: 0 });
    const policies = await client.policies();
    expect(policies.failures).toEqual([]);
    expect(await inv.savePolicies(policies.policies)).toBe(policies.policies.length);
    // The providers without a stored policy are exactly those without a policy API.
    expect(new Set(policies.unsupported.map((p) => p.provider))).toEqual(new Set(PROVIDERS.filter((p) => !POLICY_API_PROVIDERS.has(p))));

    for (const rules of [ALL_RULES, {
      maxAge: { age: '12h', severity: 'warn' },
      latestFailed: { severity: 'warn' },
      consecutiveDays: { days: 3, timeZone: 'Asia/Shanghai' },
      minRetentionDays: 6,
      sizeDrop: { fraction: 0.8 },
      available: true,
    } satisfies AuditRules,
    // A window of 26 hours: the stopped instances' newest facts and every previous full backup lie before it.
    { maxAge: true, latestFailed: true, sizeDrop: true, available: true } satisfies AuditRules]) {
      const live = await client.audit(rules, { now });
      const history = await inv.audit(rules, { now, accounts: account });
      expect(live.failures).toEqual([]);
      expect(history.failures).toEqual([]);
      expect(history.findings.map(key)).toEqual(live.findings.map(key));
      const differences = history.findings
        .map((f, i) => ({ finding: key(f), history: plain(f), live: plain(live.findings[i]!) }))
        .filter((d) => JSON.stringify(d.history) !== JSON.stringify(d.live));
      expect(differences).toEqual([]);
      expect(history.summary).toEqual(live.summary);
      expect(history.window).toEqual(live.window);
      expect(history.rules).toEqual(live.rules);
      expect(history.instances.map((i) => [i.provider, i.instanceId, i.counts, i.lastSuccess?.id])).toEqual(
        live.instances.map((i) => [i.provider, i.instanceId, i.counts, i.lastSuccess?.id]),
      );
    }
    const live = await client.audit(ALL_RULES, { now });
    // Equal is not "all ok": every rule breaches somewhere, the stopped instance's maxAge among them.
    expect(new Set(live.findings.filter((f) => f.status === 'alarm').map((f) => f.rule))).toEqual(
      new Set(['maxAge', 'latestFailed', 'consecutiveDays', 'minRetentionDays', 'sizeDrop', 'available']),
    );
    expect(findingOf(live.findings, stopped, 'maxAge').status).toBe('alarm');
  }, 300_000);
});

describe('inventory.audit over history the clouds forgot', () => {
  it('still counts the days of backups that expired from the cloud, and judges a gone backup unavailable', async () => {
    const account = 'expired';
    const provider: ProviderName = 'aliyun-rds';
    const now = new Date(ANCHOR.getTime() + 5 * 60_000);
    // An instance with a success on each of the 5 days (some miss one on their own, their window near midnight).
    const covered = emu.groundTruth.audit({ now, rules: { consecutiveDays: 5 } }).filter((f) => f.provider === provider && f.account === 'default' && f.status === 'ok');
    const id = covered[0]!.instanceId;
    const client = emulatorClient(emu, [provider], { account });
    const rules: AuditRules = { maxAge: true, consecutiveDays: 5, available: true };
    clock.set(new Date(ANCHOR.getTime() + 60_000));
    await inv.sync(client);
    const before = await inv.audit(rules, { now, accounts: account, instances: id });
    expect(findingOf(before.findings, id, 'consecutiveDays')).toMatchObject({ status: 'ok', observed: 5 });

    // The cloud deletes every backup that started before the day before yesterday, and the newest success.
    const truth = emu.groundTruth.backups(provider, id);
    const newestSuccess = truth.find((b) => b.status === 'success')!;
    const cut = new Date(ANCHOR.getTime() - 2 * DAY);
    const expired = truth.filter((b) => b.startTime < cut || b.id === newestSuccess.id);
    emu.deleteBackups(provider, id, expired.map((b) => b.id));
    const goneAt = clock.advance(60_000);
    const second = await inv.sync(client);
    expect(second).toMatchObject({ status: 'succeeded', gone: expired.length });

    const live = await client.audit(rules, { now });
    const history = await inv.audit(rules, { now, accounts: account, instances: id });
    expect(history.failures).toEqual([]);
    // The live audit no longer sees the older days; the history still has a success on each of them.
    expect(findingOf(live.findings, id, 'consecutiveDays')).toMatchObject({ status: 'alarm' });
    expect((findingOf(live.findings, id, 'consecutiveDays').observed as number)).toBeLessThan(5);
    expect(findingOf(history.findings, id, 'consecutiveDays')).toEqual(findingOf(before.findings, id, 'consecutiveDays'));
    // The newest success ran (maxAge counts it) but was deleted: it cannot be restored.
    expect(findingOf(history.findings, id, 'maxAge')).toMatchObject({ status: 'ok', evidence: [newestSuccess.id] });
    expect(findingOf(history.findings, id, 'maxAge').observed).toBe(now.getTime() - (newestSuccess.endTime ?? newestSuccess.startTime).getTime());
    expect(findingOf(history.findings, id, 'available')).toMatchObject({ status: 'alarm', observed: false, evidence: [newestSuccess.id] });
    expect(history.instances[0]!.lastSuccess).toMatchObject({ id: newestSuccess.id, available: false, goneAt });
    expect(findingOf(live.findings, id, 'maxAge').evidence).not.toEqual([newestSuccess.id]);

    // Audited before the deletion was noticed, the same backup was still there: its availability is as listed.
    const earlier = await inv.audit({ available: true }, { now: new Date(goneAt.getTime() - 1), accounts: account, instances: id });
    expect(earlier.instances[0]!.lastSuccess).toMatchObject({ id: newestSuccess.id, goneAt, available: newestSuccess.available });
    expect(newestSuccess.available).not.toBe(false);
  }, 120_000);
});

describe('inventory.audit where the history cannot be vouched for', () => {
  it("reports an instance whose last sync failed as 'error', saying since when and why, never 'ok'", async () => {
    const account = 'failing';
    const [x, y] = emu.groundTruth.instances('aliyun-rds').filter((i) => i.account === 'default').map((i) => i.instanceId);
    const t1 = clock.advance(HOUR);
    await inv.sync(emulatorClient(emu, ['aliyun-rds'], { account }));
    // x listed with another account's keys: the cloud answers that it does not exist.
    const t2 = clock.advance(HOUR);
    const failed = await inv.sync(createBackupClient({
      sources: [
        emulatorSource(emu, 'aliyun-rds', { account, instances: [y!] }),
        emulatorSource(emu, 'aliyun-rds', { account, instances: [x!], credentials: emu.accounts[1]!.credentials }),
      ],
    }));
    expect(failed).toMatchObject({ status: 'partial', instances: { failed: 1 } });

    const now = new Date(t2.getTime() + 10 * 60_000);
    // maxAge 12h: the default staleness bound is then 48 hours (twice maxAge when that is longer).
    const rules: AuditRules = { maxAge: '12h', latestFailed: true, consecutiveDays: 3 };
    const result = await inv.audit(rules, { now, accounts: account });
    const ofX = result.findings.filter((f) => f.instanceId === x);
    expect(ofX.map((f) => f.status)).toEqual(['error', 'error', 'error']);
    for (const f of ofX) {
      expect(f.reason).toContain(`not listed it completely since ${t1.toISOString()}`);
      expect(f.reason).toContain(`sync run ${failed.runId}`);
      expect(f.reason).toContain(failed.failures[0]!.error.message);
    }
    const error = result.failures.find((f) => f.instanceId === x)!.error;
    expect(error).toBeInstanceOf(InventoryEvidenceError);
    expect(error).toMatchObject({ gap: 'incomplete', listedAt: t1, runId: failed.runId });
    expect(result.failures.map((f) => f.instanceId)).toEqual([x]);
    expect(result.instances.find((i) => i.instanceId === x)!.error).toBe(error);
    expect(result.findings.filter((f) => f.instanceId === y).every((f) => f.status !== 'error')).toBe(true);
    expect(result.sources).toEqual([expect.objectContaining({ provider: 'aliyun-rds', account, ok: false, failures: 1 })]);
    expect(auditOutcome(result)).toBe('incomplete');

    // The default now is the inventory's clock.
    clock.set(now);
    expect((await inv.audit(rules, { accounts: account })).now).toEqual(now);

    // Three days on without a sync, y's history is stale too; a bound of a week vouches for it again.
    const later = new Date(t2.getTime() + 3 * DAY);
    const stale = await inv.audit(rules, { now: later, accounts: account });
    const ofY = stale.findings.filter((f) => f.instanceId === y);
    expect(ofY.map((f) => f.status)).toEqual(['error', 'error', 'error']);
    expect(ofY[0]!.reason).toContain(`last complete listing of it is from ${t2.toISOString()}, more than 2d before ${later.toISOString()}`);
    expect(stale.failures.find((f) => f.instanceId === y)!.error).toMatchObject({ gap: 'stale', listedAt: t2 });
    const week = await inv.audit(rules, { now: later, accounts: account, staleAfter: '7d' });
    expect(week.findings.filter((f) => f.instanceId === y).map((f) => f.status)).not.toContain('error');
    expect(week.findings.filter((f) => f.instanceId === x).map((f) => f.status)).toEqual(['error', 'error', 'error']);
  }, 120_000);

  it('reports never-listed and partly listed instances, and a policy the inventory does not hold', async () => {
    const account = 'fake-gaps';
    const at = (h: number) => new Date(ANCHOR.getTime() - h * HOUR);
    const backups = (id: string) => [fakeBackup(id, `${id}-1`, at(30), { account }), fakeBackup(id, `${id}-2`, at(6), { account })];
    const t1 = clock.advance(HOUR);
    // p: listed completely; q: one record could not be read (never complete); r: complete now, in part next time.
    await inv.sync(fakeClient({
      instances: [
        { instanceId: 'p', account, backups: backups('p') },
        { instanceId: 'q', account, backups: backups('q'), badRecords: ['q-9'] },
        { instanceId: 'r', account, backups: backups('r') },
      ],
    }));
    const t2 = clock.advance(HOUR);
    await inv.sync(fakeClient({
      instances: [
        { instanceId: 'p', account, backups: backups('p') },
        { instanceId: 'q', account, backups: backups('q'), badRecords: ['q-9'] },
        { instanceId: 'r', account, backups: backups('r'), badRecords: ['r-9'] },
      ],
    }));
    const now = new Date(t2.getTime() + 60_000);
    const result = await inv.audit({ maxAge: true, minRetentionDays: true }, { now, accounts: account });
    const status = (id: string) => result.findings.filter((f) => f.instanceId === id).map((f) => [f.rule, f.status]);
    expect(status('p')).toEqual([['maxAge', 'ok'], ['minRetentionDays', 'error']]);
    expect(status('q')).toEqual([['maxAge', 'error'], ['minRetentionDays', 'error']]);
    expect(status('r')).toEqual([['maxAge', 'error'], ['minRetentionDays', 'error']]);
    expect(findingOf(result.findings, 'q', 'maxAge').reason).toContain('no sync has listed all of its backups yet');
    expect(findingOf(result.findings, 'q', 'maxAge').reason).toContain('record q-9 could not be read');
    expect(findingOf(result.findings, 'r', 'maxAge').reason).toContain(`not listed it completely since ${t1.toISOString()}`);
    expect(findingOf(result.findings, 'r', 'maxAge').reason).toContain('record r-9 could not be read');
    expect(findingOf(result.findings, 'p', 'minRetentionDays').reason).toContain('holds no backup policy of it');
    // The policy rule reads the stored policy once there is one (the fake client's provider has a policy API).
    await inv.savePolicies([{ provider: 'aliyun-rds', account, region: 'cn-hangzhou', instanceId: 'p', automated: true, retentionDays: 3, raw: {} }]);
    const withPolicy = await inv.audit({ minRetentionDays: true }, { now, accounts: account, instances: 'p' });
    expect(withPolicy.findings).toEqual([expect.objectContaining({ instanceId: 'p', status: 'alarm', observed: 3, automated: true })]);
    expect(withPolicy.failures).toEqual([]);
    expect(withPolicy.instances[0]!.policy).toMatchObject({ retentionDays: 3, fetchedAt: t2 });
  }, 120_000);
});

describe('inventory.audit options', () => {
  it('refuses to judge nothing: an inventory no sync has filled, or a filter no stored instance matches', async () => {
    const empty = await openTestInventory({ now: clock.now });
    try {
      await expect(empty.audit({ maxAge: true })).rejects.toThrow(/^inventory\.audit: the inventory holds no instance \(no sync has run\), so there is nothing to judge/);
    } finally {
      await empty.close();
    }
    const error = await inv.audit({ maxAge: true }, { instances: 'no-such-instance', providers: 'huawei-rds' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toMatch(/^inventory\.audit: no stored instance matches providers huawei-rds; instances no-such-instance \(the inventory holds \d+\)/);
  }, 60_000);

  it('refuses bad rules and options with a ConfigurationError naming the field, as the live audit does', async () => {
    const cases: Array<[AuditRules | undefined, InventoryAuditOptions | undefined, string]> = [
      [{ maxAge: 'soon' }, undefined, 'rules.maxAge'],
      [{ maxAg: true } as AuditRules, undefined, 'rules.maxAg'],
      [{ consecutiveDays: { days: 3, timeZone: 'Mars/Olympus' } }, undefined, 'rules.consecutiveDays.timeZone'],
      [{}, undefined, 'rules'],
      [undefined, { now: new Date('nope') }, 'now'],
      [undefined, { window: -5 }, 'window'],
      [undefined, { staleAfter: '5' }, 'staleAfter'],
      [undefined, { accounts: [] }, 'accounts'],
      [undefined, { regions: [''] }, 'regions'],
      [undefined, { acounts: 'x' } as InventoryAuditOptions, 'acounts'],
      [undefined, { policies: 'yes' } as unknown as InventoryAuditOptions, 'policies'],
    ];
    for (const [rules, options, field] of cases) {
      const error = await inv.audit(rules, options).then(() => undefined, (e: unknown) => e);
      expect(error, field).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).field, field).toBe(field);
    }
    await expect(inv.audit(undefined, { acounts: 'x' } as InventoryAuditOptions)).rejects.toThrow(/inventory.audit: unknown option "acounts". Did you mean "accounts"\?/);
  });
});
