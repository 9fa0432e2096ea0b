import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatedBackup, ProviderName, RunningEmulator } from '../../src/emulator/index.js';
import { DEFAULT_ANCHOR_TIME, startEmulator } from '../../src/emulator/index.js';
import { capitalOnlineGet, huaweiGet } from './helpers.js';

const PROVIDERS: ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
const running: RunningEmulator[] = [];
async function start(opts: Parameters<typeof startEmulator>[0]) {
  // The plain shapes: these tests count rows per instance and read the plain record forms.
  const emu = await startEmulator({ shapes: 'none', ...opts });
  running.push(emu);
  return emu;
}
afterAll(async () => {
  await Promise.all(running.map((e) => e.close()));
});

const snapshot = (emu: RunningEmulator) =>
  PROVIDERS.map((p) => ({ instances: emu.groundTruth.instances(p), backups: emu.groundTruth.backups(p) }));

describe('determinism', () => {
  it('two emulators with the same seed hold and serve identical data', async () => {
    const a = await start({ seed: 42 });
    const b = await start({ seed: 42 });
    expect(snapshot(a)).toEqual(snapshot(b));
    const id = a.groundTruth.instances('capitalonline-mysql')[1]!.instanceId;
    const [ra, rb] = [await capitalOnlineGet(a, 'DescribeBackups', { InstanceUuid: id }), await capitalOnlineGet(b, 'DescribeBackups', { InstanceUuid: id })];
    expect(ra.body).toBe(rb.body);
    expect(a.huaweiProjectId).toBe(b.huaweiProjectId);
  });

  it('a different seed gives different data', async () => {
    const a = await start({ seed: 42 });
    const c = await start({ seed: 43 });
    for (const p of PROVIDERS) {
      expect(a.groundTruth.instances(p).map((i) => i.instanceId)).not.toEqual(c.groundTruth.instances(p).map((i) => i.instanceId));
    }
  });

  it('reading ground truth in any order gives the same histories (per-instance streams)', async () => {
    const a = await start({ seed: 9, instances: 3 });
    const b = await start({ seed: 9, instances: 3 });
    const ids = a.groundTruth.instances('huawei-rds').map((i) => i.instanceId);
    const forward = ids.map((id) => a.groundTruth.backups('huawei-rds', id));
    const backward = [...ids].reverse().map((id) => b.groundTruth.backups('huawei-rds', id)).reverse();
    expect(forward).toEqual(backward);
  });
});

