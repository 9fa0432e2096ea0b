import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import {
  AuthenticationError,
  NotFoundError,
  PartialFailureError,
  PermissionError,
  ResponseValidationError,
  ThrottlingError,
  TransportError,
  type ProviderApiError,
} from '../../../src/errors.js';
import type { RetryEvent } from '../../../src/http/transport.js';
import { aliyunKvstore, type AliyunKvstoreOptions } from '../../../src/providers/aliyun-kvstore/index.js';
import { ANCHOR, testSource } from '../../contract/source-contract.js';
import { expectSameBackups, expectSameInstances } from '../../e2e/compare.js';
import { emulatorSource } from '../../e2e/sources.js';
import { json, startRawServer, type RawRequest, type RawServer } from '../../helpers/raw-server.js';
import { restoreEnv, withoutCloudCredentials } from '../../helpers/clean-env.js';
import { recordSentRequests } from '../../helpers/sent-requests.js';

const MINUTE = 60_000;
/** `yyyy-MM-ddTHH:mmZ` of an instant rounded up to the minute, as the API's EndTime. */
const ceilMinute = (ms: number) => new Date(Math.ceil(ms / MINUTE) * MINUTE).toISOString().slice(0, 16) + 'Z';

testSource({
  provider: 'aliyun-kvstore',
  capabilities: {
    backupsAction: 'DescribeBackups',
    discoveryAction: 'DescribeInstances',
    paging: { kind: 'page-number', number: 'PageNumber', size: 'PageSize', pageSize: 100 },
    timeWindow: { kind: 'required', since: 'StartTime', until: 'EndTime' },
    pushdown: {},
    groupsParts: true,
    deniedRegion: PermissionError,
  },
  extra: ({ emu, source, instancesAt, backupCalls }) => {
    const truthOf = (instanceId: string) => emu().groundTruth.backups('aliyun-kvstore', instanceId);

    describe('aliyun-kvstore: the required window', () => {
      it('defaults to 2010-01-01 .. the walk clock, widened to whole minutes, on a signed ACS3 POST', async () => {
        const [instance] = await instancesAt();
        emu().clearRequestLog();
        const sent = recordSentRequests();
        const before = Date.now();
        // Given by id only: nothing says when the instance was created.
        const listed = await source({ pageConcurrency: 1 }).listBackups({ instanceId: instance!.instanceId }).toArray();
        const after = Date.now();
        expect(listed.map((b) => b.id)).toEqual(truthOf(instance!.instanceId).map((b) => String(b.raw.BackupJobID)));
        // The instance was not discovered: its backups carry no engine.
        expect(listed.every((b) => b.engine === undefined)).toBe(true);
        const [first] = backupCalls();
        const { Action: _a, Version: _v, ...params } = first!.params;
        expect(params).toStrictEqual({ InstanceId: instance!.instanceId, StartTime: '2010-01-01T00:00Z', EndTime: params.EndTime, PageSize: '100', PageNumber: '1' });
        expect([ceilMinute(before), ceilMinute(after)]).toContain(params.EndTime);
        expect(sent[0]!.method).toBe('POST');
        expect(sent[0]!.body).toBe('');
        expect(sent[0]!.headers).toMatchObject({ 'x-acs-action': 'DescribeBackups', 'x-acs-version': '2015-01-01' });
      });

      it('sends since and until widened to whole minutes', async () => {
        const [instance] = await instancesAt();
        emu().clearRequestLog();
        await source().listBackups({ instanceId: instance!.instanceId, instance, since: new Date('2026-04-01T00:00:30Z'), until: new Date('2026-04-02T00:00:30Z') }).toArray();
        expect(backupCalls().map((c) => [c.params.StartTime, c.params.EndTime])).toEqual([['2026-04-01T00:00Z', '2026-04-02T00:01Z']]);
      });
    });

    describe('aliyun-kvstore: retries and errors', () => {
      it('retries a throttled call re-signed with a fresh nonce, honouring x-acs-retry-after', async () => {
        const [instance] = await instancesAt();
        const sent = recordSentRequests();
        const retries: RetryEvent[] = [];
        emu().setFaults({ throttleRate: 1 });
        const listed = await source({ retry: { baseDelayMs: 1, maxDelayMs: 15 }, pageConcurrency: 1 })
          .listBackups({ instanceId: instance!.instanceId, instance, observer: { onRetry: (e) => (retries.push(e), emu().setFaults({})) } })
          .toArray();
        expectSameBackups(listed, truthOf(instance!.instanceId));
        expect(retries).toHaveLength(1);
        expect(retries[0]!.error).toBeInstanceOf(ThrottlingError);
        expect((retries[0]!.error as ThrottlingError).retryAfterMs).toBe(1000);
        expect(retries[0]!.delayMs).toBe(15);
        expect(sent[0]!.headers!['x-acs-signature-nonce']).not.toBe(sent[1]!.headers!['x-acs-signature-nonce']);
      });

      it.each(['json', 'xml'] as const)('%s: an unknown instance is a NotFoundError naming it and its region, with the code and RequestId, not retried', async (format) => {
        emu().clearRequestLog();
        const error = (await source({ format }).listBackups({ instanceId: 'r-missing' }).toArray().catch((e: unknown) => e)) as ProviderApiError;
        expect(error).toBeInstanceOf(NotFoundError);
        expect([error.code, error.httpStatus, error.instanceId, error.operation, error.retryable]).toEqual(['InvalidInstanceId.NotFound', 404, 'r-missing', 'DescribeBackups', false]);
        expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
        expect(error.message).toContain('r-missing');
        expect(error.message).toContain(emu().aliyunRegion);
        expect(backupCalls()).toHaveLength(1);
      });

      it('a signature mismatch is SignatureDoesNotMatch, shows no Signature= value', async () => {
        const [instance] = await instancesAt();
        const error = (await source({ credentials: { accessKeyId: emu().credentials.accessKeyId, accessKeySecret: 'kv-wrong-secret' } })
          .listBackups({ instanceId: instance!.instanceId })
          .toArray()
          .catch((e: unknown) => e)) as ProviderApiError;
        expect(error).toBeInstanceOf(AuthenticationError);
        expect(error.code).toBe('SignatureDoesNotMatch');
        expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(/Signature=[A-Za-z0-9%]/);
      });
    });

    describe('aliyun-kvstore: formats and credentials', () => {
      it('v1 + XML: a signed GET with Format=XML lists the same backups', async () => {
        const [instance] = await instancesAt();
        emu().clearRequestLog();
        const sent = recordSentRequests();
        expectSameBackups(await source({ signatureVersion: 'v1', format: 'xml' }).listBackups({ instanceId: instance!.instanceId, instance }).toArray(), truthOf(instance!.instanceId));
        expect(sent.every((r) => r.method === 'GET')).toBe(true);
        expect(backupCalls()[0]!.params).toMatchObject({ Action: 'DescribeBackups', Version: '2015-01-01', Format: 'XML', SignatureMethod: 'HMAC-SHA1', PageSize: '100' });
      });

      it('STS credentials are sent as x-acs-security-token, which the emulator checks', async () => {
        const [instance] = await instancesAt();
        const sent = recordSentRequests();
        expectSameBackups(await source({ credentials: emu().stsCredentials }).listBackups({ instanceId: instance!.instanceId, instance }).toArray(), truthOf(instance!.instanceId));
        expect(sent.every((r) => r.headers!['x-acs-security-token'] === emu().stsCredentials.securityToken)).toBe(true);
      });

      it('the older ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY work too', async () => {
        const home = withoutCloudCredentials();
        try {
          vi.stubEnv('ALICLOUD_ACCESS_KEY', emu().credentials.accessKeyId);
          vi.stubEnv('ALICLOUD_SECRET_KEY', emu().credentials.accessKeySecret);
          const [instance] = await instancesAt();
          expectSameBackups(await source({ credentials: undefined }).listBackups({ instanceId: instance!.instanceId, instance }).toArray(), truthOf(instance!.instanceId));
        } finally {
          restoreEnv(home);
        }
      });
    });

    describe('aliyun-kvstore: discovery', () => {
      it('pages DescribeInstances 50 at a time in the source region only', async () => {
        const many = await startEmulator({ seed: 6, regions: 2, instances: { 'aliyun-kvstore': 60 }, backupsPerInstance: 0, anchorTime: ANCHOR });
        try {
          const region = many.regions['aliyun-kvstore'][0]!;
          const s = emulatorSource(many, 'aliyun-kvstore');
          const found = await s.listInstances();
          s.close();
          expectSameInstances(found, many.groundTruth.instances('aliyun-kvstore').filter((i) => i.region === region));
          expect(many.requestLog().map((e) => [e.action, e.params.RegionId, e.params.PageSize, e.params.PageNumber])).toEqual([
            ['DescribeInstances', region, '50', '1'],
            ['DescribeInstances', region, '50', '2'],
          ]);
        } finally {
          await many.close();
        }
      });

      it('reads a one-instance XML page', async () => {
        const one = await startEmulator({ seed: 6, instances: { 'aliyun-kvstore': 1 }, backupsPerInstance: 0, anchorTime: ANCHOR });
        try {
          const s = emulatorSource(one, 'aliyun-kvstore', { format: 'xml' });
          expectSameInstances(await s.listInstances(), one.groundTruth.instances('aliyun-kvstore'));
          s.close();
        } finally {
          await one.close();
        }
      });
    });
  },
});

