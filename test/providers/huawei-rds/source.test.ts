import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConfigurationError,
  NotFoundError,
  PermissionError,
  ProviderApiError,
  ThrottlingError,
} from '../../../src/errors.js';
import { huaweiRds, type HuaweiRdsOptions } from '../../../src/providers/huawei-rds/index.js';
import { startTestServer, type RecordedRequest, type ScriptedResponse, type TestServer } from '../../helpers/test-server.js';
import {
  AK,
  PROJECT_ID,
  REGION,
  backupsFor,
  backupsPage,
  iamProjects,
  isBackups,
  isIam,
  isInstances,
  queryPairs,
  rawQuery,
  signatureProblem,
} from './fake-huawei.js';
import { fixtureBody } from './fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  vi.useRealTimers();
});

/** Answers only correctly signed requests (401 APIGW.0301 otherwise), then defers to `route`. */
function serve(route: (req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>, creds = AK): void {
  server.handle((req) => {
    const problem = signatureProblem(req, creds);
    if (problem) return { status: 401, body: { error_code: 'APIGW.0301', error_msg: `test server: ${problem}` } };
    return route(req);
  });
}

function source(options: Partial<HuaweiRdsOptions> = {}) {
  return huaweiRds({
    region: REGION,
    endpoint: server.url,
    iamEndpoint: server.url,
    credentials: AK,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...options,
  });
}

const backupRequests = () => server.requests.filter(isBackups);

describe('ListBackups paging', () => {
  it('walks offset/limit 100 over several pages, prefetching once total_count is known, and yields in order', async () => {
    const all = backupsFor('inst-a', 250);
    let releasePage2: (() => void) | undefined;
    const page3Requested = new Promise<void>((resolve) => {
      releasePage2 = resolve;
    });
    serve(async (req) => {
      if (!isBackups(req)) return { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'no route' } };
      const offset = queryPairs(req).offset;
      if (offset === '200') releasePage2?.();
      // Page 2 answers only once page 3 has been asked for: without prefetch this would time out.
      if (offset === '100') await Promise.race([page3Requested, new Promise((r) => setTimeout(r, 3000))]);
      return backupsPage(req, all);
    });
    const src = source({ projectId: PROJECT_ID });
    const items = await src.listBackups({ instanceId: 'inst-a' }).toArray();
    src.close();

    expect(items.map((b) => b.id)).toEqual(all.map((b) => b.id));
    const requests = backupRequests();
    expect(requests.map((r) => queryPairs(r).offset).sort()).toEqual(['0', '100', '200']);
    expect(requests.every((r) => queryPairs(r).limit === '100' && queryPairs(r).instance_id === 'inst-a')).toBe(true);
    const page2 = requests.find((r) => queryPairs(r).offset === '100')!;
    const page3 = requests.find((r) => queryPairs(r).offset === '200')!;
    expect(page3.receivedAt - page2.receivedAt).toBeLessThan(2000);
    // the first item maps through the whole stack
    expect(items[0]).toMatchObject({ provider: 'huawei-rds', instanceId: 'inst-a', region: REGION, status: 'success', mode: 'automated', type: 'full', sizeBytes: 10 * 1024 });
    expect(items[0]!.startTime.toISOString()).toBe('2024-02-29T16:00:00.000Z');
  });

  it('sends X-Project-Id, content-type application/json, X-Sdk-Date, and the project in the path', async () => {
    serve((req) => backupsPage(req, backupsFor('inst-a', 1)));
    const src = source({ projectId: PROJECT_ID });
    await src.listBackups({ instanceId: 'inst-a' }).toArray();
    src.close();
    const [req] = backupRequests();
    expect(req!.path).toBe(`/v3/${PROJECT_ID}/backups`);
    expect(req!.headers['x-project-id']).toBe(PROJECT_ID);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req!.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=HWAKTESTONLY0000, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/);
    expect(req!.headers['x-security-token']).toBeUndefined();
  });

  it('signs and sends X-Security-Token for temporary credentials', async () => {
    const sts = { accessKeyId: 'STSAKTEST', accessKeySecret: 'sts-secret', securityToken: 'sts-token+/=' };
    serve((req) => backupsPage(req, backupsFor('inst-a', 1)), sts);
    const src = source({ projectId: PROJECT_ID, credentials: sts });
    expect(await src.listBackups({ instanceId: 'inst-a' }).toArray()).toHaveLength(1);
    src.close();
    const [req] = backupRequests();
    expect(req!.headers['x-security-token']).toBe('sts-token+/=');
    expect(req!.headers.authorization).toContain('SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,');
  });

  it('signs a path prefix in the endpoint as part of the path', async () => {
    serve((req) => backupsPage(req, backupsFor('inst-a', 1)));
    const src = source({ projectId: PROJECT_ID, endpoint: `${server.url}/huawei/` });
    expect(await src.listBackups({ instanceId: 'inst-a' }).toArray()).toHaveLength(1);
    src.close();
    expect(server.requests.map((r) => r.path)).toEqual([`/huawei/v3/${PROJECT_ID}/backups`]);
  });

  it('lists an empty instance with one request', async () => {
    serve(() => ({ status: 200, body: fixtureBody('list-backups.empty.json') }));
    const src = source({ projectId: PROJECT_ID });
    expect(await src.listBackups({ instanceId: 'inst-empty' }).toArray()).toEqual([]);
    src.close();
    expect(backupRequests()).toHaveLength(1);
  });
});

