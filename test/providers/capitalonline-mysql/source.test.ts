import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, NotFoundError, PartialFailureError, PermissionError, ProviderApiError, ResponseValidationError, type ListingFailure } from '../../../src/errors.js';
import { Transport, type HttpRequest, type SendOptions } from '../../../src/http/transport.js';
import type { Backup } from '../../../src/model.js';
import { capitalOnlineMysql } from '../../../src/providers/capitalonline-mysql/index.js';
import { testSource } from '../../contract/source-contract.js';
import { expectSameBackups } from '../../e2e/compare.js';
import { json, startRawServer, type RawServer } from '../../helpers/raw-server.js';
import { recordSentRequests } from '../../helpers/sent-requests.js';
import { fixtureBody } from './fixtures.js';

const HOUR = 3_600_000;

testSource({
  provider: 'capitalonline-mysql',
  capabilities: {
    backupsAction: 'DescribeBackups',
    discoveryAction: 'DescribeDBInstances',
    paging: { kind: 'single' },
    timeWindow: { kind: 'none' },
    pushdown: {},
    groupsParts: false,
    // CapitalOnline's documented 403s are refusals of the operation, not bad keys (issue 13, item 9): the emulator's
    // 403 AccessDenied is a PermissionError.
    deniedRegion: PermissionError,
  },
  extra: ({ emu, source, instancesAt, backupCalls }) => {
    afterEach(() => vi.useRealTimers());
    const truthOf = (instanceId: string) => emu().groundTruth.backups('capitalonline-mysql', instanceId);

    describe('capitalonline-mysql: requests', () => {
      it('sends exactly the signed parameters in a GET to /mysql: nothing form-encoded, nothing else', async () => {
        const [instance] = await instancesAt();
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-05-06T07:08:09.123Z') });
        const sent = recordSentRequests();
        emu().clearRequestLog();
        expectSameBackups(await source({ endpoint: emu().url }).listBackups({ instanceId: instance!.instanceId, instance }).toArray(), truthOf(instance!.instanceId));
        const [request] = sent;
        expect(request!.method).toBe('GET');
        expect(new URL(request!.url).pathname).toBe('/mysql');
        expect(request!.body).toBeUndefined();
        expect(request!.headers).toBeUndefined();
        expect(new URL(request!.url).search).not.toContain('+');
        const params = backupCalls()[0]!.params;
        expect([...new URL(request!.url).searchParams.keys()].sort()).toEqual([
          'AccessKeyId', 'Action', 'InstanceUuid', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version',
        ]);
        expect(params).toMatchObject({
          Action: 'DescribeBackups',
          AccessKeyId: emu().credentials.accessKeyId,
          InstanceUuid: instance!.instanceId,
          SignatureMethod: 'HMAC-SHA1',
          SignatureVersion: '1.0',
          Timestamp: '2026-05-06T07:08:09Z',
          Version: '2019-08-08',
        });
        expect(params.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
      });

      it('encodes an instance id with reserved and non-ASCII characters so the server reads it exactly (and the signature holds)', async () => {
        const odd = "inst 中文*~+/=&%'()!:";
        emu().clearRequestLog();
        const error = await source().listBackups({ instanceId: odd }).toArray().catch((e: unknown) => e);
        // Not an authentication failure: the signature verified over the decoded value.
        expect(error).toBeInstanceOf(NotFoundError);
        expect(backupCalls()[0]!.params.InstanceUuid).toBe(odd);
      });

      it('reads the times in the source timeZone: UTC gives instants eight hours later than Asia/Shanghai', async () => {
        const [instance] = await instancesAt();
        const utc = await source({ timeZone: 'UTC' }).listBackups({ instanceId: instance!.instanceId, instance }).toArray();
        const truth = truthOf(instance!.instanceId);
        expect(utc.map((b) => b.startTime.getTime() - 8 * HOUR)).toEqual(truth.map((b) => b.startTime.getTime()));
      });

      it("labels every backup with the site it was listed from, and the instance's own region", async () => {
        const listed: Backup[] = [];
        for (const site of ['cn', 'asia'] as const) {
          const s = source({}, { location: site });
          for (const instance of await s.listInstances()) listed.push(...(await s.listBackups({ instanceId: instance.instanceId, instance }).toArray()));
        }
        const regions = new Set(emu().regions['capitalonline-mysql']);
        expect(new Set(listed.map((b) => (b.provider === 'capitalonline-mysql' ? `${b.site} ${b.region}` : '')))).toEqual(new Set(['cn CN_Beijing_A', 'asia CN_Hongkong_A']));
        expect(listed.every((b) => regions.has(b.region))).toBe(true);
      });
    });

    describe('capitalonline-mysql: retries and errors', () => {
      it('retries a 500 with a freshly signed request, and gives up after the configured attempts', async () => {
        const [instance] = await instancesAt();
        emu().clearRequestLog();
        emu().setFaults({ serverErrorRate: 1 });
        const error = await source({ retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 } }).listBackups({ instanceId: instance!.instanceId }).toArray().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderApiError);
        expect(error).toMatchObject({ code: 'InternalError', httpStatus: 500, retryable: true });
        const calls = backupCalls();
        expect(calls).toHaveLength(3);
        expect(new Set(calls.map((c) => c.params.SignatureNonce)).size).toBe(3);
      });

      it('an unknown instance is ResourceNotFound: a NotFoundError naming it, not retried', async () => {
        emu().clearRequestLog();
        const error = await source().listBackups({ instanceId: 'no-such-instance' }).toArray().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as Error).message).toContain('instance no-such-instance was not found');
        expect(error).toMatchObject({ code: 'ResourceNotFound', instanceId: 'no-such-instance', operation: 'DescribeBackups' });
        expect(backupCalls()).toHaveLength(1);
      });

      it('an authentication failure shows no secret and no signature; its URL has the signature redacted', async () => {
        const sent = recordSentRequests();
        const error = await source({ credentials: { accessKeyId: emu().credentials.accessKeyId, accessKeySecret: 'cds-wrong/secret+=' } })
          .listBackups({ instanceId: 'x' })
          .toArray()
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AuthenticationError);
        const signature = new URL(sent[0]!.url).searchParams.get('Signature')!;
        const shown = `${(error as Error).message} ${JSON.stringify(error)} ${(error as AuthenticationError).url}`;
        for (const secret of ['cds-wrong/secret+=', signature, encodeURIComponent(signature)]) expect(shown).not.toContain(secret);
        expect((error as AuthenticationError).url).toMatch(/&Signature=(\[REDACTED\]|%5BREDACTED%5D)$/);
      });
    });
  },
});

