import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderName, RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { Kvstore, Rds, aliyunRpc, capitalOnlineGet, huaweiGet, kvstoreClient, rdsClient, sdkFailure } from './helpers.js';

const PROVIDERS: ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
const ANCHOR = new Date('2026-06-01T00:00:00Z');
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 3, anchorTime: ANCHOR, accounts: 2, regions: 3, instances: 2, backupsPerInstance: 5 });
});
afterAll(async () => {
  await emu.close();
});

const keysOf = (i: number) => {
  const c = emu.accounts[i]!.credentials;
  return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
};
const instancesOf = (p: ProviderName, account: string, region?: string) =>
  emu.groundTruth.instances(p).filter((i) => i.account === account && (region === undefined || i.region === region));

describe('defaults keep a single account and region', () => {
  it('one account named default holding emu.credentials, one region per provider, the old project id', async () => {
    const one = await startEmulator({ seed: 3, anchorTime: ANCHOR, instances: 1, backupsPerInstance: 1 });
    try {
      expect(one.accounts.map((a) => a.name)).toEqual(['default']);
      expect(one.accounts[0]!.credentials).toEqual(one.credentials);
      expect(one.regions).toEqual({
        'aliyun-rds': ['cn-hangzhou'], 'aliyun-kvstore': ['cn-hangzhou'], 'huawei-rds': ['cn-north-4'], 'capitalonline-mysql': ['CN_Beijing_A'],
      });
      expect(one.huaweiProjectIdFor('default', 'cn-north-4')).toBe(one.huaweiProjectId);
      expect(one.aliyunRegion).toBe('cn-hangzhou');
      expect(one.huaweiRegion).toBe('cn-north-4');
    } finally {
      await one.close();
    }
  });

  it('the first account and region hold exactly what a single-scope emulator holds', async () => {
    const single = await startEmulator({ seed: 3, anchorTime: ANCHOR, instances: 2, backupsPerInstance: 5 });
    try {
      for (const p of PROVIDERS) {
        const first = instancesOf(p, 'default', emu.regions[p][0]).map((i) => i.instanceId);
        expect(first).toEqual(single.groundTruth.instances(p).map((i) => i.instanceId));
        expect(emu.groundTruth.backups(p, first[0]!)).toEqual(single.groundTruth.backups(p, first[0]!));
      }
    } finally {
      await single.close();
    }
  });
});

describe('accounts x regions', () => {
  it('holds `instances` per provider in each account x region; truth carries account and region', () => {
    expect(emu.accounts.map((a) => a.name)).toEqual(['default', 'account-2']);
    expect(emu.regions['aliyun-rds']).toEqual(['cn-hangzhou', 'cn-beijing', 'cn-shanghai']);
    expect(emu.regions['capitalonline-mysql']).toEqual(['CN_Beijing_A', 'CN_Hongkong_A', 'US_NewYork_A']);
    for (const p of PROVIDERS) {
      const all = emu.groundTruth.instances(p);
      expect(all).toHaveLength(2 * 3 * 2);
      expect(new Set(all.map((i) => i.instanceId)).size).toBe(all.length);
      for (const account of ['default', 'account-2']) {
        for (const region of emu.regions[p]) expect(instancesOf(p, account, region), `${p} ${account} ${region}`).toHaveLength(2);
      }
      for (const b of emu.groundTruth.backups(p)) {
        const inst = all.find((i) => i.instanceId === b.instanceId)!;
        expect([b.account, b.region]).toEqual([inst.account, inst.region]);
      }
    }
    // Aliyun ids carry the region's infix (rm-bp1… Hangzhou, rm-2ze… Beijing).
    expect(instancesOf('aliyun-kvstore', 'default', 'cn-beijing').every((i) => i.instanceId.startsWith('r-2ze'))).toBe(true);
  });

  it('accounts have distinct keys, Aliyun ids and role ARNs', () => {
    const [a, b] = emu.accounts;
    expect(a!.credentials.accessKeyId).not.toBe(b!.credentials.accessKeyId);
    expect(a!.aliyunUid).toMatch(/^\d{16}$/);
    expect(b!.roleArn).toBe(`acs:ram::${b!.aliyunUid}:role/cloud-backups-reader`);
  });

  it("an account's keys list only its own instances, and another account's instance does not exist for them", async () => {
    const mine = await rdsClient(emu, keysOf(1)).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: 'cn-beijing' }));
    expect(mine.body?.items?.DBInstance?.map((i) => i.DBInstanceId)).toEqual(instancesOf('aliyun-rds', 'account-2', 'cn-beijing').map((i) => i.instanceId));
    const other = instancesOf('aliyun-rds', 'default')[0]!.instanceId;
    const f = await sdkFailure(rdsClient(emu, keysOf(1)).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: other })));
    expect([f.statusCode, f.code]).toEqual([400, 'InvalidDBInstanceId.NotFound']);
    const kv = await kvstoreClient(emu, keysOf(1)).describeInstances(new Kvstore.DescribeInstancesRequest({ regionId: 'cn-shanghai' }));
    expect(kv.body?.instances?.KVStoreInstance?.map((i) => i.instanceId)).toEqual(instancesOf('aliyun-kvstore', 'account-2', 'cn-shanghai').map((i) => i.instanceId));
    const co = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instancesOf('capitalonline-mysql', 'default', 'CN_Beijing_A')[0]!.instanceId },
      { accessKeyId: keysOf(1).accessKeyId, secret: keysOf(1).accessKeySecret });
    expect([co.status, co.json.Code]).toEqual([404, 'ResourceNotFound']);
  });
});

