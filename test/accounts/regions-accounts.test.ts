import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { ListingFailure } from '../../src/errors.js';
import { createBackupClient } from '../../src/listing/client.js';
import type { BackupSource } from '../../src/listing/source.js';
import type { ProviderName } from '../../src/model.js';
import { aliyunKvstore } from '../../src/providers/aliyun-kvstore/index.js';
import { aliyunRds } from '../../src/providers/aliyun-rds/index.js';
import { capitalOnlineMysql } from '../../src/providers/capitalonline-mysql/index.js';
import { huaweiRds } from '../../src/providers/huawei-rds/index.js';

const PROVIDERS: readonly ProviderName[] = ['aliyun-rds', 'aliyun-kvstore', 'huawei-rds', 'capitalonline-mysql'];
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 10 } } as const;

/** One source of every region ('*') of one provider and one account, pointed at the emulator. */
function everyRegion(emu: RunningEmulator, provider: ProviderName, account: RunningEmulator['accounts'][number]): BackupSource {
  const common = { credentials: account.credentials, account: account.name, ...fast };
  switch (provider) {
    case 'aliyun-rds':
      return aliyunRds({ region: '*', endpoint: emu.url, ...common });
    case 'aliyun-kvstore':
      return aliyunKvstore({ region: '*', endpoint: emu.url, ...common });
    case 'huawei-rds':
      return huaweiRds({ region: '*', endpoint: emu.url, iamEndpoint: emu.iamEndpoint, ...common });
    case 'capitalonline-mysql':
      return capitalOnlineMysql({ site: '*', endpoint: `${emu.url}/{site}`, ...common });
  }
}

const key = (b: { provider: string; account: string; region: string; instanceId: string; id: string }) => `${b.provider}|${b.account}|${b.region}|${b.instanceId}|${b.id}`;

describe('every region of every account', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 11, accounts: 3, regions: 4, instances: 2, backupsPerInstance: 12, anchorTime: new Date('2026-06-01T00:00:00Z') });
  });
  afterAll(() => emu.close());

  it("lists exactly the ground truth of 3 accounts x 4 regions with region '*', account and region right on every backup", async () => {
    const client = createBackupClient({ sources: PROVIDERS.flatMap((p) => emu.accounts.map((a) => everyRegion(emu, p, a))), concurrency: 16 });
    const listed = await client.backups().toArray();
    const truth = PROVIDERS.flatMap((p) => emu.groundTruth.backups(p));
    expect(new Set(truth.map((b) => b.account)).size).toBe(3);
    expect(listed.map(key).sort()).toEqual(truth.map(key).sort());
    client.close();
  });

  it('asks for the regions once per source, not per instance, and remembers them for the client', async () => {
    const client = createBackupClient({ sources: PROVIDERS.map((p) => everyRegion(emu, p, emu.accounts[0]!)) });
    emu.clearRequestLog();
    await client.backups().toArray();
    const regionCalls = () => emu.requestLog().filter((e) => e.action === 'DescribeRegions' || e.action === 'KeystoneListAuthProjects');
    // RDS and KVStore DescribeRegions, Huawei's project listing; CapitalOnline's sites need no call.
    expect(regionCalls().map((e) => `${e.provider} ${e.action}`).sort()).toEqual(['aliyun-kvstore DescribeRegions', 'aliyun-rds DescribeRegions', 'huawei-iam KeystoneListAuthProjects']);
    await client.backups().toArray();
    expect(regionCalls()).toHaveLength(3);
    client.close();
  });

  it('reports a region whose calls are all denied as one failure naming account and region, and lists every other region', async () => {
    const region = emu.regions['aliyun-rds'][1]!;
    emu.denyRegion({ provider: 'aliyun-rds', region, account: 'account-2' });
    try {
      const failures: ListingFailure[] = [];
      const client = createBackupClient({ sources: emu.accounts.map((a) => everyRegion(emu, 'aliyun-rds', a)), onError: (f) => failures.push(f) });
      const listed = await client.backups().toArray();
      expect(failures.map((f) => [f.provider, f.account, f.region, f.error.name])).toEqual([['aliyun-rds', 'account-2', region, 'PermissionError']]);
      const expected = emu.groundTruth.backups('aliyun-rds').filter((b) => !(b.account === 'account-2' && b.region === region));
      expect(listed.map(key).sort()).toEqual(expected.map(key).sort());
      client.close();
    } finally {
      emu.clearDenials();
    }
  });

  it('discover() keeps every healthy region\'s instances beside the denied one; instances() rejects with that failure', async () => {
    const region = emu.regions['aliyun-rds'][2]!;
    emu.denyRegion({ provider: 'aliyun-rds', region, account: 'account-3' });
    const client = createBackupClient({ sources: emu.accounts.map((a) => everyRegion(emu, 'aliyun-rds', a)) });
    // Every region of every source is discovered at once, on one signal: Node must not warn of a listener leak.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const { instances, failures } = await client.discover();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
      expect(failures.map((f) => [f.account, f.region, f.instanceId, f.error.name])).toEqual([['account-3', region, undefined, 'PermissionError']]);
      const truth = emu.groundTruth.instances('aliyun-rds').filter((i) => !(i.account === 'account-3' && i.region === region));
      const id = (i: { account: string; region: string; instanceId: string }) => `${i.account}|${i.region}|${i.instanceId}`;
      expect(instances.map((t) => id(t.instance)).sort()).toEqual(truth.map(id).sort());
      await expect(client.instances()).rejects.toMatchObject({ name: 'PartialFailureError', failures: [{ account: 'account-3', region }] });
    } finally {
      process.off('warning', onWarning);
      client.close();
      emu.clearDenials();
    }
  });
});

