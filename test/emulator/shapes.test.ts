import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedBackup, RunningEmulator } from '../../src/emulator/index.js';
import { partsOf } from '../../src/emulator/aliyun/kvstore-parts.js';
import { startEmulator } from '../../src/emulator/index.js';
import { Kvstore, aliyunRpc, capitalOnlineGet, huaweiGet, kvstoreClient, sdkFailure } from './helpers.js';

const ANCHOR = new Date('2026-06-01T00:00:00Z');
const ALL_TIME = { StartTime: '2010-01-01T00:00Z', EndTime: '2030-01-01T00:00Z' };
type Row = Record<string, unknown>;

let emu: RunningEmulator;
let plain: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 12, anchorTime: ANCHOR, instances: 3, backupsPerInstance: 120, shapes: 'all' });
  plain = await startEmulator({ seed: 12, anchorTime: ANCHOR, instances: 3, backupsPerInstance: 120, shapes: 'none' });
});
afterAll(async () => {
  await Promise.all([emu.close(), plain.close()]);
});

const instance = (e: RunningEmulator, p: Parameters<RunningEmulator['groundTruth']['instances']>[0], i: number) => e.groundTruth.instances(p)[i]!;
const rdsPage = async (e: RunningEmulator, id: string, extra: Record<string, string> = {}) =>
  JSON.parse((await aliyunRpc(e, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: id, ...extra })).body) as { TotalRecordCount: string; PageRecordCount: string; Items: { Backup: Row[] } };
const kvPage = async (e: RunningEmulator, id: string, extra: Record<string, string> = {}) =>
  JSON.parse((await aliyunRpc(e, { Action: 'DescribeBackups', Version: '2015-01-01', InstanceId: id, ...ALL_TIME, ...extra })).body) as { TotalCount: number; PageSize: number; Backups: { Backup: Row[] } };

/** All rows of a KVStore instance, page by page at `pageSize`, with the page each row came on. */
async function allKvRows(e: RunningEmulator, id: string, pageSize: number) {
  const rows: Array<{ row: Row; page: number }> = [];
  for (let page = 1; ; page++) {
    const body = await kvPage(e, id, { PageSize: String(pageSize), PageNumber: String(page) });
    rows.push(...body.Backups.Backup.map((row) => ({ row, page })));
    if (body.Backups.Backup.length === 0 || rows.length >= body.TotalCount) return rows;
  }
}

describe("shapes: 'none'", () => {
  it('serves the plain shapes: no cluster rows, no availability fields, every list body present', async () => {
    const rds = await rdsPage(plain, instance(plain, 'aliyun-rds', 0).instanceId);
    expect(rds.Items.Backup.every((b) => !('ExpectExpireTime' in b) && b['StorageClass'] === '0')).toBe(true);
    for (const inst of plain.groundTruth.instances('aliyun-kvstore')) {
      expect(inst.raw['NodeType'] === 'MASTER_SLAVE' && inst.raw['ArchitectureType'] === 'cluster').toBe(false);
      const truth = plain.groundTruth.backups('aliyun-kvstore', inst.instanceId);
      expect(truth).toHaveLength(120);
      expect(truth.every((b) => b.parts?.length === 1)).toBe(true);
    }
    for (const inst of plain.groundTruth.instances('huawei-rds')) expect(plain.groundTruth.backups('huawei-rds', inst.instanceId)).toHaveLength(120);
  });
});