describe('shape of the data', () => {
  it('defaults: 3 instances x 40 backups per provider, newest just before the start time (the present)', async () => {
    const before = Date.now();
    const emu = await start({});
    const anchor = emu.anchorTime.getTime();
    // The default anchor is the start time, floored to the second (every API states whole seconds).
    expect(anchor % 1000).toBe(0);
    expect(anchor).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(anchor).toBeLessThanOrEqual(Date.now());
    const ages: number[] = [];
    for (const p of PROVIDERS) {
      const instances = emu.groundTruth.instances(p);
      expect(instances).toHaveLength(3);
      for (const inst of instances) {
        const backups = emu.groundTruth.backups(p, inst.instanceId);
        expect(backups).toHaveLength(40);
        const newest = backups[0]!;
        expect(newest.startTime.getTime()).toBeLessThan(anchor);
        ages.push(anchor - (newest.endTime ?? newest.startTime).getTime());
        expect((newest.endTime ?? newest.startTime).getTime()).toBeLessThan(anchor);
        for (let i = 1; i < backups.length; i++) expect(backups[i]!.startTime.getTime()).toBeLessThan(backups[i - 1]!.startTime.getTime());
        expect(inst.createdAt.getTime()).toBeLessThan(backups[backups.length - 1]!.startTime.getTime());
      }
    }
    // Backups end minutes before the anchor, except where an audit scenario stopped them two days earlier.
    const day = 86_400_000;
    expect(ages.filter((a) => a < day).length).toBeGreaterThanOrEqual(9);
    expect(ages.filter((a) => a >= day).every((a) => a > 2 * day && a < 2 * day + 3_600_000)).toBe(true);
    expect(ages.some((a) => a > 2 * day)).toBe(true);
  });

  it('the same seed and anchor give the same data; another anchor shifts the times and keeps everything else', async () => {
    const a = await start({ seed: 4, anchorTime: DEFAULT_ANCHOR_TIME });
    const b = await start({ seed: 4, anchorTime: new Date(DEFAULT_ANCHOR_TIME.getTime() + 86_400_000 + 123) });
    expect(b.anchorTime.getTime()).toBe(DEFAULT_ANCHOR_TIME.getTime() + 86_400_000);
    for (const p of PROVIDERS) {
      const [ta, tb] = [a.groundTruth.backups(p), b.groundTruth.backups(p)];
      expect(tb.map((x) => x.id)).toEqual(ta.map((x) => x.id));
      expect(tb.map((x) => x.sizeBytes)).toEqual(ta.map((x) => x.sizeBytes));
      expect(tb.map((x) => x.startTime.getTime() - 86_400_000)).toEqual(ta.map((x) => x.startTime.getTime()));
    }
  });

  it('per-provider counts and a custom anchor', async () => {
    const anchorTime = new Date('2025-01-15T12:00:00Z');
    const emu = await start({ instances: { 'aliyun-rds': 5, 'huawei-rds': 0 }, backupsPerInstance: { 'capitalonline-mysql': 7 }, anchorTime });
    expect(emu.anchorTime).toEqual(anchorTime);
    expect(emu.groundTruth.instances('aliyun-rds')).toHaveLength(5);
    expect(emu.groundTruth.instances('huawei-rds')).toHaveLength(0);
    expect(emu.groundTruth.backups('capitalonline-mysql')).toHaveLength(21);
    const newest = emu.groundTruth.backups('aliyun-rds')[0]!;
    expect(newest.startTime.getTime()).toBeLessThan(anchorTime.getTime());
    expect(anchorTime.getTime() - newest.startTime.getTime()).toBeLessThan(86_400_000);
  });

  it('holds a realistic mix: daily automated fulls, manual, incremental, differential, failed and running ones', async () => {
    const emu = await start({ seed: 3, instances: 12, backupsPerInstance: 120 });
    const all = (p: ProviderName) => emu.groundTruth.backups(p);
    const values = (list: EmulatedBackup[], key: 'status' | 'mode' | 'type' | 'method') => new Set(list.map((b) => b[key]));
    expect(values(all('aliyun-rds'), 'status')).toEqual(new Set(['success', 'failed']));
    expect(values(all('aliyun-rds'), 'mode')).toEqual(new Set(['automated', 'manual']));
    expect(values(all('aliyun-rds'), 'type')).toEqual(new Set(['full', 'incremental']));
    expect(values(all('aliyun-rds'), 'method')).toEqual(new Set(['physical', 'logical', 'snapshot']));
    expect(values(all('huawei-rds'), 'type')).toEqual(new Set(['full', 'incremental', 'differential']));
    expect(values(all('huawei-rds'), 'status')).toEqual(new Set(['success', 'failed', 'running', 'deleting']));
    expect(values(all('capitalonline-mysql'), 'method')).toEqual(new Set(['physical', 'logical']));
    expect(new Set(emu.groundTruth.instances('aliyun-rds').map((i) => i.engine))).toEqual(new Set(['MySQL', 'PostgreSQL', 'SQLServer']));
    expect(new Set(emu.groundTruth.instances('aliyun-kvstore').map((i) => i.engine))).toEqual(new Set(['Redis']));
    // Daily automated fulls: about one per 24 h per instance.
    const inst = emu.groundTruth.instances('aliyun-rds')[0]!.instanceId;
    const fulls = emu.groundTruth.backups('aliyun-rds', inst).filter((b) => b.mode === 'automated' && b.type === 'full');
    for (let i = 1; i < fulls.length; i++) {
      const gap = fulls[i - 1]!.startTime.getTime() - fulls[i]!.startTime.getTime();
      expect(gap).toBeGreaterThan(23 * 3_600_000);
      expect(gap).toBeLessThan(25 * 3_600_000);
    }
    // Huawei sizes are whole KB; running backups have no end.
    for (const b of all('huawei-rds')) {
      expect(b.sizeBytes! % 1024).toBe(0);
      if (b.status === 'running') expect(b.endTime).toBeUndefined();
    }
  });

  it('builds large datasets lazily (1M backups) and serves a page without materializing everything', async () => {
    const emu = await start({ instances: 25, backupsPerInstance: 10_000 });
    const id = emu.groundTruth.instances('huawei-rds')[24]!.instanceId;
    const res = await huaweiGet(emu, `/v3/{project_id}/backups`, { instance_id: id, offset: 9_990, limit: 100 });
    const body = JSON.parse(res.body) as { backups: unknown[]; total_count: number };
    expect(body.total_count).toBe(10_000);
    expect(body.backups).toHaveLength(10);
  });
});
