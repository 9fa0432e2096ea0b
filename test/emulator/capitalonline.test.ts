import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { capitalOnlineGet, capitalOnlineUrl, httpRequest, skewedClock } from './helpers.js';

let emu: RunningEmulator;
let instanceId: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 5, instances: 2, backupsPerInstance: 60, shapes: 'none' });
  instanceId = emu.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
});
afterAll(async () => {
  await emu.close();
});

/** "2020-06-18 04:10:13" read as Beijing time (the zone the emulator serves), independent of TZ. */
const beijing = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);

describe('DescribeBackups', () => {
  it('returns every backup at once in {Code, Message, Data}, newest first', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ Code: 'Success', Message: 'Success.' });
    expect(res.json.Data).toEqual(emu.groundTruth.backups('capitalonline-mysql', instanceId).map((b) => b.raw));
  });

  it('serves zone-less Beijing times and sizes as numbers and as numeric strings', async () => {
    const rows = (await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId })).json.Data as Array<Record<string, unknown>>;
    const truth = emu.groundTruth.backups('capitalonline-mysql', instanceId);
    for (const [i, row] of rows.entries()) {
      expect(row['StartTime']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(beijing(String(row['StartTime'])).getTime()).toBe(truth[i]!.startTime.getTime());
      expect(Number(row['BackupSize'])).toBe(truth[i]!.sizeBytes);
      expect(row['Status']).toBe('finished');
    }
    expect(rows.some((r) => typeof r['BackupSize'] === 'string')).toBe(true);
    expect(rows.some((r) => typeof r['BackupSize'] === 'number')).toBe(true);
    // BackupStrategy is always there; database-level backups and BackupFinishTime are a shape (see shapes.test.ts).
    expect(rows.every((r) => r['BackupStrategy'] === 'instance' && !('BackupFinishTime' in r))).toBe(true);
    expect(new Set(rows.map((r) => r['BackupType']))).toEqual(new Set(['physical-backup', 'logical-backup']));
  });

  it('answers on /mysql as well as /mysql/', async () => {
    const res = await httpRequest(capitalOnlineUrl(emu, 'DescribeBackups', { InstanceUuid: instanceId }, { path: '/mysql' }));
    expect(res.status).toBe(200);
  });

  it('DescribeDBInstances lists the instances', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeDBInstances', {});
    expect((res.json.Data as Array<{ InstanceUuid: string }>).map((i) => i.InstanceUuid))
      .toEqual(emu.groundTruth.instances('capitalonline-mysql').map((i) => i.instanceId));
  });
});

describe('request checks', () => {
  it('missing InstanceUuid → 400 ArgMissing', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', {});
    expect([res.status, res.json.Code]).toEqual([400, 'ArgMissing']);
  });

  it('wrong secret → 401 SignatureDoesNotMatch (shape chosen: not documented)', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId }, { secret: 'wrong' });
    expect([res.status, res.json.Code]).toEqual([401, 'SignatureDoesNotMatch']);
  });

  it('the Aliyun-style "secret&" key is refused (the key is the bare secret)', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId }, { secret: `${emu.credentials.accessKeySecret}&` });
    expect(res.status).toBe(401);
  });

  it('unknown access key → 401 InvalidAccessKeyId.NotFound', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId }, { accessKeyId: 'nobody' });
    expect([res.status, res.json.Code]).toEqual([401, 'InvalidAccessKeyId.NotFound']);
  });

  it('timestamp more than 15 minutes off → 400 InvalidTimeStamp.Expired', async () => {
    const skewed = await startEmulator({ seed: 5, instances: 1, backupsPerInstance: 1, now: skewedClock(30) });
    try {
      const id = skewed.groundTruth.instances('capitalonline-mysql')[0]!.instanceId;
      const res = await capitalOnlineGet(skewed, 'DescribeBackups', { InstanceUuid: id });
      expect([res.status, res.json.Code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    } finally {
      await skewed.close();
    }
  });

  it('reused nonce → 400 SignatureNonceUsed', async () => {
    expect((await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId }, { nonce: 'n-1' })).status).toBe(200);
    const again = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: instanceId }, { nonce: 'n-1' });
    expect([again.status, again.json.Code]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('unknown instance → 404 ResourceNotFound', async () => {
    const res = await capitalOnlineGet(emu, 'DescribeBackups', { InstanceUuid: '00000000-0000-4000-8000-000000000000' });
    expect([res.status, res.json.Code]).toEqual([404, 'ResourceNotFound']);
  });
});