describe('pageSizeCap', () => {
  it('RDS: PageSize 100 serves 50 rows, pages counted in 50s, the total true', async () => {
    const id = instance(emu, 'aliyun-rds', 0).instanceId;
    const truth = emu.groundTruth.backups('aliyun-rds', id);
    const p1 = await rdsPage(emu, id, { PageSize: '100' });
    const p2 = await rdsPage(emu, id, { PageSize: '100', PageNumber: '2' });
    expect([p1.TotalRecordCount, p1.PageRecordCount]).toEqual(['120', '50']);
    expect([...p1.Items.Backup, ...p2.Items.Backup].map((b) => b['BackupId'])).toEqual(truth.slice(0, 100).map((b) => b.id));
    expect((await rdsPage(emu, id, { PageSize: '30' })).Items.Backup).toHaveLength(30);
  });

  it('KVStore: PageSize 300 serves 100 rows and still echoes 300; Huawei: limit 100 serves 50 from the offset', async () => {
    const kv = await kvPage(emu, instance(emu, 'aliyun-kvstore', 0).instanceId, { PageSize: '300' });
    expect([kv.Backups.Backup.length, kv.PageSize, kv.TotalCount]).toEqual([100, 300, 120]);
    const hw = instance(emu, 'huawei-rds', 0).instanceId;
    const body = JSON.parse((await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hw, offset: 10, limit: 100 })).body) as { backups: Row[]; total_count: number };
    expect([body.backups.length, body.total_count]).toEqual([50, 120]);
    expect(body.backups.map((b) => b['id'])).toEqual(emu.groundTruth.backups('huawei-rds', hw).slice(10, 60).map((b) => b.id));
  });

  it('takes a number or per-provider caps, and refuses a bad one', async () => {
    const custom = await startEmulator({ seed: 12, anchorTime: ANCHOR, instances: 1, backupsPerInstance: 80, shapes: { pageSizeCap: { 'aliyun-rds': 30 } } });
    try {
      expect((await rdsPage(custom, instance(custom, 'aliyun-rds', 0).instanceId, { PageSize: '50' })).Items.Backup).toHaveLength(30);
      expect((await kvPage(custom, instance(custom, 'aliyun-kvstore', 0).instanceId, { PageSize: '50' })).Backups.Backup).toHaveLength(50);
    } finally {
      await custom.close();
    }
    await expect(startEmulator({ shapes: { pageSizeCap: 0 } })).rejects.toThrow(/pageSizeCap/);
  });
});

