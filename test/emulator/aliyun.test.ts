import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { Kvstore, Rds, aliyunAcs3, aliyunRpc, httpRequest, kvstoreClient, rdsClient, sdkFailure, skewedClock } from './helpers.js';

const ALL_TIME = { startTime: '2010-01-01T00:00Z', endTime: '2030-01-01T00:00Z' };

let emu: RunningEmulator;
let rdsId: string;
let kvId: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 7, instances: 2, backupsPerInstance: 75 });
  rdsId = emu.groundTruth.instances('aliyun-rds')[0]!.instanceId;
  kvId = emu.groundTruth.instances('aliyun-kvstore')[0]!.instanceId;
});
afterAll(async () => {
  await emu.close();
});

async function listAllRds(signatureAlgorithm?: 'v2'): Promise<string[]> {
  const client = rdsClient(emu, signatureAlgorithm ? { signatureAlgorithm } : {});
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await client.describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId, pageSize: 30, pageNumber: page }));
    const items = res.body?.items?.backup ?? [];
    ids.push(...items.map((b) => String(b.backupId)));
    if (items.length < 30) break;
  }
  return ids;
}

describe('official Aliyun clients', () => {
  it('list every RDS backup, newest first, with the default ACS3-HMAC-SHA256 signing', async () => {
    const truth = emu.groundTruth.backups('aliyun-rds', rdsId).map((b) => b.id);
    expect(await listAllRds()).toEqual(truth);
  });

  it('list every RDS backup with RPC signature V1 (signatureAlgorithm v2)', async () => {
    const truth = emu.groundTruth.backups('aliyun-rds', rdsId).map((b) => b.id);
    expect(await listAllRds('v2')).toEqual(truth);
  });

  it('list KVStore backups with both signatures', async () => {
    const truth = emu.groundTruth.backups('aliyun-kvstore', kvId);
    for (const o of [{}, { signatureAlgorithm: 'v2' as const }]) {
      const res = await kvstoreClient(emu, o).describeBackups(
        new Kvstore.DescribeBackupsRequest({ instanceId: kvId, ...ALL_TIME, pageSize: 50, pageNumber: 2 }));
      expect(res.body?.totalCount).toBe(75);
      expect(res.body?.backups?.backup?.map((b) => b.backupId)).toEqual(truth.slice(50, 75).map((b) => b.raw['BackupId']));
      // A standard instance's backup is one row: the job id is the backup's id in the truth.
      expect(res.body?.backups?.backup?.map((b) => String(b.backupJobID))).toEqual(truth.slice(50, 75).map((b) => b.id));
    }
  });

  it('accept temporary (STS) credentials with their security token, in both signatures', async () => {
    for (const signatureAlgorithm of [undefined, 'v2' as const]) {
      const res = await rdsClient(emu, { ...emu.stsCredentials, ...(signatureAlgorithm ? { signatureAlgorithm } : {}) })
        .describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId }));
      expect(res.statusCode).toBe(200);
    }
  });

  it('list instances (DescribeDBInstances / DescribeInstances)', async () => {
    const rds = await rdsClient(emu).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: emu.aliyunRegion }));
    expect(rds.body?.items?.DBInstance?.map((i) => i.DBInstanceId)).toEqual(emu.groundTruth.instances('aliyun-rds').map((i) => i.instanceId));
    expect(rds.body?.totalRecordCount).toBe(2);
    const kv = await kvstoreClient(emu).describeInstances(new Kvstore.DescribeInstancesRequest({ regionId: emu.aliyunRegion, pageSize: 1, pageNumber: 2 }));
    expect(kv.body?.totalCount).toBe(2);
    expect(kv.body?.instances?.KVStoreInstance?.map((i) => i.instanceId)).toEqual([emu.groundTruth.instances('aliyun-kvstore')[1]!.instanceId]);
  });
});

