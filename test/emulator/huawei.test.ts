import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { httpRequest, huaweiGet, skewedClock } from './helpers.js';

let emu: RunningEmulator;
let instanceId: string;
let backupsPath: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 11, instances: { 'huawei-rds': 4 }, backupsPerInstance: 130 });
  instanceId = emu.groundTruth.instances('huawei-rds')[0]!.instanceId;
  backupsPath = `/v3/${emu.huaweiProjectId}/backups`;
});
afterAll(async () => {
  await emu.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('ListBackups with the official core signer', () => {
  it('pages with offset/limit, newest first, total_count a number, sizes in KB', async () => {
    const truth = emu.groundTruth.backups('huawei-rds', instanceId);
    const seen: Array<Record<string, unknown>> = [];
    for (let offset = 0; ; offset += 100) {
      const res = await huaweiGet(emu, `/v3/{project_id}/backups`, { instance_id: instanceId, offset, limit: 100 });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      const body = json(res.body) as { backups: Array<Record<string, unknown>>; total_count: number };
      expect(body.total_count).toBe(130);
      seen.push(...body.backups);
      if (body.backups.length < 100) break;
    }
    expect(seen).toEqual(truth.map((b) => b.raw));
    for (const [i, b] of truth.entries()) expect((seen[i]!['size'] as number) * 1024).toBe(b.sizeBytes);
  });

  it('defaults to offset 0 and limit 100', async () => {
    const body = json((await huaweiGet(emu, backupsPath, { instance_id: instanceId })).body) as { backups: unknown[] };
    expect(body.backups).toHaveLength(100);
  });

  it('filters by backup_type and by begin_time/end_time with a numeric offset', async () => {
    const truth = emu.groundTruth.backups('huawei-rds', instanceId);
    const auto = json((await huaweiGet(emu, backupsPath, { instance_id: instanceId, backup_type: 'auto' })).body) as { backups: Array<{ id: string }>; total_count: number };
    const expected = truth.filter((b) => b.mode === 'automated' && b.type === 'full');
    expect(auto.total_count).toBe(expected.length);
    expect(auto.backups.map((b) => b.id)).toEqual(expected.map((b) => b.id));

    const fmt = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + '+0800';
    const windowed = json((await huaweiGet(emu, backupsPath, {
      instance_id: instanceId, begin_time: fmt(truth[40]!.startTime), end_time: fmt(truth[10]!.startTime),
    })).body) as { backups: Array<{ id: string }> };
    expect(windowed.backups.map((b) => b.id)).toEqual(truth.slice(10, 41).map((b) => b.id));
  });

  it('accepts temporary credentials with X-Security-Token', async () => {
    const res = await huaweiGet(emu, backupsPath, { instance_id: instanceId, limit: 1 }, { ...stsAkSk(), securityToken: emu.stsCredentials.securityToken });
    expect(res.status).toBe(200);
    const missing = await huaweiGet(emu, backupsPath, { instance_id: instanceId, limit: 1 }, stsAkSk());
    expect([missing.status, json(missing.body)['error_code']]).toEqual([401, 'APIGW.0301']);
  });
});

function stsAkSk() {
  return { ak: emu.stsCredentials.accessKeyId, sk: emu.stsCredentials.accessKeySecret };
}

describe('request checks', () => {
  it('wrong SK → 401 APIGW.0301 with request_id and X-Request-Id', async () => {
    const res = await huaweiGet(emu, backupsPath, { instance_id: instanceId }, { sk: 'wrong-secret' });
    expect(res.status).toBe(401);
    const body = json(res.body);
    expect(body['error_code']).toBe('APIGW.0301');
    expect(body['request_id']).toBe(res.headers['x-request-id']);
  });

  it('unknown AK → 401 APIGW.0301', async () => {
    const res = await huaweiGet(emu, backupsPath, { instance_id: instanceId }, { ak: 'UNKNOWNAKUNKNOWNAK00' });
    expect([res.status, json(res.body)['error_code']]).toEqual([401, 'APIGW.0301']);
  });

  it('X-Sdk-Date more than 15 minutes off → 401 APIGW.0301', async () => {
    const skewed = await startEmulator({ seed: 11, instances: 1, backupsPerInstance: 1, now: skewedClock(-20) });
    try {
      const id = skewed.groundTruth.instances('huawei-rds')[0]!.instanceId;
      const res = await huaweiGet(skewed, `/v3/${skewed.huaweiProjectId}/backups`, { instance_id: id });
      expect(res.status).toBe(401);
      expect(json(res.body)).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining('expired') });
    } finally {
      await skewed.close();
    }
  });

  it('a raw "+" in begin_time (form-decoded to a space) breaks the signature', async () => {
    const signedFor = await huaweiGet(emu, backupsPath, { instance_id: instanceId, begin_time: '2026-01-01T00:00:00+0800', end_time: '2026-06-01T00:00:00+0800' });
    expect(signedFor.status).toBe(200);
    // Re-send the same signed headers with '+' left raw on the wire.
    const res = await httpRequest(`${emu.url}${backupsPath}?begin_time=2026-01-01T00:00:00+0800&end_time=2026-06-01T00:00:00%2B0800&instance_id=${instanceId}`, {
      headers: await signedHeaders(),
    });
    expect(res.status).toBe(401);
  });

  it('missing instance_id → 400 DBS.200001', async () => {
    const res = await huaweiGet(emu, backupsPath, { offset: 0 });
    expect([res.status, json(res.body)['error_code']]).toEqual([400, 'DBS.200001']);
  });

  it('begin_time without end_time → 400 DBS.200001', async () => {
    const res = await huaweiGet(emu, backupsPath, { instance_id: instanceId, begin_time: '2026-01-01T00:00:00+0800' });
    expect([res.status, json(res.body)['error_code']]).toEqual([400, 'DBS.200001']);
  });

  it('begin_time without a numeric offset → 400 DBS.200001', async () => {
    const res = await huaweiGet(emu, backupsPath, { instance_id: instanceId, begin_time: '2026-01-01T00:00:00Z', end_time: '2026-06-01T00:00:00Z' });
    expect([res.status, json(res.body)['error_code']]).toEqual([400, 'DBS.200001']);
  });

  it('limit outside 1..100 → 400 DBS.200001', async () => {
    for (const limit of [0, 101]) {
      const res = await huaweiGet(emu, backupsPath, { instance_id: instanceId, limit });
      expect([res.status, json(res.body)['error_code']]).toEqual([400, 'DBS.200001']);
    }
  });

  it('unknown instance → 404 DBS.200002', async () => {
    const res = await huaweiGet(emu, backupsPath, { instance_id: '0123456789abcdef0123456789abcdefin01' });
    expect([res.status, json(res.body)['error_code']]).toEqual([404, 'DBS.200002']);
  });

  it("another project's id → 403 APIGW.0302", async () => {
    const res = await huaweiGet(emu, `/v3/{project_id}/backups`, { instance_id: instanceId }, { projectId: 'ffffffffffffffffffffffffffffffff' });
    expect([res.status, json(res.body)['error_code']]).toEqual([403, 'APIGW.0302']);
  });
});