describe('kvstoreClusters', () => {
  const cluster = () => instance(emu, 'aliyun-kvstore', 1);

  it('DescribeInstances says classic cluster; DescribeBackups serves one row per shard per job, adjacent, straddling pages', async () => {
    const inst = cluster();
    expect(inst.raw).toMatchObject({ ArchitectureType: 'cluster', NodeType: 'double' });
    const shards = inst.raw['ShardCount'] as number;
    expect(shards).toBeGreaterThanOrEqual(4);
    const rows = await allKvRows(emu, inst.instanceId, 30);
    expect(rows).toHaveLength(120 * shards);
    expect(new Set(rows.map((r) => r.row['BackupId'])).size).toBe(rows.length);
    // Rows of one job are adjacent: each job id forms one run.
    const runs = rows.map((r) => r.row['BackupJobID']).filter((j, i, a) => i === 0 || a[i - 1] !== j);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs).toHaveLength(120);
    const byJob = new Map<unknown, typeof rows>();
    for (const r of rows) byJob.set(r.row['BackupJobID'], [...(byJob.get(r.row['BackupJobID']) ?? []), r]);
    for (const group of byJob.values()) {
      expect(group).toHaveLength(shards);
      expect(new Set(group.map((r) => r.row['NodeInstanceId'])).size).toBe(shards);
    }
    expect([...byJob.values()].some((g) => new Set(g.map((r) => r.page)).size > 1)).toBe(true);
  });

  it('the truth is one backup per job: the job id, parts by node id, summed size, worst status, min start, max end', async () => {
    const inst = cluster();
    const rows = await allKvRows(emu, inst.instanceId, 300);
    const truth = emu.groundTruth.backups('aliyun-kvstore', inst.instanceId);
    expect(truth).toHaveLength(120);
    const severity = { Success: 0, Failed: 4 } as Record<string, number>;
    for (const b of truth) {
      const group = rows.map((r) => r.row).filter((r) => String(r['BackupJobID']) === b.id);
      expect(b.parts!.map((p) => p.id).sort()).toEqual(group.map((r) => String(r['BackupId'])).sort());
      const nodeIds = b.parts!.map((p) => p.nodeId!);
      expect(nodeIds).toEqual([...nodeIds].sort());
      expect(b.sizeBytes).toBe(group.reduce((s, r) => s + (r['BackupSize'] as number), 0));
      expect(b.startTime.getTime()).toBe(Math.min(...group.map((r) => Date.parse(r['BackupStartTime'] as string))));
      expect(b.endTime!.getTime()).toBe(Math.max(...group.map((r) => Date.parse(r['BackupEndTime'] as string))));
      const worst = group.reduce((w, r) => Math.max(w, severity[String(r['BackupStatus']).replace(/^./, (c) => c.toUpperCase())] ?? 0), 0);
      expect(b.status).toBe(worst === 4 ? 'failed' : 'success');
      expect(b.raw['BackupId']).toBe(Number(b.parts![0]!.id));
    }
  });

  it('a failed job has one failed shard and the others succeeded; shard sizes add up exactly', () => {
    const inst = { id: 'r-x', extra: { kind: 'cluster', shardCount: 8 } } as unknown as Parameters<typeof partsOf>[0];
    const failed = partsOf(inst, { numericId: 1000, jobId: 7, status: 'failed', start: 0, end: 60_000, sizeBytes: 0, r: 12345 } as never, 8);
    expect(failed.filter((p) => p.status === 'failed')).toHaveLength(1);
    expect(failed.filter((p) => p.status === 'success')).toHaveLength(7);
    const ok = partsOf(inst, { numericId: 1000, jobId: 7, status: 'success', start: 0, end: 60_000, sizeBytes: 1_000_003, r: 987654 } as never, 8);
    expect(ok.reduce((s, p) => s + p.sizeBytes, 0)).toBe(1_000_003);
    expect(Math.min(...ok.map((p) => p.start))).toBe(0);
    expect(Math.max(...ok.map((p) => p.end!))).toBe(60_000);
    expect(new Set(ok.map((p) => p.id)).size).toBe(8);
  });

  it('filters by BackupJobId (the job\'s rows) and BackupId (one shard\'s row)', async () => {
    const inst = cluster();
    const job = emu.groundTruth.backups('aliyun-kvstore', inst.instanceId)[3]!;
    const byJob = await kvPage(emu, inst.instanceId, { BackupJobId: job.id, PageSize: '100' });
    expect(byJob.TotalCount).toBe(job.parts!.length);
    const part = job.parts![2]!;
    const byId = await kvPage(emu, inst.instanceId, { BackupId: part.id });
    expect(byId.Backups.Backup.map((r) => [r['BackupId'], r['NodeInstanceId']])).toEqual([[Number(part.id), part.nodeId]]);
  });
});