describe('region discovery', () => {
  it('RDS DescribeRegions (official SDK): one row per zone, the region repeating, English by default', async () => {
    const res = await rdsClient(emu).describeRegions(new Rds.DescribeRegionsRequest({}));
    const rows = res.body?.regions?.RDSRegion ?? [];
    const hangzhou = rows.filter((r) => r.regionId === 'cn-hangzhou');
    expect(hangzhou.length).toBeGreaterThan(1);
    expect(new Set(hangzhou.map((r) => r.zoneId)).size).toBe(hangzhou.length);
    expect(hangzhou[0]).toMatchObject({ localName: 'China (Hangzhou)', regionEndpoint: 'rds.aliyuncs.com', zoneName: expect.stringMatching(/^Hangzhou Zone [A-Z]$/) });
    for (const r of emu.regions['aliyun-rds']) expect(rows.some((x) => x.regionId === r)).toBe(true);
    const zh = await rdsClient(emu).describeRegions(new Rds.DescribeRegionsRequest({ acceptLanguage: 'zh-CN' }));
    expect(zh.body?.regions?.RDSRegion?.[0]?.localName).toBe('华东1（杭州）');
  });

  it('KVStore DescribeRegions (official SDK): one row per region with its zones, Chinese by default', async () => {
    const res = await kvstoreClient(emu).describeRegions(new Kvstore.DescribeRegionsRequest({}));
    const rows = res.body?.regionIds?.KVStoreRegion ?? [];
    expect(new Set(rows.map((r) => r.regionId)).size).toBe(rows.length);
    const hz = rows.find((r) => r.regionId === 'cn-hangzhou')!;
    expect(hz.localName).toBe('华东1（杭州）');
    expect(hz.zoneIdList?.zoneId?.length).toBeGreaterThan(1);
    expect(hz.zoneIds).toBe(hz.zoneIdList?.zoneId?.join(','));
  });

  it('Huawei KeystoneListAuthProjects: per account, one project per region named after it, plus a sub-project', async () => {
    const list = async (i: number) => json((await huaweiGet(emu, '/v3/auth/projects', {}, { ak: keysOf(i).accessKeyId, sk: keysOf(i).accessKeySecret, projectId: null })).body) as {
      links: { self: string }; projects: Array<{ id: string; name: string; parent_id: string; domain_id: string; is_domain: boolean; enabled: boolean; links: { self: string } }>;
    };
    const [a, b] = [await list(0), await list(1)];
    expect(a.links.self).toBe(`${emu.url}/v3/auth/projects`);
    for (const [i, body] of [a, b].entries()) {
      const account = emu.accounts[i]!.name;
      const regionProjects = body.projects.filter((p) => p.parent_id === p.domain_id);
      const subs = body.projects.filter((p) => p.parent_id !== p.domain_id);
      for (const region of emu.regions['huawei-rds']) {
        expect(regionProjects.find((p) => p.name === region)?.id).toBe(emu.huaweiProjectIdFor(account, region));
      }
      expect(subs.length).toBeGreaterThan(0);
      for (const s of subs) {
        expect(s.name).toMatch(/^[a-z0-9-]+_/);
        expect(regionProjects.map((p) => p.id)).toContain(s.parent_id);
      }
      expect(body.projects.every((p) => p.is_domain === false && p.enabled && p.links.self.endsWith(`/v3/projects/${p.id}`))).toBe(true);
    }
    expect(a.projects[0]!.domain_id).not.toBe(b.projects[0]!.domain_id);
    expect(emu.huaweiProjectIdFor('account-2', 'cn-east-3')).not.toBe(emu.huaweiProjectIdFor('default', 'cn-east-3'));
    expect(() => emu.huaweiProjectIdFor('nobody', 'cn-east-3')).toThrow();
  });

  it('Huawei: a project decides account and region; a sub-project holds nothing; another account\'s project is refused', async () => {
    const ak = { ak: keysOf(1).accessKeyId, sk: keysOf(1).accessKeySecret };
    const region = emu.regions['huawei-rds'][1]!;
    const project = emu.huaweiProjectIdFor('account-2', region);
    const listed = json((await huaweiGet(emu, `/v3/${project}/instances`, {}, { ...ak, projectId: project })).body) as { instances: Array<{ id: string; region: string }> };
    expect(listed.instances.map((i) => i.id)).toEqual(instancesOf('huawei-rds', 'account-2', region).map((i) => i.instanceId));
    expect(listed.instances.every((i) => i.region === region)).toBe(true);
    // An instance of another region is not in this project.
    const elsewhere = instancesOf('huawei-rds', 'account-2', emu.regions['huawei-rds'][0])[0]!.instanceId;
    const nf = await huaweiGet(emu, `/v3/${project}/backups`, { instance_id: elsewhere }, { ...ak, projectId: project });
    expect([nf.status, json(nf.body)['error_code']]).toEqual([404, 'DBS.200002']);
    const auth = json((await huaweiGet(emu, '/v3/auth/projects', {}, { ...ak, projectId: null })).body) as { projects: Array<{ id: string; parent_id: string; domain_id: string }> };
    const sub = auth.projects.find((p) => p.parent_id !== p.domain_id)!;
    const empty = json((await huaweiGet(emu, `/v3/${sub.id}/instances`, {}, { ...ak, projectId: sub.id })).body);
    expect(empty).toMatchObject({ instances: [], total_count: 0 });
    const foreign = await huaweiGet(emu, `/v3/${emu.huaweiProjectId}/instances`, {}, { ...ak, projectId: emu.huaweiProjectId });
    expect([foreign.status, json(foreign.body)['error_code']]).toEqual([403, 'APIGW.0302']);
    // The old by-name lookup still answers, per account.
    const byName = json((await huaweiGet(emu, '/v3/projects', { name: region }, { ...ak, projectId: null })).body) as { projects: Array<{ id: string }> };
    expect(byName.projects.map((p) => p.id)).toEqual([project]);
  });

  it('CapitalOnline: /mysql is site cn, /{site}/mysql the others; each lists its regions\' instances with RegionId', async () => {
    const bySite = async (path: string) => ((await capitalOnlineGet(emu, 'DescribeDBInstances', {}, { path })).json.Data as Array<{ InstanceUuid: string; RegionId: string }>);
    const cn = await bySite('/mysql');
    expect(await bySite('/cn/mysql/')).toEqual(cn);
    expect(cn.map((i) => i.RegionId)).toEqual(['CN_Beijing_A', 'CN_Beijing_A']);
    expect((await bySite('/asia/mysql')).map((i) => i.InstanceUuid)).toEqual(instancesOf('capitalonline-mysql', 'default', 'CN_Hongkong_A').map((i) => i.instanceId));
    expect((await bySite('/us/mysql')).every((i) => i.RegionId === 'US_NewYork_A')).toBe(true);
    // A site does not know another site's instances.
    const hk = instancesOf('capitalonline-mysql', 'default', 'CN_Hongkong_A')[0]!.instanceId;
    expect((await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: hk }, { path: '/mysql' })).json.Code).toBe('ResourceNotFound');
    expect((await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: hk }, { path: '/asia/mysql' })).status).toBe(200);
    const regions = (await capitalOnlineGet(emu, 'DescribeRegions', {})).json.Data as Array<{ RegionId: string; IsSaling: number }>;
    expect(regions.map((r) => r.RegionId)).toEqual(expect.arrayContaining(emu.regions['capitalonline-mysql']));
  });
});

