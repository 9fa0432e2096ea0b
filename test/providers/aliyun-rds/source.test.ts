import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  CredentialsNotFoundError,
  NotFoundError,
  PermissionError,
  ProviderApiError,
  ThrottlingError,
  type CloudBackupsError,
} from '../../../src/errors.js';
import type { RetryEvent } from '../../../src/http/transport.js';
import { aliyunRds, type AliyunRdsOptions } from '../../../src/providers/aliyun-rds/index.js';
import type { BackupSource } from '../../../src/source.js';
import { startTestServer, type RecordedRequest, type ScriptedResponse, type TestServer } from '../../helpers/test-server.js';
import { errorAnswer, jsonAnswer, queryParams, verifyAcs3, verifyRpcV1, xmlAnswer } from '../aliyun-common/aliyun-server.js';
import { fixtureText } from './fixtures.js';

const CREDENTIALS = { accessKeyId: 'LTAI-e2e', accessKeySecret: 'e2e-secret-not-real' };
let server: TestServer;
const sources: BackupSource[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
let emptyHome: string;
beforeEach(async () => {
  // The credentials chain must never see the real home directory.
  emptyHome = await mkdtemp(join(tmpdir(), 'cloud-backups-rds-home-'));
  vi.stubEnv('HOME', emptyHome);
  vi.stubEnv('USERPROFILE', emptyHome);
});
afterEach(async () => {
  await rm(emptyHome, { recursive: true, force: true });
  server.requests.length = 0;
  for (const s of sources.splice(0)) s.close();
  vi.unstubAllEnvs();
});

function source(options: Partial<AliyunRdsOptions> = {}): BackupSource<'aliyun-rds'> {
  const s = aliyunRds({
    region: 'cn-hangzhou',
    endpoint: server.url,
    credentials: CREDENTIALS,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
    ...options,
  });
  sources.push(s);
  return s;
}

/** The Action of a request, whichever way it was signed. */
function actionOf(req: RecordedRequest): string | undefined {
  const header = req.headers['x-acs-action'];
  return typeof header === 'string' ? header : queryParams(req).get('Action');
}

function backupRecord(n: number, start: string, extra: Record<string, unknown> = {}) {
  return {
    BackupId: String(n),
    DBInstanceId: 'rm-e2e',
    BackupStatus: 'Success',
    BackupMode: 'Automated',
    BackupType: 'FullBackup',
    BackupMethod: 'Physical',
    BackupStartTime: start,
    BackupEndTime: start,
    BackupSize: n * 1024,
    ...extra,
  };
}

function page(records: unknown[], total: number, pageNumber = 1) {
  return jsonAnswer({
    RequestId: `REQ-${pageNumber}`,
    PageNumber: String(pageNumber),
    PageRecordCount: String(records.length),
    TotalRecordCount: String(total),
    TotalEcsSnapshotSize: 0,
    Items: { Backup: records },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('aliyunRds end to end', () => {
  it('pages with prefetch: page 1 alone, then pages 2..3 concurrently, items in order', async () => {
    const TOTAL = 250;
    // Newest first, as RDS orders them: backup n started n minutes after 2024-01-01.
    const all = Array.from({ length: TOTAL }, (_, i) => TOTAL - i).map((n) =>
      backupRecord(n, new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().replace('.000Z', 'Z')),
    );
    const events: string[] = [];
    let page3Arrived!: () => void;
    const page3 = new Promise<void>((resolve) => (page3Arrived = resolve));
    server.handle(async (req) => {
      const p = Number(queryParams(req).get('PageNumber'));
      const size = Number(queryParams(req).get('PageSize'));
      events.push(`start ${p}`);
      if (p === 3) page3Arrived();
      // Page 2 answers only once page 3 was asked for: that happens only if they are in flight together.
      if (p === 2) await Promise.race([page3, sleep(2_000)]);
      events.push(`end ${p}`);
      return page(all.slice((p - 1) * size, p * size), TOTAL, p);
    });
    const pages: number[] = [];
    const items = await source().listBackups({ instanceId: 'rm-e2e', observer: { onPage: (e) => pages.push(e.items) } }).toArray();
    expect(items.map((b) => b.id)).toEqual(all.map((r) => r.BackupId));
    expect(items).toHaveLength(250);
    expect(pages).toEqual([100, 100, 50]);
    expect(server.requests.map((r) => queryParams(r).get('PageSize'))).toEqual(['100', '100', '100']);
    expect(events.slice(0, 2)).toEqual(['start 1', 'end 1']);
    expect(events.slice(2, 4).sort()).toEqual(['start 2', 'start 3']);
    expect(events.slice(4)).toEqual(['end 3', 'end 2']);
    expect(items[0]).toMatchObject({ provider: 'aliyun-rds', id: '250', instanceId: 'rm-e2e', region: 'cn-hangzhou', sizeBytes: 250 * 1024 });
  });

  it('pushes single-valued filters and the widened window down, and re-filters exactly', async () => {
    server.handle(() =>
      page(
        [
          backupRecord(3, '2024-05-01T12:30:00Z', { BackupStatus: 'Failed', BackupMode: 'Manual' }),
          // inside the widened minute but before `since`: the client drops it
          backupRecord(2, '2024-05-01T12:00:10Z', { BackupStatus: 'Failed', BackupMode: 'Manual' }),
        ],
        2,
      ),
    );
    const items = await source()
      .listBackups({
        instanceId: 'rm-e2e',
        status: 'failed',
        mode: 'manual',
        type: 'full',
        since: new Date('2024-05-01T12:00:30Z'),
        until: new Date('2024-05-01T13:00:00Z'),
      })
      .toArray();
    expect(items.map((b) => b.id)).toEqual(['3']);
    const q = Object.fromEntries(queryParams(server.requests[0]!));
    expect(q).toEqual({
      DBInstanceId: 'rm-e2e',
      PageSize: '100',
      PageNumber: '1',
      BackupStatus: 'Failed',
      BackupMode: 'Manual',
      BackupType: 'FullBackup',
      StartTime: '2024-05-01T12:00Z',
      EndTime: '2024-05-01T13:00Z',
    });
  });

  it('does not push down a filter asking for two values, and still filters client-side', async () => {
    server.handle(() =>
      page([backupRecord(3, '2024-05-01T12:30:00Z'), backupRecord(2, '2024-05-01T12:20:00Z', { BackupStatus: 'Running' })], 2),
    );
    const items = await source().listBackups({ instanceId: 'rm-e2e', status: ['success', 'failed'] }).toArray();
    expect(items.map((b) => b.id)).toEqual(['3']);
    const q = queryParams(server.requests[0]!);
    expect(q.has('BackupStatus')).toBe(false);
    expect(q.has('StartTime')).toBe(false);
    expect(q.has('EndTime')).toBe(false);
  });

  it('signs with ACS3 headers by default and with RPC v1 in the query when asked', async () => {
    server.handle(() => page([backupRecord(1, '2024-05-01T12:30:00Z')], 1));
    await source().listBackups({ instanceId: 'rm-e2e' }).toArray();
    await source({ signatureVersion: 'v1' }).listBackups({ instanceId: 'rm-e2e' }).toArray();
    const [v3, v1] = server.requests;
    expect(v3!.method).toBe('POST');
    expect(v3!.headers['x-acs-action']).toBe('DescribeBackups');
    expect(v3!.headers['x-acs-version']).toBe('2014-08-15');
    expect(String(v3!.headers.authorization)).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI-e2e,SignedHeaders=host;x-acs-action;/);
    expect(queryParams(v3!).has('Signature')).toBe(false);
    expect(verifyAcs3(v3!, CREDENTIALS.accessKeySecret)).toBeUndefined();

    expect(v1!.method).toBe('GET');
    expect(v1!.headers.authorization).toBeUndefined();
    expect(v1!.headers['x-acs-action']).toBeUndefined();
    const q = queryParams(v1!);
    expect([q.get('Action'), q.get('Version'), q.get('Format'), q.get('SignatureMethod'), q.get('AccessKeyId')]).toEqual([
      'DescribeBackups',
      '2014-08-15',
      'JSON',
      'HMAC-SHA1',
      'LTAI-e2e',
    ]);
    expect(verifyRpcV1(v1!, CREDENTIALS.accessKeySecret)).toBeUndefined();
  });

  it.each(['v3', 'v1'] as const)('format xml (%s): the XML examples list the same backups as their JSON twins', async (signatureVersion) => {
    const answer = (req: RecordedRequest): ScriptedResponse =>
      queryParams(req).get('Format') === 'XML' ? xmlAnswer(fixtureText('describebackups.older.xml')) : jsonAnswer(JSON.parse(fixtureText('describebackups.older.json')));
    server.handle(answer);
    const fromXml = await source({ format: 'xml', signatureVersion }).listBackups({ instanceId: 'rm-uf6wjk5xxxxxxx' }).toArray();
    const fromJson = await source({ signatureVersion }).listBackups({ instanceId: 'rm-uf6wjk5xxxxxxx' }).toArray();
    expect(server.requests.map((r) => queryParams(r).get('Format') ?? null)).toEqual(['XML', signatureVersion === 'v1' ? 'JSON' : null]);
    expect(fromXml).toHaveLength(1);
    expect(fromXml.map(({ raw: _r, ...b }) => b)).toEqual(fromJson.map(({ raw: _r, ...b }) => b));
    expect(fromXml[0]).toMatchObject({ id: '321020562', sizeBytes: 2167808, startTime: new Date('2019-02-13T12:20:37Z') });
  });

  it('format xml: a one-item page and an empty page', async () => {
    server.handle((req) => xmlAnswer(fixtureText(queryParams(req).get('DBInstanceId') === 'rm-empty' ? 'empty-page.xml' : 'two-items.xml')));
    expect((await source({ format: 'xml' }).listBackups({ instanceId: 'rm-edge0001' }).toArray()).map((b) => [b.id, b.status, b.method])).toEqual([
      ['900000002', 'failed', 'logical'],
      ['900000001', 'success', 'snapshot'],
    ]);
    expect(await source({ format: 'xml' }).listBackups({ instanceId: 'rm-empty' }).toArray()).toEqual([]);
  });

  it.each(['v3', 'v1'] as const)('%s: Throttling.User with x-acs-retry-after, then success: two differently signed attempts', async (signatureVersion) => {
    let calls = 0;
    server.handle(() =>
      ++calls === 1
        ? errorAnswer(400, { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'THR-1' }, { headers: { 'x-acs-retry-after': '30' } })
        : page([backupRecord(1, '2024-05-01T12:30:00Z')], 1),
    );
    const retries: (RetryEvent & { provider: string })[] = [];
    const items = await source({ signatureVersion })
      .listBackups({ instanceId: 'rm-e2e', observer: { onRetry: (e) => retries.push(e) } })
      .toArray();
    expect(items.map((b) => b.id)).toEqual(['1']);
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.provider).toBe('aliyun-rds');
    expect(retries[0]!.error).toBeInstanceOf(ThrottlingError);
    expect((retries[0]!.error as ThrottlingError).code).toBe('Throttling.User');
    expect((retries[0]!.error as ThrottlingError).requestId).toBe('THR-1');
    expect((retries[0]!.error as ThrottlingError).retryAfterMs).toBe(30);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(30);
    const [first, second] = server.requests;
    if (signatureVersion === 'v3') {
      expect(first!.headers['x-acs-signature-nonce']).not.toBe(second!.headers['x-acs-signature-nonce']);
      expect(first!.headers.authorization).not.toBe(second!.headers.authorization);
      expect(verifyAcs3(first!, CREDENTIALS.accessKeySecret)).toBeUndefined();
      expect(verifyAcs3(second!, CREDENTIALS.accessKeySecret)).toBeUndefined();
    } else {
      expect(queryParams(first!).get('SignatureNonce')).not.toBe(queryParams(second!).get('SignatureNonce'));
      expect(queryParams(first!).get('Signature')).not.toBe(queryParams(second!).get('Signature'));
      expect(verifyRpcV1(second!, CREDENTIALS.accessKeySecret)).toBeUndefined();
    }
  });

  describe('error bodies become the right error class, with code and RequestId, and are not retried', () => {
    const cases = [
      ['InvalidDBInstanceId.NotFound', 400, NotFoundError, 'instance rm-e2e was not found in region cn-hangzhou'],
      ['Forbidden.RAM', 403, PermissionError, 'Grant the RAM user or role rds:DescribeBackups'],
      ['SignatureDoesNotMatch', 400, AuthenticationError, 'Check that the AccessKey secret belongs to the AccessKey id'],
      ['InvalidAccessKeyId.NotFound', 404, AuthenticationError, 'Aliyun does not accept this AccessKey id'],
      ['InvalidTimeStamp.Expired', 400, AuthenticationError, 'the local clock is off by more than 15 minutes'],
      ['InvalidStartTime.Format', 400, ProviderApiError, 'See https://api.aliyun.com/troubleshoot?q=InvalidStartTime.Format'],
    ] as const;
    for (const xml of [false, true]) {
      it.each(cases)(`${xml ? 'XML' : 'JSON'} %s`, async (code, status, cls, hint) => {
        server.handle(() => errorAnswer(status, { Code: code, Message: 'server says no', RequestId: `RID-${code}` }, { xml }));
        let error: CloudBackupsError | undefined;
        try {
          await source({ format: xml ? 'xml' : 'json' }).listBackups({ instanceId: 'rm-e2e' }).toArray();
        } catch (e) {
          error = e as CloudBackupsError;
        }
        expect(error).toBeInstanceOf(cls);
        expect(error!.constructor).toBe(cls);
        const e = error as ProviderApiError;
        expect([e.code, e.requestId, e.httpStatus, e.instanceId, e.operation, e.retryable]).toEqual([
          code, `RID-${code}`, status, 'rm-e2e', 'DescribeBackups', false,
        ]);
        expect(e.message).toContain(hint);
        expect(e.message).toContain(`RequestId RID-${code}`);
        expect(e.message).not.toContain(CREDENTIALS.accessKeySecret);
        expect(server.requests).toHaveLength(1);
      });
    }

    it('a 503 ServiceUnavailable is retried until it succeeds', async () => {
      let calls = 0;
      server.handle(() =>
        ++calls <= 2 ? errorAnswer(503, { Code: 'ServiceUnavailable', Message: 'busy', RequestId: 'SU' }) : page([backupRecord(1, '2024-05-01T12:30:00Z')], 1),
      );
      expect((await source().listBackups({ instanceId: 'rm-e2e' }).toArray()).map((b) => b.id)).toEqual(['1']);
      expect(server.requests).toHaveLength(3);
    });
  });

  it('discovers the instances of the region through DescribeDBInstances, paged', async () => {
    const instance = (n: number) => ({
      DBInstanceId: `rm-${String(n).padStart(4, '0')}`,
      DBInstanceDescription: n === 1 ? 'orders' : '',
      DBInstanceStatus: 'Running',
      Engine: 'MySQL',
      EngineVersion: '8.0',
      RegionId: 'cn-hangzhou',
      CreateTime: '2021-03-04T05:06:07Z',
    });
    server.handle((req) => {
      const p = Number(queryParams(req).get('PageNumber'));
      const records = p === 1 ? Array.from({ length: 100 }, (_, i) => instance(i + 1)) : [instance(101), instance(102)];
      return jsonAnswer({ RequestId: 'DI', PageNumber: p, PageRecordCount: records.length, TotalRecordCount: 102, Items: { DBInstance: records } });
    });
    const instances = await source().listInstances();
    expect(instances).toHaveLength(102);
    expect(instances[0]).toEqual({
      provider: 'aliyun-rds',
      instanceId: 'rm-0001',
      region: 'cn-hangzhou',
      name: 'orders',
      engine: 'MySQL',
      engineVersion: '8.0',
      status: 'Running',
      createdAt: new Date('2021-03-04T05:06:07Z'),
    });
    expect(instances[101]!.instanceId).toBe('rm-0102');
    expect(instances[101]!.name).toBeUndefined();
    expect(server.requests.map(actionOf)).toEqual(['DescribeDBInstances', 'DescribeDBInstances']);
    expect(server.requests.map((r) => Object.fromEntries(queryParams(r)))).toEqual([
      { RegionId: 'cn-hangzhou', PageSize: '100', PageNumber: '1' },
      { RegionId: 'cn-hangzhou', PageSize: '100', PageNumber: '2' },
    ]);
  });

  it('discovery reads the SDK-model fixture (JSON) and its XML rendering alike', async () => {
    server.handle(() => jsonAnswer(JSON.parse(fixtureText('describedbinstances.json'))));
    const instances = await source().listInstances();
    expect(instances).toEqual([
      {
        provider: 'aliyun-rds',
        instanceId: 'rm-uf6wjk5xxxxxxxxxx',
        region: 'cn-hangzhou',
        name: 'Test database',
        engine: 'MySQL',
        engineVersion: '5.7',
        status: 'Running',
        createdAt: new Date('2018-11-05T11:26:02Z'),
      },
      { provider: 'aliyun-rds', instanceId: 'pgm-bp1xxxxxxxxxxxxx', region: 'cn-hangzhou', engine: 'PostgreSQL', engineVersion: '14.0', status: 'Creating' },
    ]);
    server.handle(() =>
      xmlAnswer(
        '<DescribeDBInstancesResponse><RequestId>X</RequestId><TotalRecordCount>1</TotalRecordCount><PageNumber>1</PageNumber>' +
          '<Items><DBInstance><DBInstanceId>rm-x1</DBInstanceId><Engine>MySQL</Engine><CreateTime>2020-01-01T00:00:00Z</CreateTime></DBInstance></Items>' +
          '</DescribeDBInstancesResponse>',
      ),
    );
    expect(await source({ format: 'xml' }).listInstances()).toEqual([
      { provider: 'aliyun-rds', instanceId: 'rm-x1', region: 'cn-hangzhou', engine: 'MySQL', createdAt: new Date('2020-01-01T00:00:00Z') },
    ]);
  });

  it('a user lists backups with nothing but a region and credentials in the environment', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'LTAI-from-env');
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'env-secret-not-real');
    server.handle((req) =>
      actionOf(req) === 'DescribeDBInstances'
        ? jsonAnswer({ RequestId: 'DI', TotalRecordCount: 1, Items: { DBInstance: [{ DBInstanceId: 'rm-env', RegionId: 'cn-hangzhou' }] } })
        : page([backupRecord(7, '2024-05-01T12:30:00Z', { DBInstanceId: 'rm-env' })], 1),
    );
    const rds = aliyunRds({ region: 'cn-hangzhou', endpoint: server.url });
    sources.push(rds);
    const backups = [];
    for (const instance of await rds.listInstances()) {
      for await (const b of rds.listBackups({ instanceId: instance.instanceId, instance })) backups.push(b);
    }
    expect(backups.map((b) => [b.provider, b.instanceId, b.id, b.status, b.startTime.toISOString()])).toEqual([
      ['aliyun-rds', 'rm-env', '7', 'success', '2024-05-01T12:30:00.000Z'],
    ]);
    expect(server.requests).toHaveLength(2);
    for (const req of server.requests) {
      expect(String(req.headers.authorization)).toContain('Credential=LTAI-from-env,');
      expect(verifyAcs3(req, 'env-secret-not-real')).toBeUndefined();
    }
  });

  it('with no credentials anywhere, the first request fails listing what was tried', async () => {
    for (const name of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_ACCESS_KEY', 'ALICLOUD_SECRET_KEY']) vi.stubEnv(name, '');
    vi.stubEnv('ALIBABA_CLOUD_CREDENTIALS_FILE', '');
    vi.stubEnv('ALIBABA_CLOUD_CLI_PROFILE_DISABLED', '');
    vi.stubEnv('ALIBABA_CLOUD_PROFILE', 'cloud-backups-test-profile-that-does-not-exist');
    const rds = aliyunRds({ region: 'cn-hangzhou', endpoint: server.url });
    sources.push(rds);
    const error = await rds
      .listBackups({ instanceId: 'rm-e2e' })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    expect((error as CredentialsNotFoundError).tried.slice(0, 2)).toEqual([
      'env ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'env ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY',
    ]);
    expect((error as CredentialsNotFoundError).tried.slice(2)).toEqual([
      `file ${join(emptyHome, '.alibabacloud', 'credentials')} [cloud-backups-test-profile-that-does-not-exist]`,
      `file ${join(emptyHome, '.aliyun', 'config.json')} (profile cloud-backups-test-profile-that-does-not-exist)`,
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects bad options at construction', () => {
    expect(() => aliyunRds({ region: 'cn-hangzou' })).toThrow('Did you mean "cn-hangzhou"?');
    expect(() => aliyunRds({ region: 'cn-hangzhou', signatureVersion: 'v2' as 'v1' })).toThrow("signatureVersion must be 'v3' or 'v1'");
    expect(() => aliyunRds({ region: 'cn-hangzhou', pageSize: 50 } as AliyunRdsOptions)).toThrow('unknown option "pageSize"');
    const s = aliyunRds({ region: 'cn-shenzhen', instances: ['rm-1'] });
    sources.push(s);
    expect([s.provider, s.region, s.instances]).toEqual(['aliyun-rds', 'cn-shenzhen', ['rm-1']]);
  });
});
