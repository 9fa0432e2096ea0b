import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { Rds, aliyunAcs3, aliyunRpc, huaweiGet, rdsClient, sdkFailure } from './helpers.js';

const require = createRequire(import.meta.url);
const Credentials = require('@alicloud/credentials') as typeof import('@alicloud/credentials');
const Http = require('@alicloud/credentials/dist/src/providers/http.js') as { doRequest(req: { protocol: string }): Promise<unknown> };

let emu: RunningEmulator;
let clockOffsetMs = 0;
beforeAll(async () => {
  emu = await startEmulator({
    seed: 8, accounts: 2, instances: 2, backupsPerInstance: 3, stsExpirySeconds: 120,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
});
afterAll(async () => {
  await emu.close();
});

interface AssumeRoleBody {
  RequestId: string;
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string };
}

/** The official credentials library's RamRoleArn provider (RPC V1, form POST), pointed at the emulator over http. */
async function assumeWithOfficialProvider(roleArn: string, source = emu.credentials) {
  const sourceProvider = Credentials.StaticAKCredentialsProvider.builder()
    .withAccessKeyId(source.accessKeyId).withAccessKeySecret(source.accessKeySecret).build();
  const provider = Credentials.RAMRoleARNCredentialsProvider.builder()
    .withCredentialsProvider(sourceProvider).withRoleArn(roleArn).withRoleSessionName('backup-audit')
    .withStsEndpoint(new URL(emu.url).host).withDurationSeconds(1800).build();
  // The library only speaks https; its request hook (meant for mocks) switches the scheme.
  (provider as unknown as { doRequest: (req: { protocol: string }) => Promise<unknown> }).doRequest = (req) => {
    req.protocol = 'http';
    return Http.doRequest(req);
  };
  return provider.getCredentials();
}

describe('AssumeRole', () => {
  it("the official RamRoleArn provider gets keys that see the role's account only", async () => {
    const target = emu.accounts[1]!;
    const creds = await assumeWithOfficialProvider(target.roleArn);
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.securityToken.length).toBeGreaterThan(100);
    const session = { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, securityToken: creds.securityToken };
    const res = await rdsClient(emu, session).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: emu.aliyunRegion }));
    const mine = emu.groundTruth.instances('aliyun-rds').filter((i) => i.account === target.name).map((i) => i.instanceId);
    expect(res.body?.items?.DBInstance?.map((i) => i.DBInstanceId)).toEqual(mine);
    const other = emu.groundTruth.instances('aliyun-rds').find((i) => i.account === 'default')!.instanceId;
    const f = await sdkFailure(rdsClient(emu, session).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: other })));
    expect(f.code).toBe('InvalidDBInstanceId.NotFound');
    expect(emu.requestLog().some((e) => e.provider === 'aliyun-sts' && e.action === 'AssumeRole' && e.account === 'default')).toBe(true);
  });

  it('answers the real shape to an ACS3 request; Expiration follows stsExpirySeconds', async () => {
    const before = Date.now();
    const res = await aliyunAcs3(emu, 'AssumeRole', '2015-04-01', { RoleArn: emu.accounts[0]!.roleArn, RoleSessionName: 'alice', DurationSeconds: '900' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as AssumeRoleBody;
    expect(body.AssumedRoleUser).toEqual({ Arn: `acs:ram::${emu.accounts[0]!.aliyunUid}:role/cloud-backups-reader/alice`, AssumedRoleId: expect.stringMatching(/^\d+:alice$/) });
    expect(body.Credentials.Expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const expires = Date.parse(body.Credentials.Expiration);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 119_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 120_000);
  });

  it('without stsExpirySeconds the session lasts DurationSeconds (default 3600)', async () => {
    const plain = await startEmulator({ seed: 8, instances: 1, backupsPerInstance: 1 });
    try {
      const call = async (extra: Record<string, string>) => JSON.parse((await aliyunRpc(plain, { Action: 'AssumeRole', Version: '2015-04-01', RoleArn: plain.accounts[0]!.roleArn, RoleSessionName: 'bob', ...extra }, { method: 'POST', transport: 'form' })).body) as AssumeRoleBody;
      const now = Date.now();
      expect(Date.parse((await call({})).Credentials.Expiration) - now).toBeGreaterThan(3_595_000);
      expect(Date.parse((await call({ DurationSeconds: '7200' })).Credentials.Expiration) - now).toBeGreaterThan(7_195_000);
    } finally {
      await plain.close();
    }
  });

  it('temporary keys get InvalidSecurityToken.Expired after they expire', async () => {
    const creds = await assumeWithOfficialProvider(emu.accounts[1]!.roleArn);
    const session = { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, securityToken: creds.securityToken };
    const call = () => rdsClient(emu, session).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: emu.aliyunRegion }));
    expect((await call()).statusCode).toBe(200);
    clockOffsetMs = 121_000;
    try {
      const f = await sdkFailure(call());
      expect([f.statusCode, f.code]).toEqual([400, 'InvalidSecurityToken.Expired']);
      // RPC V1 too.
      const v1 = await sdkFailure(rdsClient(emu, { ...session, signatureAlgorithm: 'v2' }).describeDBInstances(new Rds.DescribeDBInstancesRequest({ regionId: emu.aliyunRegion })));
      expect(v1.code).toBe('InvalidSecurityToken.Expired');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('is verified like any call: a wrong secret fails, and the official provider recognises the server string to sign', async () => {
    await expect(assumeWithOfficialProvider(emu.accounts[1]!.roleArn, { ...emu.credentials, accessKeySecret: 'wrong' })).rejects.toThrow('the access key secret is invalid');
  });

  it('answers the real errors for a bad role, session name or duration', async () => {
    const call = async (extra: Record<string, string>) => {
      const res = await aliyunRpc(emu, { Action: 'AssumeRole', Version: '2015-04-01', RoleSessionName: 'ok-name', ...extra });
      return [res.status, (JSON.parse(res.body) as { Code: string }).Code];
    };
    expect(await call({ RoleArn: 'acs:ram::1999999999999999:role/nobody' })).toEqual([404, 'EntityNotExist.Role']);
    expect(await call({ RoleArn: 'arn:aws:iam::1:role/x' })).toEqual([400, 'InvalidParameter.RoleArn']);
    expect(await call({})).toEqual([400, 'MissingRoleArn']);
    expect(await call({ RoleArn: emu.accounts[0]!.roleArn, RoleSessionName: 'x' })).toEqual([400, 'InvalidParameter.RoleSessionName']);
    expect(await call({ RoleArn: emu.accounts[0]!.roleArn, DurationSeconds: '600' })).toEqual([400, 'InvalidParameter.DurationSeconds']);
  });

  it('keys from Aliyun STS are Aliyun keys: Huawei does not know them', async () => {
    const creds = await assumeWithOfficialProvider(emu.accounts[0]!.roleArn);
    const res = await huaweiGet(emu, '/v3/{project_id}/instances', {}, { ak: creds.accessKeyId, sk: creds.accessKeySecret, securityToken: creds.securityToken });
    expect([res.status, (JSON.parse(res.body) as { error_code: string }).error_code]).toEqual([401, 'APIGW.0301']);
  });

  it('rejects a non-positive stsExpirySeconds', async () => {
    await expect(startEmulator({ stsExpirySeconds: 0 })).rejects.toThrow(/stsExpirySeconds/);
  });
});