describe('kvstoreCloudNative', () => {
  const nativeInst = () => instance(emu, 'aliyun-kvstore', 2);

  it('DescribeInstances marks it (cluster, MASTER_SLAVE); DescribeBackups lists nothing for it', async () => {
    const inst = nativeInst();
    expect(inst.raw).toMatchObject({ ArchitectureType: 'cluster', NodeType: 'MASTER_SLAVE' });
    expect(await kvPage(emu, inst.instanceId)).toMatchObject({ TotalCount: 0, Backups: { Backup: [] } });
  });

  it('DescribeClusterBackupList (official SDK, GET) pages its backups in the real shape, ending on a short page', async () => {
    const inst = nativeInst();
    const truth = emu.groundTruth.backups('aliyun-kvstore', inst.instanceId);
    expect(truth).toHaveLength(120);
    const client = kvstoreClient(emu);
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await client.describeClusterBackupList(new Kvstore.DescribeClusterBackupListRequest({
        regionId: inst.region, instanceId: inst.instanceId, startTime: '2010-01-01T00:00Z', endTime: '2030-01-01T00:00Z', pageSize: 50, pageNumber: page,
      }));
      const items = res.body?.clusterBackups ?? [];
      seen.push(...items.map((c) => c.clusterBackupId!));
      if (items.length < 50) break;
    }
    expect(seen).toEqual(truth.map((b) => b.id));
    const raw = JSON.parse((await aliyunRpc(emu, { Action: 'DescribeClusterBackupList', Version: '2015-01-01', RegionId: inst.region, InstanceId: inst.instanceId, ...ALL_TIME, PageSize: '5' })).body) as Row;
    expect(raw).not.toHaveProperty('TotalCount');
    const item = (raw['ClusterBackups'] as Row[])[0]!;
    expect(item).toMatchObject({ ClusterBackupId: expect.stringMatching(/^cb-[0-9a-z]{16}$/), ClusterBackupSize: expect.any(String), IsAvail: expect.any(Number) });
    const shard = (item['Backups'] as Row[])[0]!;
    expect(shard).toMatchObject({ BackupId: expect.any(String), BackupSize: expect.any(String), IsAvail: expect.stringMatching(/^[01]$/), Engine: 'redis' });
    const b = truth[0]!;
    expect([b.type, b.method]).toEqual(['full', 'unknown']);
    expect(b.sizeBytes).toBe(Number(item['ClusterBackupSize']));
    expect(b.parts).toHaveLength(inst.raw['ShardCount'] as number);
  });

  it('answers only GET, needs RegionId, lists nothing for other instances, and can leave shards out', async () => {
    const inst = nativeInst();
    const api = { Action: 'DescribeClusterBackupList', Version: '2015-01-01', RegionId: inst.region, InstanceId: inst.instanceId, ...ALL_TIME };
    const post = await aliyunRpc(emu, api, { method: 'POST' });
    expect([post.status, (JSON.parse(post.body) as Row)['Code']]).toEqual([403, 'UnsupportedHTTPMethod']);
    const noRegion = await sdkFailure(kvstoreClient(emu).describeClusterBackupList(new Kvstore.DescribeClusterBackupListRequest({ instanceId: inst.instanceId, startTime: '2010-01-01T00:00Z', endTime: '2030-01-01T00:00Z' })));
    expect([noRegion.statusCode, noRegion.code]).toEqual([400, 'MissingRegionId']);
    const standard = instance(emu, 'aliyun-kvstore', 0);
    const none = JSON.parse((await aliyunRpc(emu, { ...api, InstanceId: standard.instanceId })).body) as Row;
    expect(none['ClusterBackups']).toEqual([]);
    const lean = JSON.parse((await aliyunRpc(emu, { ...api, NoShardBackup: 'true', PageSize: '5' })).body) as { ClusterBackups: Row[] };
    expect(lean.ClusterBackups.every((c) => !('Backups' in c))).toBe(true);
  });
});

