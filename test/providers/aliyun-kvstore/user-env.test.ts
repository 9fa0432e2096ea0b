import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackupClient } from '../../../src/client.js';
import { CredentialsNotFoundError } from '../../../src/errors.js';
import { aliyunKvstore } from '../../../src/providers/aliyun-kvstore/index.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { dailyBackups, fakeKvstore } from './fake-kvstore.js';

const USER_SECRET = 'user-secret-from-env-not-real';
const NOW = new Date('2024-05-01T08:09:10Z');

let server: TestServer;
let emptyHome: string;

beforeAll(async () => {
  server = await startTestServer();
  emptyHome = mkdtempSync(join(tmpdir(), 'kvstore-home-'));
});
afterAll(async () => {
  await server.close();
  rmSync(emptyHome, { recursive: true, force: true });
});
beforeEach(() => {
  // Nothing from the machine running the tests: no other variables, no credentials files.
  for (const name of [
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'ALIBABA_CLOUD_SECURITY_TOKEN',
    'ALICLOUD_ACCESS_KEY',
    'ALICLOUD_SECRET_KEY',
    'ALICLOUD_SECURITY_TOKEN',
    'ALIBABA_CLOUD_PROFILE',
    'ALIBABA_CLOUD_CREDENTIALS_FILE',
  ]) {
    vi.stubEnv(name, '');
  }
  vi.stubEnv('HOME', emptyHome);
  vi.stubEnv('USERPROFILE', emptyHome);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  server.requests.length = 0;
});

describe('a user with ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET set and only a region', () => {
  it("discovers the region's KVStore instances and lists each one's backups from its creation time", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'LTAI-user');
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', USER_SECRET);
    const fake = fakeKvstore({
      secret: USER_SECRET,
      instances: [
        { InstanceId: 'r-bp1orders', InstanceType: 'Redis', RegionId: 'cn-hangzhou', CreateTime: '2024-04-28T10:15:30Z' },
        { InstanceId: 'r-bp1sessions', InstanceType: 'Tair', RegionId: 'cn-hangzhou', CreateTime: '2024-04-29T23:59:59Z' },
      ],
      backups: dailyBackups(4, '2024-04-30T16:00:00Z'),
    });
    server.handle(fake.handler);

    const client = createBackupClient({ sources: [aliyunKvstore({ region: 'cn-hangzhou', endpoint: server.url })], concurrency: 1 });
    const listed = (await client.backups().toArray()).map((b) => `${b.instanceId} ${b.id} ${b.startTime.toISOString()} ${b.status}`);
    client.close();

    // The fake serves the same backups to every instance, filtered by each request's window.
    expect(listed).toEqual([
      'r-bp1orders 1000004 2024-04-30T16:00:00.000Z success',
      'r-bp1orders 1000003 2024-04-29T16:00:00.000Z success',
      'r-bp1orders 1000002 2024-04-28T16:00:00.000Z success',
      'r-bp1sessions 1000004 2024-04-30T16:00:00.000Z success',
    ]);
    const backupWindows = fake.calls
      .filter((c) => c.action === 'DescribeBackups')
      .map((c) => [c.params.get('InstanceId'), c.params.get('StartTime'), c.params.get('EndTime')]);
    expect(backupWindows).toEqual([
      ['r-bp1orders', '2024-04-28T10:15Z', '2024-05-01T08:10Z'],
      ['r-bp1sessions', '2024-04-29T23:59Z', '2024-05-01T08:10Z'],
    ]);
    expect(fake.calls.every((c) => String(c.request.headers.authorization).includes('Credential=LTAI-user,'))).toBe(true);
  });

  it('also works with the older ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY and a given instance list', async () => {
    vi.stubEnv('ALICLOUD_ACCESS_KEY', 'LTAI-legacy');
    vi.stubEnv('ALICLOUD_SECRET_KEY', USER_SECRET);
    const fake = fakeKvstore({ secret: USER_SECRET, backups: dailyBackups(2, '2024-04-30T16:00:00Z') });
    server.handle(fake.handler);
    const source = aliyunKvstore({ region: 'cn-shenzhen', endpoint: server.url, instances: ['r-wz9given'] });
    const backups = await source.listBackups({ instanceId: 'r-wz9given' }).toArray();
    source.close();
    expect(backups.map((b) => [b.id, b.region])).toEqual([
      ['1000002', 'cn-shenzhen'],
      ['1000001', 'cn-shenzhen'],
    ]);
    expect(fake.calls).toHaveLength(1);
  });

  it('without any credentials: a CredentialsNotFoundError listing what was tried, and no request sent', async () => {
    server.handle(() => ({ status: 500, body: 'should not be called' }));
    const source = aliyunKvstore({ region: 'cn-hangzhou', endpoint: server.url });
    const error = await source.listBackups({ instanceId: 'r-x' }).toArray().catch((e: unknown) => e);
    source.close();
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    expect((error as CredentialsNotFoundError).tried.join(' ')).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(server.requests).toHaveLength(0);
  });
});
