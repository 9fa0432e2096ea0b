import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { Rds, aliyunRpc, capitalOnlineGet, capitalOnlineUrl, httpRequest, huaweiGet, rdsClient, sdkFailure } from './helpers.js';

let emu: RunningEmulator;
let coId: string;
let hwId: string;
let rdsId: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 21, instances: 2, backupsPerInstance: 90 });
  coId = emu.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
  hwId = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
  rdsId = emu.groundTruth.instances('aliyun-rds')[0]!.instanceId;
});
afterAll(async () => {
  await emu.close();
});

const rdsPage = (page: number, extra: Record<string, string> = {}) =>
  aliyunRpc(emu, { Action: 'DescribeBackups', Version: '2014-08-15', DBInstanceId: rdsId, PageSize: '30', PageNumber: String(page), ...extra });

async function statuses(target: RunningEmulator, n: number): Promise<number[]> {
  const id = target.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await httpRequest(capitalOnlineUrl(target, 'DescribeBackups', { InstanceUuid: id }))).status);
  return out;
}

describe('fault rates', () => {
  it('fire at the configured rate, deterministically under a seed', async () => {
    const a = await startEmulator({ seed: 99, instances: 1, backupsPerInstance: 3, faults: { throttleRate: 0.3 } });
    const b = await startEmulator({ seed: 99, instances: 1, backupsPerInstance: 3, faults: { throttleRate: 0.3 } });
    const c = await startEmulator({ seed: 100, instances: 1, backupsPerInstance: 3, faults: { throttleRate: 0.3 } });
    try {
      const [sa, sb, sc] = [await statuses(a, 200), await statuses(b, 200), await statuses(c, 200)];
      expect(sa).toEqual(sb);
      expect(sa).not.toEqual(sc);
      const throttled = sa.filter((s) => s === 429).length;
      expect(throttled).toBeGreaterThan(35);
      expect(throttled).toBeLessThan(85);
      expect(sa.every((s) => s === 200 || s === 429)).toBe(true);
      // setFaults restarts the stream: the same settings give the same pattern again.
      a.setFaults({ throttleRate: 0.3 });
      const first = await statuses(a, 50);
      a.setFaults({ throttleRate: 0.3 });
      expect(await statuses(a, 50)).toEqual(first);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('never replace an authentication or validation error', async () => {
    emu.setFaults({ throttleRate: 1 });
    try {
      const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId }, { secret: 'wrong' });
      expect(res.json.Code).toBe('SignatureDoesNotMatch');
    } finally {
      emu.setFaults({});
    }
  });
});

describe('throttling answers are each provider\'s real one', () => {
  beforeAll(() => emu.setFaults({ throttleRate: 1 }));
  afterAll(() => emu.setFaults({}));

  it('Aliyun: Throttling.User with x-acs-retry-after (ms), which the official SDK reads as retryAfter', async () => {
    const raw = await rdsPage(1);
    expect(raw.status).toBe(400);
    expect(raw.headers['x-acs-retry-after']).toBe('1000');
    expect(JSON.parse(raw.body)).toMatchObject({ Code: 'Throttling.User', RequestId: expect.any(String) });
    let retryAfter: unknown;
    try {
      await rdsClient(emu).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId }));
    } catch (e) {
      retryAfter = (e as { retryAfter?: number }).retryAfter;
      expect((e as { code?: string }).code).toBe('Throttling.User');
    }
    expect(retryAfter).toBe(1000);
  });

  it('Huawei: HTTP 429 APIGW.0308 with Retry-After and X-Request-Id', async () => {
    const res = await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hwId });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['x-request-id']).toBeDefined();
    expect(JSON.parse(res.body)).toMatchObject({ error_code: 'APIGW.0308' });
  });

  it('CapitalOnline: 429 in its {Code, Message} envelope', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId });
    expect([res.status, res.json.Code]).toEqual([429, 'Throttling']);
  });
});