describe('capitalOnlineDatabaseBackups', () => {
  it('some backups are of chosen databases; records carry BackupFinishTime, and an empty EndTime falls back to it', async () => {
    const all = emu.groundTruth.backups('capitalonline-mysql');
    const db = all.filter((b) => b.raw['BackupStrategy'] === 'db');
    expect(db.length).toBeGreaterThan(0);
    expect(db.every((b) => b.scope === 'database' && b.method === 'logical')).toBe(true);
    expect(all.every((b) => 'BackupFinishTime' in b.raw)).toBe(true);
    expect(all.some((b) => b.raw['BackupFinishTime'] === '')).toBe(true);
    const blank = all.filter((b) => b.raw['EndTime'] === '');
    expect(blank.length).toBeGreaterThan(0);
    const beijing = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`).getTime();
    for (const b of blank) expect(b.endTime!.getTime()).toBe(beijing(b.raw['BackupFinishTime'] as string));
    expect(all.every((b) => b.site === 'cn' && b.engine === 'mysql')).toBe(true);
    const served = (await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: db[0]!.instanceId })).json.Data as Row[];
    expect(served).toEqual(emu.groundTruth.backups('capitalonline-mysql', db[0]!.instanceId).map((b) => b.raw));
  });
});

describe('lowerCaseEnums', () => {
  it('some Aliyun records spell their enums in lower case; the truth and server-side filters do not change', async () => {
    const id = instance(emu, 'aliyun-rds', 0).instanceId;
    const truth = emu.groundTruth.backups('aliyun-rds', id);
    const lower = truth.filter((b) => b.raw['BackupStatus'] === String(b.raw['BackupStatus']).toLowerCase());
    expect(lower.length).toBeGreaterThan(0);
    expect(lower.length).toBeLessThan(truth.length);
    for (const b of lower) expect([b.raw['BackupMode'], b.raw['BackupMethod'], b.raw['BackupType']].every((v) => v === String(v).toLowerCase())).toBe(true);
    const ok = await rdsPage(emu, id, { BackupStatus: 'Success', PageSize: '100' });
    expect(Number(ok.TotalRecordCount)).toBe(truth.filter((b) => b.status === 'success').length);
    expect(emu.groundTruth.backups('aliyun-kvstore', instance(emu, 'aliyun-kvstore', 0).instanceId).some((b) => b.raw['BackupMode'] === 'automated')).toBe(true);
  });
});

describe('rdsAvailability', () => {
  const all = (): EmulatedBackup[] => emu.groundTruth.backups('aliyun-rds');

  it('IsAvail 0 and archived (StorageClass 1) successes are unavailable; every record has ExpectExpireTime', () => {
    const ok = all().filter((b) => b.status === 'success');
    const notAvail = ok.filter((b) => b.raw['IsAvail'] === 0);
    const archived = ok.filter((b) => b.raw['StorageClass'] === '1');
    expect(notAvail.length).toBeGreaterThan(0);
    expect(archived.length).toBeGreaterThan(0);
    expect([...notAvail, ...archived].every((b) => b.available === false)).toBe(true);
    for (const b of all()) {
      expect(b.raw['ExpectExpireTime']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(b.expiresAt!.getTime()).toBe(Date.parse(b.raw['ExpectExpireTime'] as string));
    }
  });

  it('a set whose expiry has passed is unavailable; the others that say IsAvail 1 are available', () => {
    const now = Date.now();
    const expired = all().filter((b) => b.expiresAt!.getTime() <= now);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((b) => b.available === false)).toBe(true);
    const fine = all().filter((b) => b.raw['IsAvail'] === 1 && b.raw['StorageClass'] === '0' && b.expiresAt!.getTime() > now);
    expect(fine.length).toBeGreaterThan(0);
    expect(fine.every((b) => b.available === true)).toBe(true);
  });

  it('download URLs carry their expiry: OSS V1 Expires, or V4 x-oss-date + x-oss-expires', () => {
    const withUrl = all().filter((b) => b.downloadUrl);
    const v1 = withUrl.filter((b) => /[?&]Expires=\d+/.test(b.downloadUrl!));
    const v4 = withUrl.filter((b) => b.downloadUrl!.includes('x-oss-date='));
    expect(v1.length).toBeGreaterThan(0);
    expect(v4.length).toBeGreaterThan(0);
    for (const b of v1) expect(b.downloadUrlExpiresAt!.getTime()).toBe(Number(new URL(b.downloadUrl!).searchParams.get('Expires')) * 1000);
    for (const b of v4) {
      const q = new URL(b.downloadUrl!).searchParams;
      const d = q.get('x-oss-date')!;
      const start = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
      expect(b.downloadUrlExpiresAt!.getTime()).toBe(start + Number(q.get('x-oss-expires')) * 1000);
    }
    expect(all().filter((b) => !b.downloadUrl).every((b) => b.downloadUrlExpiresAt === undefined)).toBe(true);
  });
});

describe('emptyBodies', () => {
  it('the last instance of Huawei and CapitalOnline has no backups; Huawei says backups null or leaves it out', async () => {
    const hw = emu.groundTruth.instances('huawei-rds');
    expect(emu.groundTruth.backups('huawei-rds', hw[2]!.instanceId)).toEqual([]);
    const body = JSON.parse((await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hw[2]!.instanceId })).body) as Row;
    expect(body['total_count']).toBe(0);
    expect(body['backups'] === null || !('backups' in body)).toBe(true);
    const co = emu.groundTruth.instances('capitalonline-mysql');
    expect(emu.groundTruth.backups('capitalonline-mysql', co[2]!.instanceId)).toEqual([]);
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: co[2]!.instanceId });
    expect(res.json).toMatchObject({ Code: 'Success', Data: {} });
    expect(Array.isArray(res.json.Data)).toBe(false);
  });

  it('both Huawei variants appear across instances, and a page past the end is empty the same way', async () => {
    const variants = new Set<string>();
    const many = await startEmulator({ seed: 12, anchorTime: ANCHOR, accounts: 1, regions: 4, instances: 2, backupsPerInstance: 2, shapes: { emptyBodies: true } });
    try {
      for (const region of many.regions['huawei-rds']) {
        const inst = many.groundTruth.instances('huawei-rds').filter((i) => i.region === region)[1]!;
        const project = many.huaweiProjectIdFor('default', region);
        const body = JSON.parse((await huaweiGet(many, `/v3/${project}/backups`, { instance_id: inst.instanceId }, { projectId: project })).body) as Row;
        variants.add('backups' in body ? String(body['backups']) : 'absent');
      }
      const full = many.groundTruth.instances('huawei-rds')[0]!;
      const past = JSON.parse((await huaweiGet(many, '/v3/{project_id}/backups', { instance_id: full.instanceId, offset: 5 })).body) as Row;
      expect(past['total_count']).toBe(2);
      expect(past['backups'] === null || !('backups' in past)).toBe(true);
    } finally {
      await many.close();
    }
    expect(variants).toEqual(new Set(['null', 'absent']));
  });

  it('one CapitalOnline instance states its Version as a number', async () => {
    const data = (await capitalOnlineGet(emu, 'DescribeDBInstances', {})).json.Data as Row[];
    expect(data.filter((i) => typeof i['Version'] === 'number')).toHaveLength(1);
    const numeric = emu.groundTruth.instances('capitalonline-mysql').find((i) => typeof i.raw['Version'] === 'number')!;
    expect(String(numeric.raw['Version'])).toBe(numeric.engineVersion);
  });
});

describe('ground truth carries the contracts\' fields', () => {
  it('scope, lower-case engine, site, databases and download links per provider', () => {
    for (const b of plain.groundTruth.backups('aliyun-rds')) {
      expect(b.scope).toBe('instance');
      expect(['mysql', 'postgresql', 'sqlserver']).toContain(b.engine);
      expect(b.available).toBe(b.status === 'success');
      if (b.databases) expect(b.method).toBe('logical');
      if (b.downloadUrl) expect(b.downloadUrlExpiresAt!.getTime()).toBe((b.endTime!.getTime() / 1000 + 7 * 86_400) * 1000);
    }
    const hw = plain.groundTruth.backups('huawei-rds');
    expect(hw.every((b) => b.method === 'unknown' && ['mysql', 'postgresql', 'sqlserver'].includes(b.engine!))).toBe(true);
    for (const b of hw.filter((x) => x.databases)) expect(b.scope).toBe(b.mode === 'manual' ? 'database' : 'instance');
    const kv = plain.groundTruth.backups('aliyun-kvstore');
    expect(kv.every((b) => b.engine === 'redis' && b.id === String(b.raw['BackupJobID']) && b.downloadUrlExpiresAt === undefined)).toBe(true);
    // KVStore rows say only when a set expires: expired is unavailable, else nothing is said.
    const now = Date.now();
    expect(kv.every((b) => b.available === (b.expiresAt!.getTime() <= now ? false : undefined))).toBe(true);
    expect(plain.groundTruth.backups('capitalonline-mysql').every((b) => b.site === 'cn' && b.scope === 'instance')).toBe(true);
  });
});