describe('a RAM-role profile', () => {
  let emu: RunningEmulator;
  let home: string;
  beforeAll(async () => {
    // Keys that expire every second, and answers slow enough that one listing outlives a few of them.
    emu = await startEmulator({ seed: 5, accounts: 2, instances: { 'aliyun-rds': 2 }, backupsPerInstance: { 'aliyun-rds': 1500 }, stsExpirySeconds: 1, latency: 50, anchorTime: new Date('2026-06-01T00:00:00Z') });
    home = mkdtempSync(join(tmpdir(), 'cloud-backups-home-'));
    mkdirSync(join(home, '.alibabacloud'));
    const keys = emu.accounts[0]!.credentials;
    writeFileSync(
      join(home, '.alibabacloud', 'credentials'),
      `[prod]\ntype = ram_role_arn\naccess_key_id = ${keys.accessKeyId}\naccess_key_secret = ${keys.accessKeySecret}\nrole_arn = ${emu.accounts[1]!.roleArn}\nrole_session_name = backups-audit\n`,
    );
  });
  afterAll(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("lists the role's account through STS, and renews the keys when they expire during a long listing", async () => {
    const previousHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const source = aliyunRds({ region: emu.aliyunRegion, endpoint: emu.url, stsEndpoint: emu.url, profile: 'prod', pageConcurrency: 1, ...fast });
      expect(source.account).toBe('prod');
      emu.clearRequestLog();
      const listed = await createBackupClient({ sources: [source], concurrency: 1 }).backups().toArray();
      const truth = emu.groundTruth.backups('aliyun-rds').filter((b) => b.account === emu.accounts[1]!.name);
      expect(listed.map((b) => b.id).sort()).toEqual(truth.map((b) => b.id).sort());
      expect(listed.every((b) => b.account === 'prod')).toBe(true);
      const log = emu.requestLog();
      expect(log.filter((e) => e.action === 'AssumeRole').length).toBeGreaterThanOrEqual(2);
      expect(log.filter((e) => e.code?.startsWith('InvalidSecurityToken'))).toEqual([]);
      source.close();
    } finally {
      process.env.HOME = previousHome;
    }
  });
});