describe('begin_time / end_time', () => {
  async function windowOf(query: { since?: Date; until?: Date }) {
    server.requests.length = 0;
    serve((req) => backupsPage(req, []));
    const src = source({ projectId: PROJECT_ID });
    await src.listBackups({ instanceId: 'inst-a', ...query }).toArray();
    src.close();
    const [req] = backupRequests();
    return { pairs: queryPairs(req!), raw: rawQuery(req!) };
  }

  it('are always sent together, encoded, with a numeric offset', async () => {
    const both = await windowOf({ since: new Date('2024-03-01T00:00:00Z'), until: new Date('2024-03-02T00:00:00Z') });
    expect(both.pairs.begin_time).toBe('2024-03-01T00:00:00+0000');
    expect(both.pairs.end_time).toBe('2024-03-02T00:00:00+0000');
    expect(both.raw).toContain('begin_time=2024-03-01T00%3A00%3A00%2B0000');
    expect(both.raw).not.toContain('+');

    const sinceOnly = await windowOf({ since: new Date('2024-03-01T00:00:00Z') });
    expect(sinceOnly.pairs.begin_time).toBe('2024-03-01T00:00:00+0000');
    expect(sinceOnly.pairs.end_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    expect(Date.parse(sinceOnly.pairs.end_time!.replace('+0000', 'Z'))).toBeGreaterThan(Date.now());

    const untilOnly = await windowOf({ until: new Date('2024-03-02T00:00:00Z') });
    expect(untilOnly.pairs.begin_time).toBe('2010-01-01T00:00:00+0000');
    expect(untilOnly.pairs.end_time).toBe('2024-03-02T00:00:00+0000');

    const neither = await windowOf({});
    expect(neither.pairs.begin_time).toBeUndefined();
    expect(neither.pairs.end_time).toBeUndefined();
  });

  it('keeps one window across the pages of a walk, and filters exactly on the client', async () => {
    const all = backupsFor('inst-a', 150);
    serve((req) => backupsPage(req, all));
    const src = source({ projectId: PROJECT_ID });
    const since = new Date('2024-02-28T00:00:00Z');
    const items = await src.listBackups({ instanceId: 'inst-a', since }).toArray();
    src.close();
    const ends = new Set(backupRequests().map((r) => queryPairs(r).end_time));
    expect(backupRequests()).toHaveLength(2);
    expect(ends.size).toBe(1);
    // the server ignored the window; the client still applied it
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((b) => b.startTime >= since)).toBe(true);
    expect(items).toHaveLength(all.filter((b) => Date.parse(String(b.begin_time).replace('+0800', '+08:00')) >= since.getTime()).length);
  });
});

