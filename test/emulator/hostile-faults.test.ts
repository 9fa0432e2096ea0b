import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { aliyunAcs3, aliyunRpc, capitalOnlineGet, capitalOnlineUrl, httpRequest, huaweiGet } from './helpers.js';

let emu: RunningEmulator;
let rdsId: string;
let kvId: string;
let hwId: string;
let coId: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 31, instances: 1, backupsPerInstance: 70 });
  rdsId = emu.groundTruth.instances('aliyun-rds')[0]!.instanceId;
  kvId = emu.groundTruth.instances('aliyun-kvstore')[0]!.instanceId;
  hwId = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
  coId = emu.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
});
afterAll(async () => {
  await emu.close();
});

const rds = (extra: Record<string, string> = {}, o: Parameters<typeof aliyunRpc>[2] = {}) =>
  aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, PageSize: '30', ...extra }, o);
const kv = () => aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2015-01-01', InstanceId: kvId, StartTime: '2010-01-01T00:00Z', EndTime: '2099-01-01T00:00Z' });
const hw = (query: Record<string, string | number> = {}) => huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hwId, ...query });
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('emptyEnvelopeRate', () => {
  afterAll(() => emu.setFaults({}));

  it('200 with nothing in the envelope: Aliyun {} or only RequestId (JSON and XML), Huawei and CapitalOnline {}', async () => {
    emu.setFaults({ emptyEnvelopeRate: 1 });
    const bodies = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await rds();
      expect(res.status).toBe(200);
      bodies.add(Object.keys(json(res.body)).join(','));
    }
    expect(bodies).toEqual(new Set(['', 'RequestId']));
    const xml = await rds({}, { format: 'XML' });
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeBackupsResponse>(<RequestId>[^<]+<\/RequestId>)?<\/DescribeBackupsResponse>$/);
    expect([(await hw()).status, (await hw()).body]).toEqual([200, '{}']);
    const co = await httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: coId }));
    expect([co.status, co.body]).toEqual([200, '{}']);
    expect(emu.requestLog().at(-1)).toMatchObject({ status: 200, code: 'EmptyEnvelope' });
  });
});

describe('htmlRate', () => {
  afterAll(() => emu.setFaults({}));

  it('200 text/html: a sign-in page instead of the API', async () => {
    emu.setFaults({ htmlRate: 1 });
    for (const res of [await rds(), await hw(), await httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: coId }))]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toMatch(/^<!DOCTYPE html>[\s\S]*<form/);
    }
    expect(emu.requestLog().at(-1)).toMatchObject({ code: 'HtmlPage' });
  });
});

/** A GET that records when each chunk of the body arrived. */
function timedGet(url: string): Promise<{ status: number; body: string; chunks: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    request(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), chunks: parts.length, ms: Date.now() - started }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
}

describe('trickleRate and hangRate', () => {
  afterAll(() => emu.setFaults({}));

  it('trickle: the headers at once, then one byte every trickleMs; the body is the honest one', async () => {
    const url = capitalOnlineUrl(emu, 'DescribeDBInstances', { InstanceUuid: coId });
    const honest = (await httpRequest(url)).body;
    emu.setFaults({ trickleRate: 1, trickleMs: 1 });
    const res = await timedGet(capitalOnlineUrl(emu, 'DescribeDBInstances', { InstanceUuid: coId }));
    expect(res.status).toBe(200);
    expect(res.body).toBe(honest);
    expect(res.chunks).toBeGreaterThan(honest.length / 2);
    expect(res.ms).toBeGreaterThanOrEqual(honest.length * 0.9);
    expect(emu.requestLog().at(-1)).toMatchObject({ status: 200, code: 'Trickle' });
  });

  it('hang: the request is accepted and never answered, so a client deadline fires', async () => {
    emu.setFaults({ hangRate: 1 });
    await expect(httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: coId }), { timeoutMs: 150 })).rejects.toThrow('client timeout');
    expect(emu.requestLog().at(-1)).toMatchObject({ status: 0, code: 'Hang' });
  });

  it('close() ends hanging and trickling answers at once and leaves no timer or socket behind', async () => {
    const handles = () => {
      const info = process.getActiveResourcesInfo();
      return { timers: info.filter((r) => r === 'Timeout').length, sockets: info.filter((r) => r.startsWith('TCP')).length };
    };
    const before = handles();
    const victim = await startEmulator({ seed: 1, instances: 1, backupsPerInstance: 5, faults: { hangRate: 0.5, trickleRate: 0.5, trickleMs: 60_000 } });
    const id = victim.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
    const pending = Array.from({ length: 6 }, () => httpRequest(capitalOnlineUrl(victim, 'DescribeBackups', { InstanceUuid: id }), { timeoutMs: 30_000 }).catch((e: Error) => e));
    while (victim.concurrency().current < 6) await new Promise((r) => setTimeout(r, 10));
    // Hangs are logged at once; trickles only when their last byte is out (never, here).
    expect(victim.requestLog().every((e) => e.code === 'Hang')).toBe(true);
    expect(victim.requestLog().length).toBeGreaterThan(0);
    expect(victim.requestLog().length).toBeLessThan(6);
    const started = Date.now();
    await victim.close();
    const outcomes = await Promise.all(pending);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcomes.every((o) => o instanceof Error)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const after = handles();
    expect(after.timers).toBeLessThanOrEqual(before.timers);
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
  });
});

