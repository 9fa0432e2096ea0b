import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialsNotFoundError } from '../../../src/errors.js';
import { huaweiRds } from '../../../src/providers/huawei-rds/index.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { PROJECT_ID, REGION, backupsFor, backupsPage, iamProjects, isBackups, isIam, signatureProblem } from './fake-huawei.js';

const ENV_AK = { accessKeyId: 'HWENVAK000000001', accessKeySecret: 'env-secret-test-only' };

let server: TestServer;
let emptyDir: string;

beforeAll(async () => {
  server = await startTestServer((req) => {
    const problem = signatureProblem(req, ENV_AK);
    if (problem) return { status: 401, body: { error_code: 'APIGW.0301', error_msg: problem } };
    if (isIam(req)) return iamProjects();
    if (isBackups(req)) return backupsPage(req, backupsFor('rds-instance-1', 3));
    return { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'no route' } };
  });
  emptyDir = await mkdtemp(join(tmpdir(), 'huawei-env-'));
});
afterAll(async () => {
  await server.close();
  await rm(emptyDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  server.requests.length = 0;
});

describe('a user with a region and the standard environment variables', () => {
  it('lists an instance’s backups; the project id comes from IAM', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_AK', ENV_AK.accessKeyId);
    vi.stubEnv('HUAWEICLOUD_SDK_SK', ENV_AK.accessKeySecret);
    vi.stubEnv('HUAWEICLOUD_SDK_PROJECT_ID', '');
    const source = huaweiRds({ region: REGION, endpoint: server.url, iamEndpoint: server.url });
    const backups = await source.listBackups({ instanceId: 'rds-instance-1' }).toArray();
    source.close();
    expect(backups.map((b) => b.id)).toEqual(['rds-instance-1-b0000', 'rds-instance-1-b0001', 'rds-instance-1-b0002']);
    expect(backups.every((b) => b.provider === 'huawei-rds' && b.region === REGION)).toBe(true);
    expect(server.requests.filter(isIam)).toHaveLength(1);
    expect(server.requests.filter(isBackups).every((r) => r.path === `/v3/${PROJECT_ID}/backups`)).toBe(true);
  });

  it('uses HUAWEICLOUD_SDK_PROJECT_ID when set, with no IAM call', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_AK', ENV_AK.accessKeyId);
    vi.stubEnv('HUAWEICLOUD_SDK_SK', ENV_AK.accessKeySecret);
    vi.stubEnv('HUAWEICLOUD_SDK_PROJECT_ID', PROJECT_ID);
    const source = huaweiRds({ region: REGION, endpoint: server.url, iamEndpoint: server.url });
    expect(await source.listBackups({ instanceId: 'rds-instance-1' }).toArray()).toHaveLength(3);
    source.close();
    expect(server.requests.filter(isIam)).toHaveLength(0);
    expect(server.requests.filter(isBackups)[0]!.headers['x-project-id']).toBe(PROJECT_ID);
  });

  it('ignores HUAWEICLOUD_SDK_PROJECT_ID when credentials are passed explicitly (it belongs to the env keys)', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_PROJECT_ID', 'someone-elses-project');
    const source = huaweiRds({ region: REGION, endpoint: server.url, iamEndpoint: server.url, credentials: ENV_AK });
    expect(await source.listBackups({ instanceId: 'rds-instance-1' }).toArray()).toHaveLength(3);
    source.close();
    expect(server.requests.filter(isIam)).toHaveLength(1);
  });

  it('reads the environment lazily (on the first request, not when the source is created)', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_AK', '');
    vi.stubEnv('HUAWEICLOUD_SDK_SK', '');
    const source = huaweiRds({ region: REGION, endpoint: server.url, projectId: PROJECT_ID });
    vi.stubEnv('HUAWEICLOUD_SDK_AK', ENV_AK.accessKeyId);
    vi.stubEnv('HUAWEICLOUD_SDK_SK', ENV_AK.accessKeySecret);
    expect(await source.listBackups({ instanceId: 'rds-instance-1' }).toArray()).toHaveLength(3);
    source.close();
  });

  it('without any credentials, says what it tried and sends nothing', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_AK', '');
    vi.stubEnv('HUAWEICLOUD_SDK_SK', '');
    vi.stubEnv('HUAWEICLOUD_SDK_CREDENTIALS_FILE', '');
    vi.stubEnv('HOME', emptyDir);
    vi.stubEnv('USERPROFILE', emptyDir);
    const source = huaweiRds({ region: REGION, endpoint: server.url, projectId: PROJECT_ID });
    const error = await source.listBackups({ instanceId: 'rds-instance-1' }).toArray().catch((e: unknown) => e);
    source.close();
    expect(error).toBeInstanceOf(CredentialsNotFoundError);
    expect((error as Error).message).toContain('HUAWEICLOUD_SDK_AK');
    expect((error as Error).message).toContain(join(emptyDir, '.huaweicloud', 'credentials'));
    expect(server.requests).toHaveLength(0);
  });
});
