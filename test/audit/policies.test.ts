import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/errors.js';
import { runtimeOf } from '../../src/listing/source.js';
import type { BackupPolicy, BackupSource, InstanceInfo, ProviderName } from '../../src/index.js';
import { aliyunKvstore, aliyunRds, capitalOnlineMysql, huaweiRds } from '../../src/index.js';
import { mapKvstoreBackupPolicy } from '../../src/providers/aliyun-kvstore/policy.js';
import { mapRdsBackupPolicy } from '../../src/providers/aliyun-rds/policy.js';
import { huaweiWeekdays, mapHuaweiBackupPolicy } from '../../src/providers/huawei-rds/policy.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { jsonAnswer, queryParams, verifyAcs3, verifyRpcV1, xmlAnswer } from '../providers/aliyun-common/aliyun-server.js';
import { AK, PROJECT_ID, signatureProblem } from '../providers/huawei-rds/fake-huawei.js';

const ALIYUN = { accessKeyId: 'LTAI-policy', accessKeySecret: 'policy-secret-not-real' };
const WHERE = { account: 'default', region: 'cn-hangzhou', instanceId: 'rm-1' };

let server: TestServer;
const sources: BackupSource[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sources) s.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** Reads a policy the way the audit does: through the source's runtime. */
async function policyOf<P extends ProviderName>(source: BackupSource<P>, instanceId: string): Promise<BackupPolicy | undefined> {
  sources.push(source);
  const runtime = runtimeOf(source)!;
  const instance: InstanceInfo = { provider: source.provider, account: source.account, region: source.region, instanceId };
  return runtime.policy(instance, new AbortController().signal);
}