describe('request checks (real error codes and statuses)', () => {
  it('wrong secret with ACS3 → 400 SignatureDoesNotMatch', async () => {
    const f = await sdkFailure(rdsClient(emu, { accessKeySecret: 'wrong' }).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId })));
    expect([f.statusCode, f.code]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(f.data['RequestId']).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('wrong secret with RPC V1 → 400 SignatureDoesNotMatch', async () => {
    const f = await sdkFailure(rdsClient(emu, { accessKeySecret: 'wrong', signatureAlgorithm: 'v2' }).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId })));
    expect([f.statusCode, f.code]).toEqual([400, 'SignatureDoesNotMatch']);
  });

  it('unknown access key → 404 InvalidAccessKeyId.NotFound', async () => {
    const f = await sdkFailure(rdsClient(emu, { accessKeyId: 'LTAI5tNOBODY' }).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId })));
    expect([f.statusCode, f.code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
  });

  it('STS key with the wrong token → InvalidSecurityToken.MismatchWithAccessKey', async () => {
    const f = await sdkFailure(rdsClient(emu, { ...emu.stsCredentials, securityToken: 'CAISother' }).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId })));
    expect([f.statusCode, f.code]).toEqual([400, 'InvalidSecurityToken.MismatchWithAccessKey']);
  });

  it('timestamp more than 15 minutes off → 400 InvalidTimeStamp.Expired (ACS3 and V1)', async () => {
    const skewed = await startEmulator({ seed: 7, instances: 1, backupsPerInstance: 1, now: skewedClock(16) });
    try {
      const id = skewed.groundTruth.instances('aliyun-rds')[0]!.instanceId;
      for (const o of [{}, { signatureAlgorithm: 'v2' as const }]) {
        const f = await sdkFailure(rdsClient(skewed, o).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: id })));
        expect([f.statusCode, f.code]).toEqual([400, 'InvalidTimeStamp.Expired']);
      }
      // 14 minutes is still inside the window.
      const near = await startEmulator({ seed: 7, instances: 1, backupsPerInstance: 1, now: skewedClock(-14) });
      const ok = await rdsClient(near).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: near.groundTruth.instances('aliyun-rds')[0]!.instanceId }));
      expect(ok.statusCode).toBe(200);
      await near.close();
    } finally {
      await skewed.close();
    }
  });

  it('reused nonce → 400 SignatureNonceUsed', async () => {
    const api = { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId };
    const first = await aliyunRpc(emu, api, { nonce: 'fixed-nonce-1' });
    expect(first.status).toBe(200);
    const again = await aliyunRpc(emu, api, { nonce: 'fixed-nonce-1' });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body)).toMatchObject({ Code: 'SignatureNonceUsed' });
  });

  it('KVStore without StartTime/EndTime → 400 MissingStartTime / MissingEndTime', async () => {
    const noStart = await sdkFailure(kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: kvId, endTime: ALL_TIME.endTime })));
    expect([noStart.statusCode, noStart.code]).toEqual([400, 'MissingStartTime']);
    const noEnd = await sdkFailure(kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: kvId, startTime: ALL_TIME.startTime })));
    expect([noEnd.statusCode, noEnd.code]).toEqual([400, 'MissingEndTime']);
  });

  it('KVStore time not in yyyy-MM-ddTHH:mmZ → 400 InvalidStartTime.Malformed', async () => {
    const f = await sdkFailure(kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: kvId, startTime: '2010-01-01 00:00:00', endTime: ALL_TIME.endTime })));
    expect([f.statusCode, f.code]).toEqual([400, 'InvalidStartTime.Malformed']);
  });

  it('RDS page size other than 30/50/100 → 403 InvalidMaxRecordsPerPage.Malformed', async () => {
    for (const pageSize of [40, 200, 10]) {
      const f = await sdkFailure(rdsClient(emu).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId, pageSize })));
      expect([f.statusCode, f.code]).toEqual([403, 'InvalidMaxRecordsPerPage.Malformed']);
    }
  });

  it('KVStore page size outside 30/50/100/200/300 → 400 InvalidParameter', async () => {
    const f = await sdkFailure(kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: kvId, ...ALL_TIME, pageSize: 500 })));
    expect([f.statusCode, f.code]).toEqual([400, 'InvalidParameter']);
    const ok = await kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: kvId, ...ALL_TIME, pageSize: 300 }));
    expect(ok.body?.backups?.backup).toHaveLength(75);
  });

  it('unknown RDS instance → 400 InvalidDBInstanceId.NotFound; unknown KVStore instance → 404 InvalidInstanceId.NotFound', async () => {
    const rds = await sdkFailure(rdsClient(emu).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: 'rm-doesnotexist' })));
    expect([rds.statusCode, rds.code]).toEqual([400, 'InvalidDBInstanceId.NotFound']);
    const kv = await sdkFailure(kvstoreClient(emu).describeBackups(new Kvstore.DescribeBackupsRequest({ instanceId: 'r-doesnotexist', ...ALL_TIME })));
    expect([kv.statusCode, kv.code]).toEqual([404, 'InvalidInstanceId.NotFound']);
  });

  it('missing DBInstanceId → 400 MissingDBInstanceId', async () => {
    const f = await sdkFailure(rdsClient(emu).describeBackups(new Rds.DescribeBackupsRequest({})));
    expect([f.statusCode, f.code]).toEqual([400, 'MissingDBInstanceId']);
  });

  it('an x-acs-* header left out of SignedHeaders → 400 IncompleteSignature', async () => {
    const signedOnly = await aliyunAcs3(emu, 'DescribeBackups', '2014-08-15', { DBInstanceId: rdsId });
    expect(signedOnly.status).toBe(200);
    const res = await aliyunAcs3(emu, 'DescribeBackups', '2014-08-15', { DBInstanceId: rdsId }, { 'x-acs-unsigned': '1' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ Code: 'IncompleteSignature' });
  });
});