describe('other faults', () => {
  afterAll(() => emu.setFaults({}));

  it('serverErrorRate: Aliyun ServiceUnavailable/InternalError, Huawei 500, CapitalOnline InternalError', async () => {
    emu.setFaults({ serverErrorRate: 1 });
    const codes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const f = await sdkFailure(rdsClient(emu).describeBackups(new Rds.DescribeBackupsRequest({ DBInstanceId: rdsId })));
      expect(f.statusCode).toBeGreaterThanOrEqual(500);
      codes.add(f.code);
    }
    expect(codes).toEqual(new Set(['ServiceUnavailable', 'InternalError']));
    const hw = await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hwId });
    expect([hw.status, JSON.parse(hw.body).error_code]).toEqual([500, 'DBS.200500']);
    const co = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId });
    expect([co.status, co.json.Code]).toEqual([500, 'InternalError']);
  });

  it('resetRate: the socket is destroyed without an answer', async () => {
    emu.setFaults({ resetRate: 1 });
    await expect(httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: coId }))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emu.requestLog().at(-1)).toMatchObject({ status: 0, code: 'ECONNRESET' });
  });

  it('slowRate: the answer comes after slowMs, so a client timeout fires first', async () => {
    emu.setFaults({ slowRate: 1, slowMs: 5_000 });
    await expect(httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: coId }), { timeoutMs: 200 })).rejects.toThrow('client timeout');
    emu.setFaults({ slowRate: 1, slowMs: 50 });
    expect((await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId })).status).toBe(200);
  });

  it('malformedRate: 200 with a body that is not valid JSON / XML', async () => {
    emu.setFaults({ malformedRate: 1 });
    const res = await rdsPage(1);
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.body)).toThrow();
    const xml = await rdsPage(1, { Format: 'XML' });
    expect(XMLValidator.validate(xml.body)).not.toBe(true);
    const hw = await huaweiGet(emu, '/v3/{project_id}/backups', { instance_id: hwId });
    expect(() => JSON.parse(hw.body)).toThrow();
  });

  it('truncatedRate: 200 with the body cut in half', async () => {
    emu.setFaults({});
    const full = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId });
    emu.setFaults({ truncatedRate: 1 });
    const cut = await httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: coId }));
    expect(cut.status).toBe(200);
    expect(Buffer.byteLength(cut.body)).toBe(Math.floor(Buffer.byteLength(full.body) / 2));
    expect(full.body.startsWith(cut.body)).toBe(true);
  });
});

describe('drift', () => {
  afterAll(() => emu.setFaults({}));

  it('driftPerPage adds backups at the head after each page, shifting page-number paging', async () => {
    const before = emu.groundTruth.backups('aliyun-rds', rdsId);
    emu.setFaults({ driftPerPage: 2 });
    const p1 = JSON.parse((await rdsPage(1)).body) as { Items: { Backup: Array<{ BackupId: string }> }; TotalRecordCount: string };
    const p2 = JSON.parse((await rdsPage(2)).body) as { Items: { Backup: Array<{ BackupId: string }> }; TotalRecordCount: string };
    expect(p1.Items.Backup.map((b) => b.BackupId)).toEqual(before.slice(0, 30).map((b) => b.id));
    expect(p2.TotalRecordCount).toBe(String(before.length + 2));
    // Two new backups pushed everything down: page 2 starts with page 1's last two.
    expect(p2.Items.Backup.slice(0, 2).map((b) => b.BackupId)).toEqual(before.slice(28, 30).map((b) => b.id));
    const after = emu.groundTruth.backups('aliyun-rds', rdsId);
    expect(after).toHaveLength(before.length + 4);
    expect(after[0]!.startTime.getTime()).toBeGreaterThan(before[0]!.startTime.getTime());
  });

  it('addBackups adds newer backups at the head, newest first, with increasing ids', async () => {
    emu.setFaults({});
    const before = emu.groundTruth.backups('aliyun-kvstore', emu.groundTruth.instances('aliyun-kvstore')[0]!.instanceId);
    const id = before[0]!.instanceId;
    const added = emu.addBackups('aliyun-kvstore', id, 3);
    expect(added).toHaveLength(3);
    const after = emu.groundTruth.backups('aliyun-kvstore', id);
    expect(after.slice(0, 3)).toEqual(added);
    expect(after.slice(3)).toEqual(before);
    expect(Number(added[2]!.id)).toBeGreaterThan(Number(before[0]!.id));
    expect(added[0]!.startTime.getTime()).toBeGreaterThan(added[1]!.startTime.getTime());
    expect(() => emu.addBackups('aliyun-kvstore', 'r-nope', 1)).toThrow(/no aliyun-kvstore instance/);
  });
});

describe('latency and concurrency', () => {
  it('adds latency to every response and counts requests in flight', async () => {
    emu.setLatency({ fixedMs: 120, jitterMs: 30 });
    emu.resetConcurrency();
    try {
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 6 }, () => capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: coId })));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
      expect(emu.concurrency().max).toBe(6);
      expect(emu.concurrency().current).toBe(0);
      emu.resetConcurrency();
      expect(emu.concurrency()).toEqual({ current: 0, max: 0 });
    } finally {
      emu.setLatency(0);
    }
  });
});