describe('denyRegion', () => {
  afterAll(() => emu.clearDenials());

  it("answers each provider's permission error for every call in the region, and only there", async () => {
    emu.denyRegion({ provider: 'aliyun-rds', region: 'cn-beijing' });
    emu.denyRegion({ provider: 'aliyun-kvstore', region: 'cn-beijing' });
    emu.denyRegion({ provider: 'huawei-rds', region: emu.regions['huawei-rds'][1]! });
    emu.denyRegion({ provider: 'capitalonline-mysql', region: 'CN_Hongkong_A' });

    const list = await sdkFailure(rdsClient(emu).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: 'cn-beijing' })));
    expect([list.statusCode, list.code]).toEqual([403, 'Forbidden.RAM']);
    expect(list.data['AccessDeniedDetail']).toMatchObject({ AuthAction: 'rds:DescribeDBInstances', NoPermissionType: 'ImplicitDeny' });
    const bj = instancesOf('aliyun-rds', 'default', 'cn-beijing')[0]!.instanceId;
    const backups = await sdkFailure(rdsClient(emu).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: bj })));
    expect([backups.statusCode, backups.code]).toEqual([403, 'Forbidden.RAM']);
    const kvId = instancesOf('aliyun-kvstore', 'default', 'cn-beijing')[0]!.instanceId;
    const kv = await sdkFailure(kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: kvId, startTime: '2010-01-01T00:00Z', endTime: '2030-01-01T00:00Z' })));
    expect([kv.statusCode, kv.code]).toEqual([403, 'Forbidden.RAM']);
    // Other regions, and the global region list, still answer.
    expect((await rdsClient(emu).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: 'cn-hangzhou' }))).statusCode).toBe(200);
    expect((await rdsClient(emu).describeRegions(new Rds.DescribeRegionsRequest({}))).statusCode).toBe(200);

    const hwProject = emu.huaweiProjectIdFor('default', emu.regions['huawei-rds'][1]!);
    const hw = await huaweiGet(emu, `/v3/${hwProject}/instances`, {}, { projectId: hwProject });
    expect([hw.status, json(hw.body)['error_code']]).toEqual([403, 'APIGW.0802']);
    expect(json(hw.body)['request_id']).toBe(hw.headers['x-request-id']);
    expect((await huaweiGet(emu, `/v3/{project_id}/instances`, {})).status).toBe(200);

    const hk = instancesOf('capitalonline-mysql', 'default', 'CN_Hongkong_A')[0]!.instanceId;
    const co = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: hk }, { path: '/asia/mysql' });
    expect([co.status, co.json.Code]).toEqual([403, 'AccessDenied']);
    expect((await capitalOnlineGet(emu, 'DescribeDBInstances', {}, { path: '/asia/mysql' })).status).toBe(403);
    expect((await capitalOnlineGet(emu, 'DescribeDBInstances', {}, { path: '/mysql' })).status).toBe(200);
  });

  it('a denial for one account leaves the others alone; clearDenials lifts it; bad arguments throw', async () => {
    emu.clearDenials();
    emu.denyRegion({ provider: 'aliyun-rds', region: 'cn-shanghai', account: 'account-2' });
    const call = (i: number) => rdsClient(emu, keysOf(i)).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: 'cn-shanghai' }));
    expect((await sdkFailure(call(1))).code).toBe('Forbidden.RAM');
    expect((await call(0)).statusCode).toBe(200);
    emu.clearDenials();
    expect((await call(1)).statusCode).toBe(200);
    expect(() => emu.denyRegion({ provider: 'aliyun-rds', region: 'cn-shanghai', account: 'nobody' })).toThrow(/unknown account/);
  });
});

describe('the request log', () => {
  it('carries the caller\'s account and the region addressed', async () => {
    emu.clearRequestLog();
    const inst = instancesOf('aliyun-rds', 'account-2', 'cn-shanghai')[0]!;
    const res = await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: inst.instanceId }, { accessKeyId: keysOf(1).accessKeyId, secret: keysOf(1).accessKeySecret });
    expect(res.status).toBe(200);
    await huaweiGet(emu, '/v3/auth/projects', {}, { projectId: null });
    const [rds, iam] = emu.requestLog();
    expect(rds).toMatchObject({ provider: 'aliyun-rds', account: 'account-2', region: 'cn-shanghai', instanceId: inst.instanceId });
    expect(iam).toMatchObject({ provider: 'huawei-iam', action: 'KeystoneListAuthProjects', account: 'default' });
    expect(iam).not.toHaveProperty('region');
  });

  it('rejects impossible options', async () => {
    await expect(startEmulator({ accounts: 0 })).rejects.toThrow(/accounts/);
    await expect(startEmulator({ regions: 99 })).rejects.toThrow(/regions/);
    await expect(startEmulator({ regions: { 'huawei-rds': 0 } })).rejects.toThrow(/regions/);
  });
});