describe('wire shapes', () => {
  it('RDS counts are strings, KVStore counts and BackupId are numbers', async () => {
    const rds = JSON.parse((await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, PageSize: '50', PageNumber: '2' })).body) as Record<string, unknown>;
    expect(rds).toMatchObject({ TotalRecordCount: '75', PageNumber: '2', PageRecordCount: '25', TotalEcsSnapshotSize: 0 });
    const rdsItems = (rds['Items'] as { Backup: Array<Record<string, unknown>> }).Backup;
    expect(typeof rdsItems[0]!['BackupId']).toBe('string');
    expect(rdsItems).toEqual(emu.groundTruth.backups('aliyun-rds', rdsId).slice(50).map((b) => b.raw));

    const kv = JSON.parse((await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2015-01-01', InstanceId: kvId, StartTime: ALL_TIME.startTime, EndTime: ALL_TIME.endTime })).body) as Record<string, unknown>;
    expect(kv).toMatchObject({ TotalCount: 75, PageNumber: 1, PageSize: 30 });
    const kvItems = (kv['Backups'] as { Backup: Array<Record<string, unknown>> }).Backup;
    expect(typeof kvItems[0]!['BackupId']).toBe('number');
  });

  it('RPC V1 is accepted as GET, as a form POST, and as a POST with every parameter in the query', async () => {
    const api = { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId };
    for (const o of [{ method: 'GET' as const }, { method: 'POST' as const, transport: 'form' as const }, { method: 'POST' as const }]) {
      const res = await aliyunRpc(emu, api, o);
      expect(res.status, JSON.stringify(o)).toBe(200);
    }
  });

  it('Format=XML answers XML shaped like the documents (<Items><Backup>…)', async () => {
    const res = await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, PageSize: '30' }, { format: 'XML' });
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeBackupsResponse>/);
    const doc = new XMLParser({ parseTagValue: false }).parse(res.body) as { DescribeBackupsResponse: { Items: { Backup: Array<{ BackupId: string }> }; TotalRecordCount: string } };
    expect(doc.DescribeBackupsResponse.TotalRecordCount).toBe('75');
    expect(doc.DescribeBackupsResponse.Items.Backup.map((b) => b.BackupId)).toEqual(emu.groundTruth.backups('aliyun-rds', rdsId).slice(0, 30).map((b) => b.id));

    const kv = await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2015-01-01', InstanceId: kvId, StartTime: ALL_TIME.startTime, EndTime: ALL_TIME.endTime }, { format: 'XML' });
    expect(kv.body).toContain('<Backups><Backup><BackupDBNames>all</BackupDBNames>');
    const err = await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId }, { format: 'XML', secret: 'wrong' });
    expect(err.body).toMatch(/<Error><RequestId>[^<]+<\/RequestId><HostId>rds.aliyuncs.com<\/HostId><Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('RDS filters BackupStatus / BackupMode / BackupType / BackupId and StartTime/EndTime server-side', async () => {
    const truth = emu.groundTruth.backups('aliyun-rds', rdsId);
    const call = async (extra: Record<string, string>) => JSON.parse((await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, PageSize: '100', ...extra })).body) as { TotalRecordCount: string; Items: { Backup: Array<{ BackupId: string }> } };
    const manual = await call({ BackupMode: 'Manual' });
    expect(manual.Items.Backup.map((b) => b.BackupId)).toEqual(truth.filter((b) => b.mode === 'manual').map((b) => b.id));
    const ok = await call({ BackupStatus: 'Success', BackupType: 'FullBackup' });
    expect(ok.Items.Backup.map((b) => b.BackupId)).toEqual(truth.filter((b) => b.status === 'success' && b.type === 'full').map((b) => b.id));
    const one = await call({ BackupId: truth[3]!.id });
    expect(one.TotalRecordCount).toBe('1');
    const from = truth[20]!.startTime;
    const to = truth[5]!.startTime;
    const minute = (d: Date, up: boolean) => new Date(Math.floor(d.getTime() / 60_000) * 60_000 + (up ? 60_000 : 0)).toISOString().slice(0, 16) + 'Z';
    const window = await call({ StartTime: minute(from, false), EndTime: minute(to, true) });
    expect(window.Items.Backup.map((b) => b.BackupId)).toEqual(truth.slice(5, 21).map((b) => b.id));
    const bad = JSON.parse((await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, StartTime: '2026-01-01T00:00:00Z' })).body) as { Code: string };
    expect(bad.Code).toBe('InvalidStartTime.Format');
  });

  it('the request log holds decoded params without Signature or SecurityToken', async () => {
    emu.clearRequestLog();
    await rdsClient(emu, { ...emu.stsCredentials, signatureAlgorithm: 'v2' }).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId }));
    const [entry] = emu.requestLog();
    expect(entry).toMatchObject({ provider: 'aliyun-rds', action: 'DescribeBackups', instanceId: rdsId, status: 200 });
    expect(entry!.params['DBInstanceId']).toBe(rdsId);
    expect(entry!.params).not.toHaveProperty('Signature');
    expect(entry!.params).not.toHaveProperty('SecurityToken');
    expect(JSON.stringify(emu.requestLog())).not.toContain(emu.stsCredentials.securityToken);
  });
});