describe('backup_type pushdown', () => {
  async function sentBackupType(query: Parameters<ReturnType<typeof source>['listBackups']>[0]) {
    server.requests.length = 0;
    const mixed = [...backupsFor('inst-a', 2, 'auto'), ...backupsFor('inst-b', 2, 'fragment'), ...backupsFor('inst-c', 2, 'manual')];
    serve((req) => backupsPage(req, mixed));
    const src = source({ projectId: PROJECT_ID });
    const items = await src.listBackups(query).toArray();
    src.close();
    return { backupType: queryPairs(backupRequests()[0]!).backup_type, items };
  }

  it('sends backup_type when the query pins one Huawei type, and re-filters on the client', async () => {
    const differential = await sentBackupType({ instanceId: 'inst-a', type: 'differential' });
    expect(differential.backupType).toBe('fragment');
    expect(differential.items.map((b) => b.raw.type)).toEqual(['fragment', 'fragment']);

    const automatedFull = await sentBackupType({ instanceId: 'inst-a', mode: 'automated', type: 'full' });
    expect(automatedFull.backupType).toBe('auto');
    expect(automatedFull.items.map((b) => b.raw.type)).toEqual(['auto', 'auto']);

    expect((await sentBackupType({ instanceId: 'inst-a', mode: 'manual' })).backupType).toBe('manual');
  });

  it('sends none when the query is ambiguous', async () => {
    const full = await sentBackupType({ instanceId: 'inst-a', type: 'full' });
    expect(full.backupType).toBeUndefined();
    expect(full.items.map((b) => b.raw.type).sort()).toEqual(['auto', 'auto', 'manual', 'manual']);
  });
});