describe('Aliyun RDS DescribeBackupPolicy', () => {
  const answer = {
    RequestId: 'R1',
    BackupRetentionPeriod: 7,
    PreferredBackupTime: '19:00Z-20:00Z',
    PreferredBackupPeriod: 'Monday,Wednesday,friday',
    BackupLog: 'Enable',
    EnableBackupLog: '1',
    LogBackupRetentionPeriod: 7,
    ArchiveBackupRetentionPeriod: '365',
    Category: 'Standard',
  };

  it('is signed (v3) and sent like the listing, and maps into one BackupPolicy', async () => {
    server.handle(() => jsonAnswer(answer));
    const policy = await policyOf(aliyunRds({ region: 'cn-hangzhou', endpoint: server.url, credentials: ALIYUN }), 'rm-1');
    const [request] = server.requests;
    expect(request!.headers['x-acs-action']).toBe('DescribeBackupPolicy');
    expect(request!.headers['x-acs-version']).toBe('2014-08-15');
    expect(queryParams(request!).get('DBInstanceId')).toBe('rm-1');
    expect(verifyAcs3(request!, ALIYUN.accessKeySecret)).toBeUndefined();
    expect(policy).toEqual({
      provider: 'aliyun-rds',
      ...WHERE,
      automated: true,
      retentionDays: 7,
      preferredWindow: '19:00Z-20:00Z',
      preferredDays: ['Monday', 'Wednesday', 'Friday'],
      logBackup: true,
      logRetentionDays: 7,
      raw: answer,
    });
  });

  it('reads the XML form (every value a string) signed with v1', async () => {
    server.handle(() =>
      xmlAnswer(
        '<?xml version="1.0" encoding="UTF-8"?><DescribeBackupPolicyResponse><RequestId>R2</RequestId><BackupRetentionPeriod>30</BackupRetentionPeriod>' +
          '<PreferredBackupTime>02:00Z-03:00Z</PreferredBackupTime><PreferredBackupPeriod>Tuesday,Saturday</PreferredBackupPeriod>' +
          '<BackupLog>Disabled</BackupLog><EnableBackupLog>0</EnableBackupLog><LogBackupRetentionPeriod>7</LogBackupRetentionPeriod></DescribeBackupPolicyResponse>',
      ),
    );
    const policy = await policyOf(aliyunRds({ region: 'cn-hangzhou', endpoint: server.url, credentials: ALIYUN, signatureVersion: 'v1', format: 'xml' }), 'rm-1');
    expect(verifyRpcV1(server.requests[0]!, ALIYUN.accessKeySecret)).toBeUndefined();
    expect(queryParams(server.requests[0]!).get('Action')).toBe('DescribeBackupPolicy');
    expect(policy).toMatchObject({ automated: true, retentionDays: 30, preferredDays: ['Tuesday', 'Saturday'], logBackup: false, logRetentionDays: 7 });
  });

  it('a 200 that is not a policy is a ResponseValidationError, never an empty policy', async () => {
    server.handle(() => jsonAnswer({ RequestId: 'R3' }));
    const source = aliyunRds({ region: 'cn-hangzhou', endpoint: server.url, credentials: ALIYUN, retry: { maxAttempts: 1 } });
    await expect(policyOf(source, 'rm-1')).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('a policy that keeps nothing or names no day takes no automated backup', () => {
    expect(mapRdsBackupPolicy({ BackupRetentionPeriod: '0' }, WHERE).automated).toBe(false);
    expect(mapRdsBackupPolicy({ BackupRetentionPeriod: 7, PreferredBackupPeriod: '' }, WHERE).automated).toBe(false);
    expect(mapRdsBackupPolicy({ BackupRetentionPeriod: 7 }, WHERE)).toMatchObject({ automated: true, retentionDays: 7 });
  });
});

describe('Aliyun KVStore DescribeBackupPolicy', () => {
  it('accepts the string retention and numeric switch of the KVStore model', async () => {
    const answer = { RequestId: 'K1', BackupRetentionPeriod: '7', PreferredBackupTime: '05:00Z-06:00Z', PreferredBackupPeriod: 'Monday,Tuesday', EnableBackupLog: 1, DbsInstance: '0' };
    server.handle(() => jsonAnswer(answer));
    const policy = await policyOf(aliyunKvstore({ region: 'cn-hangzhou', endpoint: server.url, credentials: ALIYUN }), 'r-1');
    const request = server.requests[0]!;
    expect(request.headers['x-acs-action']).toBe('DescribeBackupPolicy');
    expect(request.headers['x-acs-version']).toBe('2015-01-01');
    expect(queryParams(request).get('InstanceId')).toBe('r-1');
    expect(queryParams(request).has('RegionId')).toBe(false);
    expect(verifyAcs3(request, ALIYUN.accessKeySecret)).toBeUndefined();
    expect(policy).toEqual({
      provider: 'aliyun-kvstore',
      account: 'default',
      region: 'cn-hangzhou',
      instanceId: 'r-1',
      automated: true,
      retentionDays: 7,
      preferredWindow: '05:00Z-06:00Z',
      preferredDays: ['Monday', 'Tuesday'],
      logBackup: true,
      raw: answer,
    });
  });

  it('also reads the RDS-style types (a number retention, a string switch)', () => {
    expect(mapKvstoreBackupPolicy({ BackupRetentionPeriod: 3, EnableBackupLog: '0' }, WHERE)).toMatchObject({ retentionDays: 3, logBackup: false, automated: true });
  });
});

describe('Huawei ShowBackupPolicy', () => {
  const huawei = () => huaweiRds({ region: 'cn-north-4', endpoint: server.url, projectId: PROJECT_ID, credentials: AK });

  it('GETs /v3/{project_id}/instances/{id}/backups/policy, signed, and maps the weekday digits', async () => {
    server.handle(() => ({ body: { backup_policy: { keep_days: 7, start_time: '19:00-20:00', period: '1,2,4,7' } } }));
    const policy = await policyOf(huawei(), 'inst-9');
    const request = server.requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/v3/${PROJECT_ID}/instances/inst-9/backups/policy`);
    expect(signatureProblem(request, AK)).toBeUndefined();
    expect(policy).toEqual({
      provider: 'huawei-rds',
      account: 'default',
      region: 'cn-north-4',
      instanceId: 'inst-9',
      automated: true,
      retentionDays: 7,
      preferredWindow: '19:00-20:00',
      preferredDays: ['Monday', 'Tuesday', 'Thursday', 'Sunday'],
      raw: { keep_days: 7, start_time: '19:00-20:00', period: '1,2,4,7' },
    });
  });

  it('keep_days 0 means automated backups are off', async () => {
    server.handle(() => ({ body: { backup_policy: { keep_days: 0 } } }));
    expect(await policyOf(huawei(), 'inst-off')).toMatchObject({ automated: false, retentionDays: 0 });
    expect(mapHuaweiBackupPolicy({ keep_days: '3' }, WHERE)).toMatchObject({ automated: true, retentionDays: 3 });
  });

  it('keeps a weekday it cannot read as sent', () => {
    expect(huaweiWeekdays('1, 8')).toEqual(['Monday', '8']);
    expect(huaweiWeekdays(undefined)).toBeUndefined();
  });
});

describe('CapitalOnline', () => {
  it('has no policy API: the runtime answers undefined without a request', async () => {
    const policy = await policyOf(capitalOnlineMysql({ endpoint: server.url, credentials: ALIYUN }), 'co-1');
    expect(policy).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });
});