/** What the emulator cannot say: answers chosen per request (slow only for long windows), bodies made by hand. */
describe('aliyun-kvstore against hand-made answers', () => {
  let server: RawServer;
  const opened: { close(): void }[] = [];
  beforeAll(async () => {
    server = await startRawServer();
  });
  afterAll(() => server.close());
  afterEach(() => opened.splice(0).forEach((s) => s.close()));

  const INSTANCE = 'r-bp1xxxxxxxxxxxxx';
  const source = (options: Partial<AliyunKvstoreOptions> = {}) => {
    const s = aliyunKvstore({ region: 'cn-hangzhou', endpoint: server.url, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, retry: false, ...options });
    opened.push(s);
    return s;
  };
  const windowOf = (r: RawRequest) => [r.query.StartTime, r.query.EndTime];
  const page = (rows: Record<string, unknown>[], total = rows.length) => json({ RequestId: 'R', PageNumber: 1, PageSize: 100, TotalCount: total, Backups: { Backup: rows } });
  /** Serves `rows` in the requested window (minute bounds, inclusive), newest first. */
  const windowed = (rows: { BackupId: number; BackupStartTime: string }[]) => (r: RawRequest) => {
    const from = Date.parse(r.query.StartTime!);
    const to = Date.parse(r.query.EndTime!);
    return page(rows.filter((b) => Date.parse(b.BackupStartTime) >= from && Date.parse(b.BackupStartTime) <= to));
  };

  it('a long window that times out is split in two halves fetched newer first; a backup on the shared edge appears once', async () => {
    const rows = [
      { BackupId: 30, BackupStartTime: '2024-01-02T12:00:00Z', BackupStatus: 'Success' },
      { BackupId: 20, BackupStartTime: '2024-01-02T00:00:40Z', BackupStatus: 'Success' },
      { BackupId: 10, BackupStartTime: '2024-01-01T06:00:00Z', BackupStatus: 'Success' },
    ];
    const serve = windowed(rows);
    // Slow only for the whole window: mid = since + span/2 = 2024-01-02T00:00:30Z, so both halves hold minute 00:00..00:01.
    server.handle((r) => (r.query.StartTime === '2024-01-01T00:00Z' && r.query.EndTime === '2024-01-03T00:01Z' ? { ...serve(r), delayMs: 1_000 } : serve(r)));
    const listed = await source({ timeoutMs: 200 }).listBackups({ instanceId: INSTANCE, since: new Date('2024-01-01T00:00:00Z'), until: new Date('2024-01-03T00:01:00Z') }).toArray();
    expect(server.requests.map(windowOf)).toEqual([
      ['2024-01-01T00:00Z', '2024-01-03T00:01Z'],
      ['2024-01-02T00:00Z', '2024-01-03T00:01Z'],
      ['2024-01-01T00:00Z', '2024-01-02T00:01Z'],
    ]);
    expect(listed.map((b) => b.id)).toEqual(['30', '20', '10']);
  });

  it('with maxAttempts 1 too; a window that still times out at the floor is reported as a timeout', async () => {
    server.handle(() => ({ ...page([]), delayMs: 1_000 }));
    const error = await source({ timeoutMs: 100, retry: { maxAttempts: 1 } })
      .listBackups({ instanceId: INSTANCE, since: new Date('2024-01-01T00:00:00Z'), until: new Date('2024-01-01T03:00:00Z') })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('timeout');
    // 3 h -> two 1.5 h halves; the newer half is split no further (its halves would be under the 1 h floor).
    expect(server.requests.map(windowOf)).toEqual([
      ['2024-01-01T00:00Z', '2024-01-01T03:00Z'],
      ['2024-01-01T01:30Z', '2024-01-01T03:00Z'],
    ]);
  });

  it('a record that cannot be mapped is reported at the end; every other backup is listed', async () => {
    server.handle(() =>
      page([
        { BackupId: 1, BackupStartTime: '2024-01-02T00:00:00Z' },
        { BackupId: 9, BackupStartTime: 'not a time' },
        { BackupId: 2, BackupStartTime: '2024-01-01T00:00:00Z' },
      ]),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const b of source().listBackups({ instanceId: INSTANCE })) seen.push(b.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['1', '2']);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).failures.map((f) => [f.instanceId, f.recordId])).toEqual([[INSTANCE, '9']]);
  });

  it('an instance record without an id fails discovery with the validation issue instead of hiding the instance', async () => {
    server.handle(() => json({ RequestId: 'R', TotalCount: 1, Instances: { KVStoreInstance: [{ InstanceName: 'no id' }] } }));
    const error = await source().listInstances().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]!.path).toBe('InstanceId');
  });
});
