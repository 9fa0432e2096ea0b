import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatedBackup, type RunningEmulator } from '../../src/emulator/index.js';
import { createBackupClient, type Backup, type ListingFailure, type ProviderName } from '../../src/index.js';
import { expectSameBackups } from '../e2e/compare.js';
import { emulatorSources } from '../e2e/sources.js';
import { aliyunRpc, huaweiGet } from './helpers.js';

/**
 * `deleteBackups`: the cloud forgets backups (expiry, a person) between two walks. Three instances per provider
 * with the real services' shapes (on by default): KVStore's second instance is a classic cluster (a row per shard
 * per job), its third a cloud-native one (DescribeClusterBackupList).
 */
const ANCHOR = new Date('2026-04-20T08:00:00Z');
const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 10 } };

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 31, anchorTime: ANCHOR, instances: 3, backupsPerInstance: 70 });
});
afterAll(async () => {
  await emu?.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

async function listed(provider: ProviderName): Promise<Backup[]> {
  const failures: ListingFailure[] = [];
  const backups = await createBackupClient({ sources: emulatorSources(emu, provider, fast), onError: (f) => failures.push(f) }).backups().toArray();
  expect(failures, provider).toEqual([]);
  return backups;
}

/** The newest, two straddling the 30th row (a page boundary at every page size) and the oldest. */
function victims(truth: readonly EmulatedBackup[]): EmulatedBackup[] {
  return [truth[0]!, truth[29]!, truth[30]!, truth[truth.length - 1]!];
}

describe('deleteBackups', () => {
  it('removes the backups from every listing and from the ground truth, for every provider and KVStore cluster kind', async () => {
    for (const provider of PROVIDERS) {
      const deletedIds = new Set<string>();
      for (const instance of emu.groundTruth.instances(provider)) {
        const before = emu.groundTruth.backups(provider, instance.instanceId);
        if (before.length === 0) continue;
        const chosen = victims(before);
        const deleted = emu.deleteBackups(provider, instance.instanceId, chosen.map((b) => b.id));
        // As they were, newest first.
        expect(deleted).toEqual([...chosen].sort((a, b) => b.startTime.getTime() - a.startTime.getTime()));
        const gone = new Set(chosen.map((b) => b.id));
        expect(emu.groundTruth.backups(provider, instance.instanceId)).toEqual(before.filter((b) => !gone.has(b.id)));
        for (const id of gone) deletedIds.add(`${instance.instanceId}/${id}`);
      }
      expect(deletedIds.size, provider).toBeGreaterThanOrEqual(8);
      // A full listing through the library (pages, jobs straddling pages, both KVStore lists) equals the truth.
      const after = await listed(provider);
      expectSameBackups(after, emu.groundTruth.backups(provider));
      expect(after.filter((b) => deletedIds.has(`${b.instanceId}/${b.id}`)), provider).toEqual([]);
    }
  });

  it('drops the totals the paged APIs report, a cluster job by all of its shard rows', async () => {
    const rds = emu.groundTruth.instances('aliyun-rds')[1]!.instanceId;
    const rdsTotal = async () => Number(json((await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rds, PageSize: '30' })).body)['TotalRecordCount']);
    const rdsBefore = await rdsTotal();
    const rdsTruth = emu.groundTruth.backups('aliyun-rds', rds);
    emu.deleteBackups('aliyun-rds', rds, [rdsTruth[3]!.id, rdsTruth[4]!.id]);
    expect(await rdsTotal()).toBe(rdsBefore - 2);

    // The classic cluster: one DescribeBackups row per shard of each job.
    const cluster = emu.groundTruth.instances('aliyun-kvstore')[1]!.instanceId;
    const kvTruth = emu.groundTruth.backups('aliyun-kvstore', cluster);
    const shards = kvTruth[0]!.parts!.length;
    expect(shards).toBeGreaterThan(1);
    const kvRows = async () => {
      const body = json((await aliyunRpc(emu, {
        Action: 'DescribeBackups', Version: '2015-01-01', InstanceId: cluster, RegionId: emu.aliyunRegion,
        StartTime: '2010-01-01T00:00Z', EndTime: '2030-01-01T00:00Z', PageSize: '300',
      })).body) as { TotalCount: number; Backups: { Backup: Array<{ BackupId: number; BackupJobID: number }> } };
      return body;
    };
    const kvBefore = await kvRows();
    const job = kvTruth[5]!;
    emu.deleteBackups('aliyun-kvstore', cluster, [job.id]);
    const kvAfter = await kvRows();
    expect(kvAfter.TotalCount).toBe(kvBefore.TotalCount - shards);
    expect(kvAfter.Backups.Backup.filter((r) => String(r.BackupJobID) === job.id)).toEqual([]);
    // The first page: the job's rows left, the rows after them moved up (no gap, no repeat).
    const kept = kvBefore.Backups.Backup.filter((r) => String(r.BackupJobID) !== job.id).map((r) => r.BackupId);
    expect(kept.length).toBe(kvBefore.Backups.Backup.length - shards);
    expect(kvAfter.Backups.Backup.map((r) => r.BackupId).slice(0, kept.length)).toEqual(kept);

    const huawei = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
    const huaweiPage = async () => json((await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: huawei, offset: 0, limit: 100 })).body) as { total_count: number; backups: Array<{ id: string }> };
    const hwBefore = await huaweiPage();
    const hwTruth = emu.groundTruth.backups('huawei-rds', huawei);
    emu.deleteBackups('huawei-rds', huawei, [hwTruth[1]!.id]);
    const hwAfter = await huaweiPage();
    expect(hwAfter.total_count).toBe(hwBefore.total_count - 1);
    const hwKept = hwBefore.backups.map((b) => b.id).filter((id) => id !== hwTruth[1]!.id);
    expect(hwKept.length).toBe(hwBefore.backups.length - 1);
    expect(hwAfter.backups.map((b) => b.id).slice(0, hwKept.length)).toEqual(hwKept);
  });

  it("changes the ground truth's audit: deleting the newest successes ages the newest one left", async () => {
    const now = new Date(ANCHOR.getTime() + 60_000);
    const id = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
    const age = () => emu.groundTruth.audit({ now, rules: { maxAge: true } }).find((f) => f.instanceId === id)!.observed!;
    const before = age();
    const truth = emu.groundTruth.backups('huawei-rds', id);
    const newestSuccess = truth.findIndex((b) => b.status === 'success');
    // Everything up to and including the newest success: the newest success left is an older one.
    const removed = truth.slice(0, newestSuccess + 1);
    emu.deleteBackups('huawei-rds', id, removed.map((b) => b.id));
    const left = emu.groundTruth.backups('huawei-rds', id).find((b) => b.status === 'success')!;
    expect(age()).toBe(now.getTime() - (left.endTime ?? left.startTime).getTime());
    expect(age()).toBeGreaterThan(before);
  });

  it('refuses, deleting nothing, an unknown provider, instance or id, an id deleted before and a shard row of a job', () => {
    const rds = emu.groundTruth.instances('aliyun-rds')[2]!.instanceId;
    const truth = emu.groundTruth.backups('aliyun-rds', rds);
    expect(() => emu.deleteBackups('aliyun-rds', 'rm-nope', [truth[0]!.id])).toThrow(RangeError);
    expect(() => emu.deleteBackups('aliyun-rds', 'rm-nope', [truth[0]!.id])).toThrow(/no aliyun-rds instance rm-nope/);
    expect(() => emu.deleteBackups('oracle-rds' as ProviderName, rds, [truth[0]!.id])).toThrow(/no provider oracle-rds/);
    expect(() => emu.deleteBackups('aliyun-rds', rds, [truth[0]!.id, 'never-there'])).toThrow(/has no backup "never-there"/);
    expect(emu.groundTruth.backups('aliyun-rds', rds)).toEqual(truth);

    expect(emu.deleteBackups('aliyun-rds', rds, [truth[2]!.id, truth[2]!.id])).toEqual([truth[2]]);
    expect(() => emu.deleteBackups('aliyun-rds', rds, [truth[2]!.id])).toThrow(new RegExp(`has no backup "${truth[2]!.id}"`));
    expect(emu.deleteBackups('aliyun-rds', rds, [])).toEqual([]);

    const cluster = emu.groundTruth.instances('aliyun-kvstore')[1]!.instanceId;
    const job = emu.groundTruth.backups('aliyun-kvstore', cluster)[0]!;
    const shardRow = job.parts![1]!.id;
    expect(shardRow).not.toBe(job.id);
    expect(() => emu.deleteBackups('aliyun-kvstore', cluster, [shardRow])).toThrow(RangeError);
    expect(emu.groundTruth.backups('aliyun-kvstore', cluster)[0]).toEqual(job);
  });

  it('lets drift go on after the newest backup was deleted: new ids, newer starts, nothing repeated', async () => {
    const id = emu.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
    const before = emu.groundTruth.backups('capitalonline-mysql', id);
    emu.deleteBackups('capitalonline-mysql', id, [before[0]!.id]);
    const added = emu.addBackups('capitalonline-mysql', id, 2);
    const after = emu.groundTruth.backups('capitalonline-mysql', id);
    expect(after).toEqual([...added, ...before.slice(1)]);
    expect(new Set(after.map((b) => b.id)).size).toBe(after.length);
    expect(added.some((b) => b.id === before[0]!.id)).toBe(false);
    expectSameBackups(await listed('capitalonline-mysql'), emu.groundTruth.backups('capitalonline-mysql'));
  });
});