describe('project id', () => {
  it('is resolved through IAM once and reused across instances, listings and discovery', async () => {
    const instances = fixtureBody('list-instances.json') as { instances: { id: string }[] };
    serve(async (req) => {
      if (isIam(req)) {
        await new Promise((r) => setTimeout(r, 30)); // concurrent callers must share this one lookup
        return iamProjects();
      }
      if (isInstances(req)) return { status: 200, body: fixtureBody('list-instances.json') };
      if (isBackups(req)) return backupsPage(req, backupsFor(queryPairs(req).instance_id!, 3));
      return { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'no route' } };
    });
    const src = source();
    const [a, b] = await Promise.all([src.listBackups({ instanceId: 'inst-1' }).toArray(), src.listBackups({ instanceId: 'inst-2' }).toArray()]);
    const discovered = await src.listInstances();
    for (const instance of discovered) await src.listBackups({ instanceId: instance.instanceId }).toArray();
    await src.listBackups({ instanceId: 'inst-1' }).toArray();
    src.close();

    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
    expect(discovered.map((i) => i.instanceId)).toEqual(instances.instances.map((i) => i.id));
    const iam = server.requests.filter(isIam);
    expect(iam).toHaveLength(1);
    expect(queryPairs(iam[0]!)).toEqual({ name: REGION });
    expect(iam[0]!.headers['x-project-id']).toBeUndefined();
    expect(iam[0]!.headers.authorization).toContain('SignedHeaders=content-type;host;x-sdk-date,');
    expect(server.requests.filter((r) => !isIam(r)).every((r) => r.headers['x-project-id'] === PROJECT_ID)).toBe(true);
  });

  it('comes from the projectId option without any IAM call', async () => {
    serve((req) => (isIam(req) ? iamProjects() : backupsPage(req, [])));
    const src = source({ projectId: PROJECT_ID });
    await src.listBackups({ instanceId: 'inst-1' }).toArray();
    src.close();
    expect(server.requests.filter(isIam)).toHaveLength(0);
  });

  it('fails clearly on zero or several matching projects, and never creates one', async () => {
    const body = (projects: unknown[]) => ({ status: 200, body: { projects } });
    serve((req) => (isIam(req) ? body([{ id: 'sub', name: `${REGION}_sub` }]) : backupsPage(req, [])));
    let src = source();
    const none = await src.listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
    src.close();
    expect(none).toBeInstanceOf(ConfigurationError);
    expect((none as Error).message).toMatch(/no project named "cn-north-4".*never created.*projectId/s);

    serve((req) => (isIam(req) ? body([{ id: 'p1', name: REGION }, { id: 'p2', name: REGION }]) : backupsPage(req, [])));
    src = source();
    const several = await src.listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
    src.close();
    expect(several).toBeInstanceOf(ConfigurationError);
    expect((several as Error).message).toContain('2 projects named "cn-north-4" (p1, p2)');
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(backupRequests()).toHaveLength(0);
  });

  it('a failed lookup is not cached', async () => {
    let calls = 0;
    serve((req) => {
      if (isIam(req)) return ++calls === 1 ? { status: 403, body: fixtureBody('error.iam-keystone.json') } : iamProjects();
      return backupsPage(req, []);
    });
    const src = source();
    const first = await src.listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(PermissionError);
    expect((first as Error).message).toContain('KeystoneListProjects (GET /v3/projects)');
    expect(await src.listBackups({ instanceId: 'inst-1' }).toArray()).toEqual([]);
    src.close();
    expect(calls).toBe(2);
  });

  it('refuses to send credentials to public IAM when only the RDS endpoint is overridden', async () => {
    serve((req) => backupsPage(req, []));
    const src = huaweiRds({ region: REGION, endpoint: server.url, credentials: AK, retry: false });
    const error = await src.listBackups({ instanceId: 'inst-1' }).toArray().catch((e: unknown) => e);
    src.close();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('https://iam.cn-north-4.myhuaweicloud.com');
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries and errors', () => {
  it('retries a 429 (honouring Retry-After) and re-signs the retry with a fresh X-Sdk-Date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-03-01T00:00:00Z'));
    let calls = 0;
    serve((req) => {
      if (++calls === 1) {
        vi.setSystemTime(new Date('2024-03-01T00:00:07Z'));
        return { status: 429, body: fixtureBody('error.apigw-throttled.json'), headers: { 'retry-after': '0', 'x-request-id': 'throttled-1' } };
      }
      return backupsPage(req, backupsFor('inst-a', 2));
    });
    const retries: unknown[] = [];
    const src = source({ projectId: PROJECT_ID });
    const items = await src.listBackups({ instanceId: 'inst-a', observer: { onRetry: (e) => retries.push(e.error) } }).toArray();
    src.close();
    expect(items).toHaveLength(2);
    expect(calls).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toBeInstanceOf(ThrottlingError);
    expect(retries[0]).toMatchObject({ requestId: 'throttled-1', code: 'APIGW.0308' });
    expect(backupRequests().map((r) => r.headers['x-sdk-date'])).toEqual(['20240301T000000Z', '20240301T000007Z']);
  });

  const cases: { name: string; status: number; fixture: string; type: new (...args: never[]) => Error; code: string }[] = [
    { name: '{error_code, error_msg} APIGW.0301', status: 401, fixture: 'error.apigw-signature.json', type: AuthenticationError, code: 'APIGW.0301' },
    { name: '{error_code, error_msg} APIGW.0302', status: 403, fixture: 'error.apigw-forbidden.json', type: PermissionError, code: 'APIGW.0302' },
    { name: '{error_code, error_msg} DBS.200002', status: 404, fixture: 'error.rds-instance-not-found.json', type: NotFoundError, code: 'DBS.200002' },
    { name: '{code, message}', status: 400, fixture: 'error.code-message.json', type: ProviderApiError, code: 'DBS.200001' },
    { name: '{error: {code, message}}', status: 403, fixture: 'error.iam-keystone.json', type: PermissionError, code: '403' },
    { name: '429 throttling after retries run out', status: 429, fixture: 'error.apigw-throttled.json', type: ThrottlingError, code: 'APIGW.0308' },
  ];

  for (const c of cases) {
    it(`${c.name} -> ${c.type.name} with the request id`, async () => {
      serve(() => ({ status: c.status, body: fixtureBody(c.fixture), headers: { 'x-request-id': `rid-${c.status}` } }));
      const src = source({ projectId: PROJECT_ID, retry: false });
      const error = await src.listBackups({ instanceId: 'inst-x' }).toArray().catch((e: unknown) => e);
      src.close();
      expect(error).toBeInstanceOf(c.type);
      expect(error).toMatchObject({ provider: 'huawei-rds', code: c.code, httpStatus: c.status, requestId: `rid-${c.status}`, operation: 'ListBackups', instanceId: 'inst-x' });
      expect(backupRequests()).toHaveLength(1);
    });
  }

  it("the fake gateway's own signature check rejects a wrong secret (so the checks above mean something)", async () => {
    serve((req) => backupsPage(req, []));
    const src = source({ projectId: PROJECT_ID, credentials: { accessKeyId: AK.accessKeyId, accessKeySecret: 'not-the-secret' } });
    const error = await src.listBackups({ instanceId: 'inst-x' }).toArray().catch((e: unknown) => e);
    src.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('signature mismatch');
    expect((error as Error).message).not.toContain('not-the-secret');
  });

  it('authentication errors are never retried', async () => {
    serve(() => ({ status: 401, body: fixtureBody('error.apigw-signature.json') }));
    const src = source({ projectId: PROJECT_ID });
    await expect(src.listBackups({ instanceId: 'inst-x' }).toArray()).rejects.toBeInstanceOf(AuthenticationError);
    src.close();
    expect(backupRequests()).toHaveLength(1);
  });

  it('5xx is retried, then succeeds', async () => {
    let calls = 0;
    serve((req) => (++calls === 1 ? { status: 502, body: 'Bad Gateway' } : backupsPage(req, backupsFor('inst-a', 1))));
    const src = source({ projectId: PROJECT_ID });
    expect(await src.listBackups({ instanceId: 'inst-a' }).toArray()).toHaveLength(1);
    src.close();
    expect(calls).toBe(2);
  });

  it('a 200 that is not a ListBackups page is a validation error, not an empty listing', async () => {
    serve(() => ({ status: 200, body: { instances: [] } }));
    const src = source({ projectId: PROJECT_ID, retry: false });
    await expect(src.listBackups({ instanceId: 'inst-a' }).toArray()).rejects.toThrow(/ListBackups returned a response we cannot read.*backups/);
    src.close();
  });
});

