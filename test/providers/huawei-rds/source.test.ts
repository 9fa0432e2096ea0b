import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import { AuthenticationError, ConfigurationError, PermissionError, ProviderApiError, ResponseValidationError, ThrottlingError } from '../../../src/errors.js';
import type { RetryEvent } from '../../../src/http/transport.js';
import { huaweiRds, type HuaweiRdsOptions } from '../../../src/providers/huawei-rds/index.js';
import { ANCHOR, testSource } from '../../contract/source-contract.js';
import { expectSameBackups, expectSameInstances } from '../../e2e/compare.js';
import { emulatorSource } from '../../e2e/sources.js';
import { restoreEnv, withoutCloudCredentials } from '../../helpers/clean-env.js';
import { json, startRawServer, type RawServer } from '../../helpers/raw-server.js';
import { recordSentRequests } from '../../helpers/sent-requests.js';
import { sdkSign } from '../../signing/huawei-official.js';

const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

testSource({
  provider: 'huawei-rds',
  capabilities: {
    backupsAction: 'ListBackups',
    discoveryAction: 'ListInstances',
    paging: { kind: 'offset', offset: 'offset', limit: 'limit', pageSize: 100 },
    timeWindow: { kind: 'optional', since: 'begin_time', until: 'end_time' },
    pushdown: { mode: 'backup_type', type: 'backup_type' },
    groupsParts: false,
    deniedRegion: PermissionError,
  },
  extra: ({ emu, source, instancesAt, backupCalls }) => {
    afterEach(() => vi.useRealTimers());
    const truthOf = (instanceId: string) => emu().groundTruth.backups('huawei-rds', instanceId);
    const iamCalls = () => emu().requestLog().filter((e) => e.action === 'KeystoneListProjects');

    describe('huawei-rds: requests', () => {
      it('send X-Project-Id, content-type application/json and X-Sdk-Date, signed, with the project in the path', async () => {
        const [instance] = await instancesAt();
        const sent = recordSentRequests();
        await source({ projectId: emu().huaweiProjectId }).listBackups({ instanceId: instance!.instanceId, instance }).toArray();
        const [req] = sent;
        expect(new URL(req!.url).pathname).toBe(`/v3/${emu().huaweiProjectId}/backups`);
        expect(req!.headers).toMatchObject({ 'x-project-id': emu().huaweiProjectId, 'content-type': 'application/json' });
        expect(req!.headers!['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
        expect(req!.headers!.authorization).toMatch(
          new RegExp(`^SDK-HMAC-SHA256 Access=${emu().credentials.accessKeyId}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$`),
        );
        expect(req!.headers!['x-security-token']).toBeUndefined();
      });

      it('sign and send X-Security-Token for temporary credentials (the emulator checks it)', async () => {
        const [instance] = await instancesAt();
        const sent = recordSentRequests();
        const listed = await source({ projectId: emu().huaweiProjectId, credentials: emu().stsCredentials }).listBackups({ instanceId: instance!.instanceId, instance }).toArray();
        expectSameBackups(listed, truthOf(instance!.instanceId));
        expect(sent[0]!.headers!['x-security-token']).toBe(emu().stsCredentials.securityToken);
        expect(sent[0]!.headers!.authorization).toContain('SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,');
      });

      it('send begin_time and end_time together or not at all, percent-encoded, with a numeric offset', async () => {
        const [instance] = await instancesAt();
        const windowOf = async (bounds: { since?: Date; until?: Date }) => {
          const sent = recordSentRequests();
          emu().clearRequestLog();
          await source({ projectId: emu().huaweiProjectId }).listBackups({ instanceId: instance!.instanceId, instance, ...bounds }).toArray();
          vi.restoreAllMocks();
          const { begin_time, end_time } = backupCalls()[0]!.params;
          return { begin_time, end_time, raw: new URL(sent[0]!.url).search };
        };
        const both = await windowOf({ since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-03-02T00:00:00Z') });
        expect([both.begin_time, both.end_time]).toEqual(['2026-03-01T00:00:00+0000', '2026-03-02T00:00:00+0000']);
        expect(both.raw).toContain('begin_time=2026-03-01T00%3A00%3A00%2B0000');
        expect(both.raw).not.toContain('+');

        const before = Date.now();
        const sinceOnly = await windowOf({ since: new Date('2026-03-01T00:00:00Z') });
        expect(sinceOnly.begin_time).toBe('2026-03-01T00:00:00+0000');
        // An open end is the walk's clock plus the gateway's 15-minute skew allowance.
        expect(Date.parse(sinceOnly.end_time!.replace('+0000', 'Z')) - before).toBeGreaterThanOrEqual(15 * 60_000 - 1000);

        const untilOnly = await windowOf({ until: new Date('2026-03-02T00:00:00Z') });
        expect([untilOnly.begin_time, untilOnly.end_time]).toEqual(['2010-01-01T00:00:00+0000', '2026-03-02T00:00:00+0000']);

        const neither = await windowOf({});
        expect([neither.begin_time, neither.end_time]).toEqual([undefined, undefined]);
      });

      it('send backup_type when the query pins one Huawei type, none when it is ambiguous, and re-filter on the client', async () => {
        const [instance] = await instancesAt();
        const id = instance!.instanceId;
        const pushed = async (q: { mode?: 'automated' | 'manual'; type?: 'full' | 'differential' | 'incremental' }) => {
          emu().clearRequestLog();
          const listed = await source().listBackups({ instanceId: id, instance, ...q }).toArray();
          expectSameBackups(listed, truthOf(id).filter((b) => (!q.mode || b.mode === q.mode) && (!q.type || b.type === q.type)));
          return backupCalls().map((c) => c.params.backup_type);
        };
        expect(await pushed({ type: 'incremental' })).toEqual(['incremental']);
        expect(await pushed({ mode: 'automated', type: 'full' })).toEqual(['auto']);
        expect(await pushed({ mode: 'manual' })).toEqual(['manual']);
        expect(await pushed({ type: 'full' })).toEqual(expect.arrayContaining([undefined]));
      });
    });

    describe('huawei-rds: the project id', () => {
      it('is looked up through IAM once per source and reused by concurrent listings and discovery', async () => {
        const sent = recordSentRequests();
        emu().clearRequestLog();
        const s = source();
        const [a, b] = emu().groundTruth.instances('huawei-rds').filter((i) => i.account === 'default' && i.region === emu().huaweiRegion);
        const [la, lb] = await Promise.all([s.listBackups({ instanceId: a!.instanceId }).toArray(), s.listBackups({ instanceId: b!.instanceId }).toArray()]);
        expectSameBackups(la, truthOf(a!.instanceId));
        expectSameBackups(lb, truthOf(b!.instanceId));
        await s.listInstances();
        expect(iamCalls().map((e) => e.params)).toEqual([{ name: emu().huaweiRegion }]);
        const iam = sent.filter((r) => new URL(r.url).pathname === '/v3/projects');
        expect(iam).toHaveLength(1);
        expect(iam[0]!.headers!['x-project-id']).toBeUndefined();
        expect(iam[0]!.headers!.authorization).toContain('SignedHeaders=content-type;host;x-sdk-date,');
        expect(sent.filter((r) => !iam.includes(r)).every((r) => r.headers!['x-project-id'] === emu().huaweiProjectId)).toBe(true);
      });

      it('comes from the projectId option, or HUAWEICLOUD_SDK_PROJECT_ID with the environment keys, without IAM', async () => {
        const [instance] = await instancesAt();
        emu().clearRequestLog();
        await source({ projectId: emu().huaweiProjectId }).listBackups({ instanceId: instance!.instanceId }).toArray();
        const home = withoutCloudCredentials();
        try {
          vi.stubEnv('HUAWEICLOUD_SDK_AK', emu().credentials.accessKeyId);
          vi.stubEnv('HUAWEICLOUD_SDK_SK', emu().credentials.accessKeySecret);
          vi.stubEnv('HUAWEICLOUD_SDK_PROJECT_ID', emu().huaweiProjectId);
          expect(await source({ credentials: undefined }).listBackups({ instanceId: instance!.instanceId }).toArray()).toHaveLength(truthOf(instance!.instanceId).length);
          expect(iamCalls()).toEqual([]);
          // The variable belongs to the environment's keys: with keys passed as an option it is not used.
          vi.stubEnv('HUAWEICLOUD_SDK_PROJECT_ID', 'someone-elses-project');
          await source().listBackups({ instanceId: instance!.instanceId }).toArray();
          expect(iamCalls()).toHaveLength(1);
        } finally {
          restoreEnv(home);
        }
      });

      it('is a clear ConfigurationError when IAM lists no project of that name; a project is never created', async () => {
        emu().clearRequestLog();
        const error = await source({}, { location: 'cn-southwest-9' }).listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toMatch(/no project named "cn-southwest-9".*never created.*projectId/s);
        expect(emu().requestLog().map((e) => e.action)).toEqual(['KeystoneListProjects']);
      });

      it('a failed lookup is not cached: the next listing looks it up again', async () => {
        const [instance] = await instancesAt();
        emu().clearRequestLog();
        const s = source({ retry: false });
        emu().setFaults({ serverErrorRate: 1 });
        const first = await s.listBackups({ instanceId: instance!.instanceId }).toArray().catch((e: unknown) => e);
        expect(first).toBeInstanceOf(ProviderApiError);
        expect((first as ProviderApiError).operation).toBe('KeystoneListProjects');
        expect((first as Error).message).toContain('KeystoneListProjects failed');
        emu().setFaults({});
        expect(await s.listBackups({ instanceId: instance!.instanceId }).toArray()).toHaveLength(truthOf(instance!.instanceId).length);
        expect(iamCalls()).toHaveLength(2);
      });

      it('refuses to send the keys to public IAM when only the RDS endpoint is overridden', async () => {
        emu().clearRequestLog();
        const s = huaweiRds({ region: emu().huaweiRegion, endpoint: emu().url, credentials: emu().credentials, retry: false });
        const error = await s.listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
        s.close();
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toContain('https://iam.cn-north-4.myhuaweicloud.com');
        expect(emu().requestLog()).toEqual([]);
      });
    });

    describe('huawei-rds: retries and errors', () => {
      it('retries a 429 re-signed with a fresh X-Sdk-Date', async () => {
        const [instance] = await instancesAt();
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-05-02T00:00:00Z') });
        const sent = recordSentRequests();
        const retries: RetryEvent[] = [];
        emu().setFaults({ throttleRate: 1 });
        const listed = await source({ projectId: emu().huaweiProjectId, pageConcurrency: 1 })
          .listBackups({
            instanceId: instance!.instanceId,
            instance,
            observer: {
              onRetry: (e) => {
                retries.push(e);
                emu().setFaults({});
                vi.setSystemTime(new Date('2026-05-02T00:00:07Z'));
              },
            },
          })
          .toArray();
        expect(listed).toHaveLength(truthOf(instance!.instanceId).length);
        expect(retries).toHaveLength(1);
        expect(retries[0]!.error).toBeInstanceOf(ThrottlingError);
        expect(retries[0]!.error).toMatchObject({ code: 'APIGW.0308', httpStatus: 429, retryAfterMs: 1000 });
        expect((retries[0]!.error as ThrottlingError).requestId).toMatch(/^[0-9a-f]{32}$/);
        expect(sent.slice(0, 2).map((r) => r.headers!['x-sdk-date'])).toEqual(['20260502T000000Z', '20260502T000007Z']);
      });

      it('a throttled call whose retries run out is a ThrottlingError naming the operation and the instance', async () => {
        const [instance] = await instancesAt();
        emu().setFaults({ throttleRate: 1 });
        const error = await source({ projectId: emu().huaweiProjectId, retry: false }).listBackups({ instanceId: instance!.instanceId }).toArray().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ThrottlingError);
        expect(error).toMatchObject({ provider: 'huawei-rds', code: 'APIGW.0308', httpStatus: 429, operation: 'ListBackups', instanceId: instance!.instanceId });
      });

      it("another account's project is a PermissionError (APIGW.0302); an unknown instance names its code", async () => {
        const [instance] = await instancesAt();
        const other = emu().huaweiProjectIdFor(emu().accounts[1]!.name, emu().huaweiRegion);
        const denied = await source({ projectId: other, retry: false }).listBackups({ instanceId: instance!.instanceId }).toArray().catch((e: unknown) => e);
        expect(denied).toBeInstanceOf(PermissionError);
        expect(denied).toMatchObject({ code: 'APIGW.0302', httpStatus: 403, operation: 'ListBackups', instanceId: instance!.instanceId });
        const missing = await source({ projectId: emu().huaweiProjectId }).listBackups({ instanceId: 'inst-x' }).toArray().catch((e: unknown) => e);
        expect(missing).toMatchObject({ code: 'DBS.200002', httpStatus: 404, operation: 'ListBackups', instanceId: 'inst-x' });
        expect((missing as ProviderApiError).requestId).toMatch(/^[0-9a-f]{32}$/);
      });

      it('a wrong secret is APIGW.0301, never retried, and the secret is not shown', async () => {
        emu().clearRequestLog();
        const error = await source({ projectId: emu().huaweiProjectId, credentials: { accessKeyId: emu().credentials.accessKeyId, accessKeySecret: 'hw-not-the-secret' } })
          .listBackups({ instanceId: 'inst-x' })
          .toArray()
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuthenticationError);
        expect((error as ProviderApiError).code).toBe('APIGW.0301');
        expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain('hw-not-the-secret');
        expect(backupCalls()).toHaveLength(1);
      });
    });

    describe('huawei-rds: discovery', () => {
      it('pages GET /v3/{project_id}/instances by offset/limit 100', async () => {
        const many = await startEmulator({ seed: 8, instances: { 'huawei-rds': 130 }, backupsPerInstance: 0, anchorTime: ANCHOR });
        try {
          const s = emulatorSource(many, 'huawei-rds', { projectId: many.huaweiProjectId });
          expectSameInstances(await s.listInstances(), many.groundTruth.instances('huawei-rds'));
          s.close();
          expect(many.requestLog().map((e) => [e.action, e.params.offset, e.params.limit])).toEqual([
            ['ListInstances', '0', '100'],
            ['ListInstances', '100', '100'],
          ]);
        } finally {
          await many.close();
        }
      });
    });
  },
});

/** What the emulator cannot say: an endpoint under a path, IAM answers and pages made by hand. */
describe('huawei-rds against hand-made answers', () => {
  let server: RawServer;
  const AK = { accessKeyId: 'HWAKTESTONLY0000', accessKeySecret: 'hw-secret-test-only/+=' };
  const PROJECT = '0483b6b16e954cb88930a360d2c4e663';
  const opened: { close(): void }[] = [];
  beforeAll(async () => {
    server = await startRawServer();
  });
  afterAll(() => server.close());
  afterEach(() => opened.splice(0).forEach((s) => s.close()));
  const source = (options: Partial<HuaweiRdsOptions> = {}) => {
    const s = huaweiRds({ region: 'cn-north-4', endpoint: server.url, iamEndpoint: server.url, credentials: AK, retry: false, ...options });
    opened.push(s);
    return s;
  };

  it('signs a path prefix of the endpoint as part of the path, as the official SDK does', async () => {
    server.handle(() => json({ backups: [], total_count: 0 }));
    expect(await source({ projectId: PROJECT, endpoint: `${server.url}/huawei/` }).listBackups({ instanceId: 'inst-a' }).toArray()).toEqual([]);
    const [req] = server.requests;
    expect(req!.path).toBe(`/huawei/v3/${PROJECT}/backups`);
    const sdkDate = String(req!.headers['x-sdk-date']);
    const at = new Date(sdkDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const official = await sdkSign(
      { method: 'GET', scheme: 'http', host: String(req!.headers.host), url: '/huawei/v3/{project_id}/backups', query: req!.query, headers: { 'Content-Type': 'application/json' }, creds: AK, projectId: PROJECT },
      at,
    );
    expect(req!.headers.authorization).toBe(official.headers.Authorization ?? official.headers.authorization);
  });

  it('several projects of one name: a ConfigurationError listing them, and nothing else requested', async () => {
    server.handle(() => json({ projects: [{ id: 'p1', name: 'cn-north-4' }, { id: 'p2', name: 'cn-north-4' }, { id: 'sub', name: 'cn-north-4_sub' }] }));
    const error = await source().listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('2 projects named "cn-north-4" (p1, p2)');
    expect(server.requests.map((r) => r.path)).toEqual(['/v3/projects']);
  });

  it('a 200 that is not a ListBackups page is a validation error, not an empty listing', async () => {
    server.handle(() => json({ instances: [] }));
    const error = await source({ projectId: PROJECT }).listBackups({ instanceId: 'inst-a' }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/ListBackups answered HTTP 200 with a body without the expected fields.*backups/);
  });
});

describe('huaweiRds options', () => {
  it('rejects unknown options, a malformed region, a bad project id and a plain-http remote IAM endpoint', () => {
    expect(() => huaweiRds({ region: 'cn-north-4', regoin: 'x' } as unknown as HuaweiRdsOptions)).toThrow(/unknown option "regoin"/);
    expect(() => huaweiRds({ region: 'cn_north_4' })).toThrow(/not a Huawei Cloud region id/);
    expect(() => huaweiRds({ region: 'cn-north-4', projectId: '../admin' })).toThrow(/projectId must be a project id/);
    expect(() => huaweiRds({ region: 'cn-north-4', iamEndpoint: 'http://iam.example.com' })).toThrow(/iamEndpoint .* plain http/);
    expect(() => huaweiRds(undefined as unknown as HuaweiRdsOptions)).toThrow(ConfigurationError);
  });

  it('exposes provider and region, for a region on its own domain too', () => {
    const src = huaweiRds({ region: 'eu-west-101', credentials: { accessKeyId: 'a', accessKeySecret: 'b' } });
    expect([src.provider, src.region]).toEqual(['huawei-rds', 'eu-west-101']);
    src.close();
  });
});