/** What the emulator cannot say: bodies made by hand. */
describe('capitalonline-mysql against hand-made answers', () => {
  let server: RawServer;
  const opened: { close(): void }[] = [];
  const credentials = { accessKeyId: 'AKIDcds0000000example', accessKeySecret: 'cds-test-secret' };
  const INSTANCE = '5ac7c945-ae47-4bbf-82e6-2823d64b57c5';
  beforeAll(async () => {
    server = await startRawServer();
  });
  afterAll(() => server.close());
  afterEach(() => opened.splice(0).forEach((s) => s.close()));
  const source = (extra: Parameters<typeof capitalOnlineMysql>[0] = {}) => {
    const s = capitalOnlineMysql({ credentials, endpoint: server.url, retry: false, ...extra });
    opened.push(s);
    return s;
  };

  it('lists what maps and reports the rest', async () => {
    server.handle(() => json(fixtureBody('describe-backups.edge-cases.json')));
    const failures: ListingFailure[] = [];
    const backups = await source().listBackups({ instanceId: INSTANCE, onError: (f) => failures.push(f) }).toArray();
    expect(backups.map((b) => b.id)).toEqual(['edge-string-size', 'edge-unknown-values', '90210']);
    expect(failures.map((f) => f.recordId)).toEqual(['edge-no-start-time', 'edge-bad-start-time']);
    await expect(source().listBackups({ instanceId: INSTANCE }).toArray()).rejects.toBeInstanceOf(PartialFailureError);
  });

  it('an empty Data dict is an instance without backups; a null Data is refused, never an empty listing', async () => {
    server.handle(() => json({ Code: 'Success', Message: 'Success.', Data: {} }));
    expect(await source().listBackups({ instanceId: INSTANCE }).toArray()).toEqual([]);
    server.handle(() => json({ Code: 'Success', Message: 'Success.', Data: null }));
    const error = await source().listBackups({ instanceId: INSTANCE }).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]!.path).toBe('Data');
  });

  it('discovery lists each instance once, reads blanks as absent, and fails loudly on an instance without InstanceUuid', async () => {
    const body = fixtureBody('describe-db-instances.doc-example.json');
    const data = body.Data as Record<string, unknown>[];
    server.handle(() => json({ ...body, Data: [...data, { ...data[0], InstanceName: 'duplicate row' }, { InstanceUuid: 'second', Version: '8.0', CreatedTime: '' }] }));
    const instances = await source({ site: 'asia' }).listInstances();
    expect(instances.map((i) => [i.instanceId, i.name, i.createdAt?.toISOString()])).toEqual([
      [INSTANCE, 'test-mysql', '2020-05-03T14:16:22.000Z'],
      ['second', undefined, undefined],
    ]);
    expect(instances[1]).toMatchObject({ region: 'asia', engine: 'mysql', engineVersion: '8.0' });
    expect(server.requests.map((r) => Object.keys(r.query).sort())).toEqual([
      ['AccessKeyId', 'Action', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version'],
    ]);
    server.handle(() => json({ Code: 'Success', Data: [{ InstanceName: 'nameless' }] }));
    await expect(source().listInstances()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe('capitalonline-mysql sites', () => {
  afterEach(() => vi.restoreAllMocks());
  it.each([
    ['cn', 'https://cdsapi.capitalonline.net/mysql?'],
    ['asia', 'https://cdsapi-asia.capitalonline.net/mysql?'],
    ['us', 'https://cdsapi-us.capitalonline.net/mysql?'],
    [undefined, 'https://cdsapi.capitalonline.net/mysql?'],
  ] as const)('site %s signs requests for %s', async (site, prefix) => {
    // No network: the transport is stubbed to record the signed request and answer locally.
    const sent: HttpRequest[] = [];
    vi.spyOn(Transport.prototype, 'send').mockImplementation(async (options: SendOptions) => {
      const request = await options.sign(1);
      sent.push(request);
      return { status: 200, headers: {}, text: '', body: { Code: 'Success', Data: [] }, url: request.url };
    });
    const backups = await capitalOnlineMysql({ credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, ...(site ? { site } : {}) })
      .listBackups({ instanceId: 'i-1' })
      .toArray();
    expect(backups).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.url.startsWith(prefix)).toBe(true);
    expect(sent[0]!.headers).toBeUndefined();
  });
});
