import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import { AuthenticationError, NotFoundError, PermissionError, ThrottlingError, type CloudBackupsError, type ProviderApiError } from '../../../src/errors.js';
import type { RetryEvent } from '../../../src/http/transport.js';
import { aliyunRds, type AliyunRdsOptions } from '../../../src/providers/aliyun-rds/index.js';
import { ANCHOR, testSource } from '../../contract/source-contract.js';
import { expectSameBackups, expectSameInstances } from '../../e2e/compare.js';
import { emulatorSource } from '../../e2e/sources.js';
import { recordSentRequests } from '../../helpers/sent-requests.js';

const header = (request: { headers?: Record<string, string> }, name: string) => request.headers?.[name];

testSource({
  provider: 'aliyun-rds',
  capabilities: {
    backupsAction: 'DescribeBackups',
    discoveryAction: 'DescribeDBInstances',
    paging: { kind: 'page-number', number: 'PageNumber', size: 'PageSize', pageSize: 100 },
    timeWindow: { kind: 'optional', since: 'StartTime', until: 'EndTime' },
    pushdown: { status: 'BackupStatus', mode: 'BackupMode', type: 'BackupType' },
    groupsParts: false,
    deniedRegion: PermissionError,
  },
  extra: ({ emu, source, instancesAt, backupCalls }) => {
    afterEach(() => vi.useRealTimers());
    const truthOf = (instanceId: string) => emu().groundTruth.backups('aliyun-rds', instanceId);

    describe('aliyun-rds: requests', () => {
      it('pushes one status, mode and type and the window widened to whole minutes; re-filters exactly', async () => {
        const [instance] = await instancesAt();
        const since = new Date('2026-04-01T12:00:30Z');
        const until = new Date('2026-04-20T13:00:00.001Z');
        emu().clearRequestLog();
        const listed = await source()
          .listBackups({ instanceId: instance!.instanceId, instance, status: 'success', mode: 'automated', type: 'full', since, until })
          .toArray();
        expectSameBackups(
          listed,
          truthOf(instance!.instanceId).filter((b) => b.status === 'success' && b.mode === 'automated' && b.type === 'full' && b.startTime >= since && b.startTime < until),
        );
        const { Action: _a, Version: _v, ...params } = backupCalls()[0]!.params;
        expect(params).toMatchObject({
          DBInstanceId: instance!.instanceId,
          PageSize: '100',
          PageNumber: '1',
          BackupStatus: 'Success',
          BackupMode: 'Automated',
          BackupType: 'FullBackup',
          StartTime: '2026-04-01T12:00Z',
          EndTime: '2026-04-20T13:01Z',
        });
      });

      it('signs with ACS3 headers on a POST by default, and with RPC v1 in a GET query when asked; the emulator verifies both', async () => {
        const [instance] = await instancesAt();
        const sent = recordSentRequests();
        for (const signatureVersion of ['v3', 'v1'] as const) {
          expectSameBackups(await source({ signatureVersion }).listBackups({ instanceId: instance!.instanceId, instance }).toArray(), truthOf(instance!.instanceId));
        }
        const v3 = sent.find((r) => r.method === 'POST')!;
        expect(header(v3, 'x-acs-action')).toBe('DescribeBackups');
        expect(header(v3, 'x-acs-version')).toBe('2014-08-15');
        expect(header(v3, 'authorization')).toMatch(new RegExp(`^ACS3-HMAC-SHA256 Credential=${emu().credentials.accessKeyId},SignedHeaders=host;x-acs-action;`));
        expect(new URL(v3.url).searchParams.has('Signature')).toBe(false);
        expect(v3.body).toBe('');
        const v1 = sent.find((r) => r.method === 'GET')!;
        expect(header(v1, 'authorization')).toBeUndefined();
        const q = new URL(v1.url).searchParams;
        expect([q.get('Action'), q.get('Version'), q.get('Format'), q.get('SignatureMethod'), q.get('AccessKeyId')]).toEqual([
          'DescribeBackups', '2014-08-15', 'JSON', 'HMAC-SHA1', emu().credentials.accessKeyId,
        ]);
        expect(q.get('Signature')).toMatch(/\S/);
      });

      it.each(['v3', 'v1'] as const)('format xml (%s): the same backups as JSON, a one-item page and an empty page', async (signatureVersion) => {
        const [instance] = await instancesAt();
        const id = instance!.instanceId;
        emu().clearRequestLog();
        const fromXml = await source({ format: 'xml', signatureVersion }).listBackups({ instanceId: id, instance }).toArray();
        const fromJson = await source({ signatureVersion }).listBackups({ instanceId: id, instance }).toArray();
        expect(backupCalls().map((c) => c.params.Format ?? null)).toEqual(['XML', 'XML', signatureVersion === 'v1' ? 'JSON' : null, signatureVersion === 'v1' ? 'JSON' : null]);
        expect(fromXml.map(({ raw: _r, ...b }) => b)).toEqual(fromJson.map(({ raw: _r, ...b }) => b));
        expectSameBackups(fromXml, truthOf(id));
        // One backup in the window: XML sends <Items><Backup> as one element, not a list.
        const one = truthOf(id)[5]!;
        const single = await source({ format: 'xml', signatureVersion }).listBackups({ instanceId: id, instance, since: one.startTime, until: new Date(one.startTime.getTime() + 1000) }).toArray();
        expectSameBackups(single, [one]);
        const empty = await source({ format: 'xml', signatureVersion }).listBackups({ instanceId: id, instance, since: new Date(ANCHOR.getTime() + 3_600_000) }).toArray();
        expect(empty).toEqual([]);
      });

      it.each(['v3', 'v1'] as const)('%s: Throttling.User with x-acs-retry-after, then success: two differently signed attempts', async (signatureVersion) => {
        const [instance] = await instancesAt();
        const sent = recordSentRequests();
        const retries: RetryEvent[] = [];
        emu().setFaults({ throttleRate: 1 });
        const listed = await source({ signatureVersion, retry: { baseDelayMs: 1, maxDelayMs: 20 }, pageConcurrency: 1 })
          .listBackups({ instanceId: instance!.instanceId, instance, observer: { onRetry: (e) => (retries.push(e), emu().setFaults({})) } })
          .toArray();
        expectSameBackups(listed, truthOf(instance!.instanceId));
        expect(retries).toHaveLength(1);
        const throttled = retries[0]!.error as ThrottlingError;
        expect(throttled).toBeInstanceOf(ThrottlingError);
        expect([throttled.code, throttled.httpStatus, throttled.retryAfterMs]).toEqual(['Throttling.User', 400, 1000]);
        expect(throttled.requestId).toMatch(/^[0-9A-F-]{36}$/);
        // The 1 s hint won over the 1 ms backoff, capped at maxDelayMs.
        expect(retries[0]!.delayMs).toBe(20);
        const [first, second] = sent;
        if (signatureVersion === 'v3') {
          expect(header(first!, 'x-acs-signature-nonce')).not.toBe(header(second!, 'x-acs-signature-nonce'));
          expect(header(first!, 'authorization')).not.toBe(header(second!, 'authorization'));
        } else {
          const [a, b] = [new URL(first!.url).searchParams, new URL(second!.url).searchParams];
          expect(a.get('SignatureNonce')).not.toBe(b.get('SignatureNonce'));
          expect(a.get('Signature')).not.toBe(b.get('Signature'));
        }
      });
    });

    describe('aliyun-rds: error answers become the right class, with code, RequestId and advice, sent once', () => {
      const failure = async (options: Partial<AliyunRdsOptions>, instanceId: string, emulator = emu()) => {
        emulator.clearRequestLog();
        let error: CloudBackupsError | undefined;
        try {
          await track(emulatorSource(emulator, 'aliyun-rds', { retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options })).listBackups({ instanceId }).toArray();
        } catch (e) {
          error = e as CloudBackupsError;
        }
        expect(emulator.requestLog().filter((e) => e.action === 'DescribeBackups')).toHaveLength(1);
        return error as ProviderApiError;
      };
      const opened: { close(): void }[] = [];
      const track = <T extends { close(): void }>(s: T) => (opened.push(s), s);
      afterEach(() => opened.splice(0).forEach((s) => s.close()));

      for (const format of ['json', 'xml'] as const) {
        it(`${format}: an unknown instance, a denied region, a wrong secret, an unknown key, a skewed clock`, async () => {
          const [instance] = await instancesAt();
          const id = instance!.instanceId;
          const region = emu().aliyunRegion;
          const expectError = (e: ProviderApiError, cls: new (...a: never[]) => Error, code: string, status: number, advice: string) => {
            expect(e).toBeInstanceOf(cls);
            expect(e.constructor).toBe(cls);
            expect([e.code, e.httpStatus, e.operation, e.retryable, e.provider]).toEqual([code, status, 'DescribeBackups', false, 'aliyun-rds']);
            expect(e.message).toContain(advice);
            expect(e.message).toContain(`RequestId ${e.requestId}`);
            expect(e.requestId).toMatch(/^[0-9A-F-]{36}$/);
          };
          const missing = await failure({ format }, 'rm-does-not-exist');
          expectError(missing, NotFoundError, 'InvalidDBInstanceId.NotFound', 400, `instance rm-does-not-exist was not found in region ${region}`);
          expect(missing.instanceId).toBe('rm-does-not-exist');

          emu().denyRegion({ provider: 'aliyun-rds', region });
          expectError(await failure({ format }, id), PermissionError, 'Forbidden.RAM', 403, 'Grant the RAM user or role rds:DescribeBackups');
          emu().clearDenials();

          const wrong = await failure({ format, credentials: { accessKeyId: emu().credentials.accessKeyId, accessKeySecret: 'not-the-secret' } }, id);
          expectError(wrong, AuthenticationError, 'SignatureDoesNotMatch', 400, 'Check that the AccessKey secret belongs to the AccessKey id');
          expect(JSON.stringify(wrong) + wrong.message).not.toContain('not-the-secret');

          expectError(await failure({ format, credentials: { accessKeyId: 'LTAI5tNOBODY00000000', accessKeySecret: 'x' } }, id), AuthenticationError, 'InvalidAccessKeyId.NotFound', 404, 'Aliyun does not accept this AccessKey id');
        });
      }

      it('a clock more than 15 minutes off is InvalidTimeStamp.Expired, with the advice to synchronize it', async () => {
        const skewed = await startEmulator({ seed: 1, instances: { 'aliyun-rds': 1 }, backupsPerInstance: 1, now: () => new Date(Date.now() + 16 * 60_000) });
        try {
          const error = await failure({}, skewed.groundTruth.instances('aliyun-rds')[0]!.instanceId, skewed);
          expect(error).toBeInstanceOf(AuthenticationError);
          expect(error.code).toBe('InvalidTimeStamp.Expired');
          expect(error.message).toContain('the local clock is off by more than 15 minutes');
        } finally {
          await skewed.close();
        }
      });
    });

    describe('aliyun-rds: discovery', () => {
      it('pages DescribeDBInstances 100 at a time in the source region, in JSON and XML alike', async () => {
        const many = await startEmulator({ seed: 4, regions: 2, instances: { 'aliyun-rds': 102 }, backupsPerInstance: 0, anchorTime: ANCHOR });
        try {
          const region = many.regions['aliyun-rds'][1]!;
          for (const format of ['json', 'xml'] as const) {
            many.clearRequestLog();
            const s = emulatorSource(many, 'aliyun-rds', { format }, { location: region });
            const found = await s.listInstances();
            s.close();
            expectSameInstances(found, many.groundTruth.instances('aliyun-rds').filter((i) => i.region === region));
            expect(many.requestLog().map((e) => [e.action, e.params.RegionId, e.params.PageSize, e.params.PageNumber])).toEqual([
              ['DescribeDBInstances', region, '100', '1'],
              ['DescribeDBInstances', region, '100', '2'],
            ]);
          }
        } finally {
          await many.close();
        }
      });
    });
  },
});

describe('aliyunRds options', () => {
  it('rejects a misspelt region, an unknown signature version and unknown options when called', () => {
    expect(() => aliyunRds({ region: 'cn-hangzou' })).toThrow('Did you mean "cn-hangzhou"?');
    expect(() => aliyunRds({ region: 'cn-hangzhou', signatureVersion: 'v2' as 'v1' })).toThrow("signatureVersion must be 'v3' or 'v1'");
    expect(() => aliyunRds({ region: 'cn-hangzhou', pageSize: 50 } as AliyunRdsOptions)).toThrow('unknown option "pageSize"');
  });

  it('exposes provider, region and the given instances', () => {
    const s = aliyunRds({ region: 'cn-shenzhen', instances: ['rm-1', ' rm-1 ', 'rm-2'] });
    expect([s.provider, s.region, s.account, s.instances]).toEqual(['aliyun-rds', 'cn-shenzhen', 'default', ['rm-1', 'rm-2']]);
    s.close();
  });
});