describe('ListInstances and IAM', () => {
  it('lists instances with offset/limit and total_count', async () => {
    const truth = emu.groundTruth.instances('huawei-rds');
    const body = json((await huaweiGet(emu, `/v3/{project_id}/instances`, { offset: 1, limit: 2 })).body) as { instances: Array<{ id: string; datastore: { type: string } }>; total_count: number };
    expect(body.total_count).toBe(4);
    expect(body.instances.map((i) => i.id)).toEqual(truth.slice(1, 3).map((i) => i.instanceId));
    expect(body.instances.map((i) => i.datastore.type)).toEqual(truth.slice(1, 3).map((i) => i.engine));
  });

  it('IAM resolves the project by region name, and answers no project for an unknown name', async () => {
    const found = json((await huaweiGet(emu, '/v3/projects', { name: emu.huaweiRegion }, { projectId: null })).body) as { projects: Array<{ id: string; name: string }>; links: unknown };
    expect(found.projects).toEqual([expect.objectContaining({ id: emu.huaweiProjectId, name: emu.huaweiRegion })]);
    expect(found.links).toBeDefined();
    const none = json((await huaweiGet(emu, '/v3/projects', { name: 'xx-nowhere-1' }, { projectId: null })).body) as { projects: unknown[] };
    expect(none.projects).toEqual([]);
    const bad = await huaweiGet(emu, '/v3/projects', { name: emu.huaweiRegion }, { projectId: null, sk: 'nope' });
    expect([bad.status, json(bad.body)['error_code']]).toEqual([401, 'APIGW.0301']);
    expect(emu.requestLog().some((e) => e.provider === 'huawei-iam' && e.action === 'KeystoneListProjects')).toBe(true);
  });
});

/** Headers the official signer produced for a request whose query had a properly encoded '+'. */
async function signedHeaders(): Promise<Record<string, string>> {
  const { BasicCredentials } = await import('@huaweicloud/huaweicloud-sdk-core');
  const cred = new BasicCredentials().withAk(emu.credentials.accessKeyId).withSk(emu.credentials.accessKeySecret).withProjectId(emu.huaweiProjectId);
  const signed = (await cred.processAuthRequest(undefined as never, {
    endpoint: emu.url, url: '/v3/{project_id}/backups', method: 'GET', headers: { 'Content-Type': 'application/json' },
    queryParams: { begin_time: '2026-01-01T00:00:00+0800', end_time: '2026-06-01T00:00:00+0800', instance_id: instanceId },
  } as never)) as unknown as { headers: Record<string, string> };
  return signed.headers;
}