describe('instance discovery', () => {
  it('pages GET /v3/{project_id}/instances by offset/limit 100 and maps each instance', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({
      id: `inst-${String(i).padStart(3, '0')}`,
      name: `db-${i}`,
      status: 'ACTIVE',
      type: 'Single',
      datastore: { type: 'PostgreSQL', version: '14' },
      created: '2023-11-02T18:15:00+0800',
    }));
    serve((req) => {
      const q = queryPairs(req);
      const offset = Number(q.offset);
      return { status: 200, body: { instances: many.slice(offset, offset + Number(q.limit)), total_count: many.length } };
    });
    const src = source({ projectId: PROJECT_ID });
    const found = await src.listInstances();
    src.close();
    const requests = server.requests.filter(isInstances);
    expect(requests.map((r) => queryPairs(r))).toEqual([
      { offset: '0', limit: '100' },
      { offset: '100', limit: '100' },
    ]);
    expect(found).toHaveLength(130);
    expect(found[0]).toEqual({
      provider: 'huawei-rds',
      instanceId: 'inst-000',
      region: REGION,
      name: 'db-0',
      engine: 'postgresql',
      engineVersion: '14',
      status: 'ACTIVE',
      createdAt: new Date('2023-11-02T10:15:00Z'),
    });
  });

  it('maps the fixture, keeping the region each instance reports', async () => {
    serve(() => ({ status: 200, body: fixtureBody('list-instances.json') }));
    const src = source({ projectId: PROJECT_ID });
    const found = await src.listInstances();
    src.close();
    expect(found.map((i) => [i.instanceId, i.engine, i.createdAt?.toISOString()])).toEqual([
      ['8c1f5e2a7d3b4c6e9f0a1b2c3d4e5f60in01', 'mysql', '2018-08-19T18:33:49.000Z'],
      ['9d2a6f3b8e4c5d7fa01b2c3d4e5f6a71in03', 'postgresql', '2023-11-02T10:15:00.000Z'],
      ['0e3b7a4c9f5d6e8ab12c3d4e5f6a7b82in04', 'sqlserver', undefined],
    ]);
  });
});

describe('huaweiRds options', () => {
  it('rejects unknown options, a malformed region, a bad project id and a plain-http remote endpoint', () => {
    expect(() => huaweiRds({ region: REGION, regoin: 'x' } as unknown as HuaweiRdsOptions)).toThrow(/unknown option "regoin"/);
    expect(() => huaweiRds({ region: 'cn_north_4' })).toThrow(/not a Huawei Cloud region id/);
    expect(() => huaweiRds({ region: REGION, projectId: '../admin' })).toThrow(/projectId must be a project id/);
    expect(() => huaweiRds({ region: REGION, iamEndpoint: 'http://iam.example.com' })).toThrow(/iamEndpoint .* plain http/);
    expect(() => huaweiRds(undefined as unknown as HuaweiRdsOptions)).toThrow(ConfigurationError);
  });

  it('exposes provider and region, and uses the real regional host by default', () => {
    const src = huaweiRds({ region: 'eu-west-101', credentials: AK });
    expect(src.provider).toBe('huawei-rds');
    expect(src.region).toBe('eu-west-101');
    src.close();
  });
});