describe('badTotalRate', () => {
  afterAll(() => emu.setFaults({}));

  it('RDS: TotalRecordCount -1 or 0 next to a full page, or an empty page next to the true total', async () => {
    emu.setFaults({ badTotalRate: 1 });
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const body = json((await rds()).body) as { TotalRecordCount: string; Items: { Backup: unknown[] } };
      seen.add(`${body.TotalRecordCount}/${body.Items.Backup.length}`);
    }
    expect(seen).toEqual(new Set(['-1/30', '0/30', '70/0']));
  });

  it('KVStore and Huawei lie the same way with numbers; calls without a total are served as they are', async () => {
    emu.setFaults({ badTotalRate: 1 });
    const kvSeen = new Set<string>();
    const hwSeen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const k = json((await kv()).body) as { TotalCount: number; Backups: { Backup: unknown[] } };
      kvSeen.add(`${k.TotalCount}/${k.Backups.Backup.length}`);
      const h = json((await hw({ limit: 30 })).body) as { total_count: number; backups: unknown[] };
      hwSeen.add(`${h.total_count}/${h.backups.length}`);
    }
    expect(kvSeen).toEqual(new Set(['-1/30', '0/30', '70/0']));
    expect(hwSeen).toEqual(new Set(['-1/30', '0/30', '70/0']));
    const list = json((await aliyunRpc(emu, { Action: 'DescribeDBInstances', Version: '2014-08-15', RegionId: emu.aliyunRegion })).body);
    expect(list['TotalRecordCount']).toBe(1);
  });
});

describe('echoSecretsRate', () => {
  afterAll(() => emu.setFaults({}));

  it("an authentication error whose body holds the request's access key id, signature and security token", async () => {
    emu.setFaults({ echoSecretsRate: 1 });
    const sts = emu.stsCredentials;
    const v1 = await aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, SecurityToken: sts.securityToken }, { accessKeyId: sts.accessKeyId, secret: sts.accessKeySecret });
    expect(v1.status).toBe(400);
    const v1Body = json(v1.body);
    expect(v1Body['Code']).toBe('IncompleteSignature');
    expect(String(v1Body['Message'])).toContain(sts.accessKeyId);
    expect(String(v1Body['Message'])).toContain(sts.securityToken);
    expect(String(v1Body['Message'])).toMatch(/Signature=[A-Za-z0-9+/=]{20,}/);
    const acs3 = await aliyunAcs3(emu, 'DescribeBackups', '2014-08-15', { DBInstanceId: rdsId });
    expect(acs3.status).toBe(400);
    expect(String(json(acs3.body)['Message'])).toMatch(new RegExp(`AccessKeyId=${emu.credentials.accessKeyId}.*Signature=[0-9a-f]{64}`));

    const h = await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hwId }, { ak: sts.accessKeyId, sk: sts.accessKeySecret, securityToken: sts.securityToken });
    expect(h.status).toBe(401);
    const msg = String(json(h.body)['error_msg']);
    expect(msg).toContain(`Access=${sts.accessKeyId}`);
    expect(msg).toContain(sts.securityToken);
    expect(msg).toMatch(/Signature=[0-9a-f]{64}/);

    const co = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId });
    expect([co.status, co.json.Code]).toEqual([401, 'SignatureDoesNotMatch']);
    expect(co.json.Message).toContain(emu.credentials.accessKeyId);
    expect(co.json.Message).toMatch(/Signature=[A-Za-z0-9+/=]{20,}/);
  });
});

describe('the hostile faults are seeded like the others', () => {
  it('one draw per request: the same seed gives the same mix', async () => {
    const faults = { emptyEnvelopeRate: 0.2, htmlRate: 0.2, badTotalRate: 0.2, echoSecretsRate: 0.2 };
    const run = async () => {
      const e = await startEmulator({ seed: 77, instances: 1, backupsPerInstance: 40, faults });
      try {
        const id = e.groundTruth.instances('aliyun-rds')[0]!.instanceId;
        const out: string[] = [];
        for (let i = 0; i < 40; i++) {
          await aliyunRpc(e, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: id });
          const last = e.requestLog().at(-1)!;
          out.push(`${last.status}:${last.code ?? ''}`);
        }
        return out;
      } finally {
        await e.close();
      }
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThanOrEqual(4);
  });

  it('rejects a rate outside 0..1', async () => {
    await expect(startEmulator({ faults: { hangRate: 2 } })).rejects.toThrow(/hangRate/);
  });
});
