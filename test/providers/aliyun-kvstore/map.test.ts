import { describe, expect, it } from 'vitest';
import { backupSchema, type Backup } from '../../../src/model.js';
import { ResponseValidationError } from '../../../src/errors.js';
import { mergeParts } from '../../../src/listing/group-parts.js';
import { unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';
import { mapBackupsPage, mapClusterBackupsPage, mapKvstoreBackup, type KvstoreMapContext } from '../../../src/providers/aliyun-kvstore/map.js';
import { aliyunKvstoreBackupRecordSchema, type AliyunKvstoreBackupRecord, type AliyunKvstoreClusterBackupRecord } from '../../../src/providers/aliyun-kvstore/schema.js';
import { responseOf } from '../../helpers/response.js';
import { fixtureBody } from './fixtures.js';

/** The walk's clock: after every fixture's backups, before their expiry. */
const NOW = new Date('2024-05-02T00:00:00Z');
const context: KvstoreMapContext = { account: 'default', instanceId: 'r-bp1xxxxxxxxxxxxx', region: 'cn-hongkong', engine: 'redis', now: NOW };

function mapFixture(name: string, ctx: Partial<KvstoreMapContext> = {}) {
  return mapBackupsPage(responseOf(unwrapResponseRoot(fixtureBody(name), 'DescribeBackups')), { ...context, ...ctx });
}

/** The normalized fields without `raw`, which is checked on its own. */
function fields(backup: Backup<'aliyun-kvstore'>) {
  const { raw: _raw, ...rest } = backup;
  return rest;
}

/** The `DescribeBackups` row behind a backup (not a cloud-native cluster's record). */
function row(backup: Backup<'aliyun-kvstore'>): AliyunKvstoreBackupRecord {
  if (!('BackupId' in backup.raw)) throw new Error(`backup ${backup.id} is not a DescribeBackups row`);
  return backup.raw;
}

function cluster(backup: Backup<'aliyun-kvstore'>): AliyunKvstoreClusterBackupRecord {
  if (!('ClusterBackupId' in backup.raw)) throw new Error(`backup ${backup.id} is not a cluster backup`);
  return backup.raw;
}

const HK = 'https://rdsbak-hk45-v2.oss-cn-hongkong.aliyuncs.com/xxxxxxxxxxx';
const HK_INTERNAL = 'http://rdsbak-hk45-v2.oss-cn-hongkong-internal.aliyuncs.com/xxxxxxxxxxx';

/** One document backup: a standard instance's row names its node, so it is a job of one part. */
function documentBackup(id: string, start: string, end: string, downloadUrl: string) {
  return {
    provider: 'aliyun-kvstore',
    account: 'default',
    id,
    instanceId: 'r-bp1xxxxxxxxxxxxx',
    region: 'cn-hongkong',
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    scope: 'instance',
    startTime: new Date(start),
    endTime: new Date(end),
    sizeBytes: 1024,
    engine: 'redis',
    engineVersion: '4.0',
    downloadUrl,
    intranetDownloadUrl: HK_INTERNAL,
    parts: [{ id, nodeId: 'r-bp1xxxxxxxxxxxxx', status: 'success', startTime: new Date(start), endTime: new Date(end), sizeBytes: 1024 }],
  };
}

/** The three backups of the API document's example, identical whether the response came as JSON or XML. */
const documentBackups = [
  documentBackup('336077354', '2019-03-14T05:28:50Z', '2019-03-14T05:31:13Z', HK),
  documentBackup('335538809', '2019-03-13T05:28:46Z', '2019-03-13T05:31:09Z', HK_INTERNAL),
  documentBackup('335001607', '2019-03-12T05:28:52Z', '2019-03-12T05:31:14Z', `https://rdsbak-hk45-v2.oss-cn-hongkong.aliyuncs.com/${HK_INTERNAL}`),
];

describe('KVStore DescribeBackups: the API document examples', () => {
  for (const name of ['describe-backups.doc.json', 'describe-backups.doc.xml']) {
    it(`${name} maps every record, field by field`, () => {
      const page = mapFixture(name);
      expect(page.failures).toEqual([]);
      expect(page.total).toBe(3);
      expect(page.received).toBe(3);
      expect(page.items.map(fields)).toStrictEqual(documentBackups);
      for (const backup of page.items) {
        expect(backupSchema.safeParse(backup).success).toBe(true);
        expect(row(backup).NodeInstanceId).toBe('r-bp1xxxxxxxxxxxxx');
        // `all` is the whole instance: it stays in raw and names no database.
        expect(row(backup).BackupDBNames).toBe('all');
        // The document's example sends the id as a string in both formats: raw keeps what was sent.
        expect(row(backup).BackupId).toBe(backup.id);
      }
    });
  }

  it('the JSON and XML examples give the same records in raw', () => {
    const json = mapFixture('describe-backups.doc.json').items.map((b) => b.raw);
    const xml = mapFixture('describe-backups.doc.xml').items.map((b) => b.raw);
    expect(xml).toStrictEqual(json);
  });
});

describe('KVStore DescribeBackups: edge cases', () => {
  const CLUSTER_URL = 'https://rdsbak-bj-v2.oss-cn-beijing.aliyuncs.com/custins1/hins1.rdb?Expires=1714640000';
  const CLUSTER_INTERNAL_URL = 'https://rdsbak-bj-v2.oss-cn-beijing-internal.aliyuncs.com/custins1/hins1.rdb?Expires=1714640000';

  it('the SDK shape (numbers as numbers): each shard row is a one-part backup under its job id', () => {
    const page = mapFixture('describe-backups.sdk-shape.json', { instanceId: 'r-2ze1cluster', region: 'cn-beijing' });
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(3);
    expect(page.received).toBe(3);
    const common = { provider: 'aliyun-kvstore', account: 'default', instanceId: 'r-2ze1cluster', region: 'cn-beijing', scope: 'instance', engine: 'redis', engineVersion: '7.0' };
    expect(page.items.map(fields)).toStrictEqual([
      {
        ...common,
        id: '10001',
        status: 'success',
        mode: 'automated',
        type: 'full',
        method: 'physical',
        startTime: new Date('2024-05-01T16:02:11Z'),
        endTime: new Date('2024-05-01T16:04:59Z'),
        sizeBytes: 2147483648,
        databases: ['0', '1', '15'],
        expiresAt: new Date('2024-05-08T16:04:59Z'),
        downloadUrl: CLUSTER_URL,
        intranetDownloadUrl: CLUSTER_INTERNAL_URL,
        downloadUrlExpiresAt: new Date(1714640000 * 1000),
        parts: [{ id: '1162876543', nodeId: 'r-2ze1cluster-db-0', status: 'success', startTime: new Date('2024-05-01T16:02:11Z'), endTime: new Date('2024-05-01T16:04:59Z'), sizeBytes: 2147483648 }],
      },
      {
        ...common,
        id: '10001',
        status: 'success',
        mode: 'automated',
        type: 'full',
        method: 'physical',
        startTime: new Date('2024-05-01T16:02:12Z'),
        endTime: new Date('2024-05-01T16:05:03Z'),
        sizeBytes: 2147479552,
        expiresAt: new Date('2024-05-08T16:05:03Z'),
        parts: [{ id: '1162876544', nodeId: 'r-2ze1cluster-db-1', status: 'success', startTime: new Date('2024-05-01T16:02:12Z'), endTime: new Date('2024-05-01T16:05:03Z'), sizeBytes: 2147479552 }],
      },
      {
        ...common,
        id: '9876',
        status: 'failed',
        mode: 'manual',
        type: 'full',
        method: 'logical',
        startTime: new Date('2024-04-30T03:15:00Z'),
        endTime: new Date('2024-04-30T03:15:42Z'),
        sizeBytes: 0,
        parts: [{ id: '1162011022', nodeId: 'r-2ze1cluster-db-0', status: 'failed', startTime: new Date('2024-04-30T03:15:00Z'), endTime: new Date('2024-04-30T03:15:42Z'), sizeBytes: 0 }],
      },
    ]);
    const [first, second, third] = page.items.map(row);
    // The shard, the job and the row's own id stay visible in raw.
    expect([first!.NodeInstanceId, second!.NodeInstanceId]).toEqual(['r-2ze1cluster-db-0', 'r-2ze1cluster-db-1']);
    expect([first!.BackupJobID, second!.BackupJobID, third!.BackupJobID]).toEqual([10001, 10001, 9876]);
    expect(first!.BackupId).toBe(1162876543);
    expect(first!.RecoverConfigMode).toBe('{"whitelist":true,"sgroup":false,"tde":false}');
    expect(second!.BackupDownloadURL).toBe('');
  });

  it('the two shard rows of job 10001 merge into one backup: summed size, earliest start, latest end, parts by node', () => {
    const [a, b] = mapFixture('describe-backups.sdk-shape.json', { instanceId: 'r-2ze1cluster', region: 'cn-beijing' }).items;
    const job = mergeParts([b!, a!]);
    expect(job.id).toBe('10001');
    expect(job.sizeBytes).toBe(2147483648 + 2147479552);
    expect(job.startTime).toEqual(new Date('2024-05-01T16:02:11Z'));
    expect(job.endTime).toEqual(new Date('2024-05-01T16:05:03Z'));
    expect(job.parts?.map((p) => [p.nodeId, p.id])).toEqual([
      ['r-2ze1cluster-db-0', '1162876543'],
      ['r-2ze1cluster-db-1', '1162876544'],
    ]);
    // raw is the row of the first part (node order), whatever order the rows came in.
    expect(row(job).BackupId).toBe(1162876543);
    expect(job.expiresAt).toEqual(new Date('2024-05-08T16:04:59Z'));
  });

  it('numbers as strings: counts, ids and sizes; blank URLs, versions and sizes are absent', () => {
    const page = mapFixture('describe-backups.numbers-as-strings.json', { instanceId: 'r-uf6strings', region: 'cn-shanghai' });
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(2);
    expect(page.items.map(fields)).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        account: 'default',
        id: '42',
        instanceId: 'r-uf6strings',
        region: 'cn-shanghai',
        status: 'success',
        mode: 'automated',
        type: 'incremental',
        method: 'physical',
        scope: 'instance',
        startTime: new Date('2023-12-31T23:59:30Z'),
        endTime: new Date('2024-01-01T00:01:05Z'),
        sizeBytes: 52428800,
        engine: 'redis',
        engineVersion: '5.0',
        downloadUrl: 'https://rdsbak-sh.oss-cn-shanghai.aliyuncs.com/inc.aof',
        parts: [{ id: '9007199254', nodeId: 'r-uf6strings', status: 'success', startTime: new Date('2023-12-31T23:59:30Z'), endTime: new Date('2024-01-01T00:01:05Z'), sizeBytes: 52428800 }],
      },
      {
        provider: 'aliyun-kvstore',
        account: 'default',
        // No job id and no node: the row's own id, no parts.
        id: '9007199253',
        instanceId: 'r-uf6strings',
        region: 'cn-shanghai',
        status: 'success',
        mode: 'manual',
        type: 'full',
        method: 'snapshot',
        scope: 'instance',
        startTime: new Date('2023-12-30T23:59:30Z'),
        engine: 'redis',
      },
    ]);
    expect(row(page.items[0]!).BackupJobID).toBe('42');
    expect(row(page.items[0]!).BackupSize).toBe('52428800');
  });

  it('unknown mode, type and method become "unknown" (Running is a status Aliyun uses) and stay visible in raw', () => {
    const page = mapFixture('describe-backups.unknown-values.json');
    expect(page.failures).toEqual([]);
    expect(page.items).toHaveLength(1);
    const backup = page.items[0]!;
    expect(fields(backup)).toStrictEqual({
      provider: 'aliyun-kvstore',
      account: 'default',
      id: '777000111',
      instanceId: 'r-bp1xxxxxxxxxxxxx',
      region: 'cn-hongkong',
      status: 'running',
      mode: 'unknown',
      type: 'unknown',
      method: 'unknown',
      scope: 'instance',
      startTime: new Date('2024-06-01T08:00:00Z'),
      sizeBytes: 123456,
      engine: 'redis',
      engineVersion: '6.0',
    });
    expect(row(backup).BackupStatus).toBe('Running');
    expect(row(backup).BackupMode).toBe('Scheduled');
    expect(row(backup).BackupType).toBe('LogBackup');
    expect(row(backup).BackupMethod).toBe('AofFlashback');
    expect((backup.raw as Record<string, unknown>).NewFieldFromTheFuture).toEqual({ Nested: true });
    // A status nobody documented is unknown, whatever its case.
    const status = (BackupStatus: string) => mapKvstoreBackup(aliyunKvstoreBackupRecordSchema.parse({ BackupId: 1, BackupStartTime: '2024-01-01T00:00:00Z', BackupStatus }), context).status;
    expect([status('Frozen'), status('SUCCESS'), status(' failed ')]).toEqual(['unknown', 'success', 'failed']);
  });

  for (const name of ['describe-backups.empty.json', 'describe-backups.empty.xml']) {
    it(`an empty page (${name}) has no items, no failures and a total of 0`, () => {
      const page = mapFixture(name);
      expect(page).toStrictEqual({ items: [], received: 0, total: 0, failures: [] });
    });
  }

  it('a one-item XML page (Backups.Backup is an object, not an array) maps its record', () => {
    const page = mapFixture('describe-backups.one-item.xml');
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(1);
    expect(page.received).toBe(1);
    expect(page.items.map(fields)).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        account: 'default',
        id: '10001',
        instanceId: 'r-bp1xxxxxxxxxxxxx',
        region: 'cn-hongkong',
        status: 'failed',
        mode: 'manual',
        type: 'full',
        method: 'logical',
        scope: 'instance',
        startTime: new Date('2019-03-14T05:28:50Z'),
        endTime: new Date('2019-03-14T05:31:13Z'),
        sizeBytes: 0,
        engine: 'redis',
        engineVersion: '4.0',
        parts: [{ id: '336077354', nodeId: 'r-bp1xxxxxxxxxxxxx', status: 'failed', startTime: new Date('2019-03-14T05:28:50Z'), endTime: new Date('2019-03-14T05:31:13Z'), sizeBytes: 0 }],
      },
    ]);
    expect(row(page.items[0]!).BackupJobID).toBe('10001');
  });

  it('a record without an id or with an unreadable start time is reported, and the rest of the page is kept', () => {
    const page = mapBackupsPage(
      responseOf({
        TotalCount: 3,
        Backups: {
          Backup: [
            { BackupId: 1, BackupStartTime: '2024-01-01T00:00:00Z', BackupStatus: 'Success' },
            { BackupId: '', BackupStartTime: '2024-01-01T00:00:00Z' },
            { BackupId: 3, BackupStartTime: '2024-02-30T00:00:00Z' },
          ],
        },
      }),
      context,
    );
    expect(page.items.map((b) => b.id)).toEqual(['1']);
    expect(page.received).toBe(3);
    expect(page.failures).toHaveLength(2);
    expect(page.failures![0]!.error).toBeInstanceOf(ResponseValidationError);
    expect(page.failures![0]).toMatchObject({ provider: 'aliyun-kvstore', account: 'default', region: 'cn-hongkong', instanceId: 'r-bp1xxxxxxxxxxxxx' });
    expect(page.failures![0]!.recordId).toBeUndefined();
    expect(page.failures![1]!.recordId).toBe('3');
    expect(page.failures![1]!.error.message).toContain('BackupStartTime');
  });

  it('a 200 whose body is not a DescribeBackups page is a retryable validation error, never an empty page', () => {
    for (const body of [{ Backups: 42 }, '<html>login page</html>', undefined]) {
      const error = (() => {
        try {
          mapBackupsPage(responseOf(body), context);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).retryable).toBe(true);
    }
  });

  it('the record schema rejects a record with no BackupStartTime instead of inventing one', () => {
    expect(aliyunKvstoreBackupRecordSchema.safeParse({ BackupId: 5 }).success).toBe(false);
  });

  it('takes account and region from the context, and no engine when the instance was given rather than discovered', () => {
    const record = aliyunKvstoreBackupRecordSchema.parse({ BackupId: 8, BackupStartTime: '2024-01-01T00:00:00Z' });
    const backup = mapKvstoreBackup(record, { account: 'prod', region: 'cn-shenzhen', instanceId: 'r-1', now: NOW });
    expect([backup.account, backup.region, backup.status, backup.id]).toEqual(['prod', 'cn-shenzhen', 'unknown', '8']);
    expect('engine' in backup).toBe(false);
  });

  it('is unavailable once its expiry has passed by the walk clock, and says nothing about availability before', () => {
    const record = aliyunKvstoreBackupRecordSchema.parse({ BackupId: 8, BackupStartTime: '2024-01-01T00:00:00Z', ExpectExpireTime: '2024-01-08T00:00:00Z' });
    const at = (now: string) => mapKvstoreBackup(record, { ...context, now: new Date(now) });
    expect(at('2024-01-08T00:00:00Z')).toMatchObject({ available: false, expiresAt: new Date('2024-01-08T00:00:00Z') });
    expect('available' in at('2024-01-07T23:59:59Z')).toBe(false);
  });
});

describe('KVStore DescribeClusterBackupList (cloud-native clusters)', () => {
  const clusterBackup = {
    ClusterBackupId: 'cb-hyxdof5x9kqb****',
    ClusterBackupStatus: 'OK',
    ClusterBackupStartTime: '2024-05-01T16:00:05Z',
    ClusterBackupEndTime: '2024-05-01T16:03:30Z',
    ClusterBackupMode: 'Automated',
    ClusterBackupSize: '9999',
    ExpectExpireTime: '2024-05-08T16:03:30Z',
    IsAvail: 1,
    Backups: [
      {
        BackupId: '1304****', InstanceName: 'r-bp10noxlhcoim2****-db-1', BackupStatus: 'OK', BackupSize: '2000',
        BackupStartTime: '2024-05-01T16:00:06Z', BackupEndTime: '2024-05-01T16:03:30Z', IsAvail: '1', ExtraInfo: { CustinsDbVersion: '7.0' },
      },
      {
        BackupId: '1303****', InstanceName: 'r-bp10noxlhcoim2****-db-0', BackupStatus: 'ERROR', BackupSize: '1000',
        BackupStartTime: '2024-05-01T16:00:05Z', BackupEndTime: '2024-05-01T16:02:00Z', IsAvail: '0',
      },
    ],
  };

  it('maps a cluster backup with its shards as parts sorted by node; the size is the sum of the shards; a failed, unusable shard fails it', () => {
    const page = mapClusterBackupsPage(responseOf({ RequestId: 'R', PageNumber: 1, PageSize: 30, ClusterBackups: [clusterBackup] }), { ...context, engine: 'tair' });
    expect(page.failures).toEqual([]);
    // No total: the walk pages until an empty page.
    expect(page.total).toBeUndefined();
    expect(page.received).toBe(1);
    expect(page.items.map(fields)).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        account: 'default',
        id: 'cb-hyxdof5x9kqb****',
        instanceId: 'r-bp1xxxxxxxxxxxxx',
        region: 'cn-hongkong',
        // The cluster says OK and IsAvail 1, but shard db-0 says ERROR and IsAvail "0": a cluster cannot be restored
        // without one of its shards, so the backup is failed and unavailable (never more protection than the parts).
        status: 'failed',
        mode: 'automated',
        type: 'full',
        method: 'unknown',
        scope: 'instance',
        startTime: new Date('2024-05-01T16:00:05Z'),
        endTime: new Date('2024-05-01T16:03:30Z'),
        sizeBytes: 3000,
        engine: 'tair',
        engineVersion: '7.0',
        expiresAt: new Date('2024-05-08T16:03:30Z'),
        available: false,
        parts: [
          { id: '1303****', nodeId: 'r-bp10noxlhcoim2****-db-0', status: 'failed', sizeBytes: 1000, startTime: new Date('2024-05-01T16:00:05Z'), endTime: new Date('2024-05-01T16:02:00Z') },
          { id: '1304****', nodeId: 'r-bp10noxlhcoim2****-db-1', status: 'success', sizeBytes: 2000, startTime: new Date('2024-05-01T16:00:06Z'), endTime: new Date('2024-05-01T16:03:30Z') },
        ],
      },
    ]);
    expect(cluster(page.items[0]!).ClusterBackupSize).toBe('9999');
  });

  it('falls back to ClusterBackupSize when a shard has no size; IsAvail 0 is unavailable; an empty list is an empty page', () => {
    const shardless = { ...clusterBackup, IsAvail: 0, Backups: [{ ...clusterBackup.Backups[0]!, BackupSize: '' }] };
    const [backup] = mapClusterBackupsPage(responseOf({ RequestId: 'R', ClusterBackups: [shardless] }), context).items;
    expect(backup).toMatchObject({ sizeBytes: 9999, available: false });
    expect(mapClusterBackupsPage(responseOf({ RequestId: 'R', ClusterBackups: [] }), context)).toStrictEqual({ items: [], failures: [], received: 0 });
    expect(mapClusterBackupsPage(responseOf({ RequestId: 'R' }), context)).toStrictEqual({ items: [], failures: [], received: 0 });
  });

  it('a failed or unusable shard is never hidden behind the cluster\'s own OK', () => {
    const [shard] = clusterBackup.Backups;
    const failedShard = { ...clusterBackup, ClusterBackupStatus: 'OK', IsAvail: 1, Backups: [{ ...shard!, BackupStatus: 'ERROR' }, { ...shard!, BackupId: 'x2', InstanceName: 'z' }] };
    expect(mapClusterBackupsPage(responseOf({ RequestId: 'R', ClusterBackups: [failedShard] }), context).items[0]).toMatchObject({ status: 'failed' });
    const unusableShard = { ...clusterBackup, ClusterBackupStatus: 'OK', IsAvail: 1, Backups: [{ ...shard!, BackupStatus: 'OK', IsAvail: '0' }] };
    expect(mapClusterBackupsPage(responseOf({ RequestId: 'R', ClusterBackups: [unusableShard] }), context).items[0]).toMatchObject({ status: 'success', available: false });
    const healthy = { ...clusterBackup, ClusterBackupStatus: 'OK', IsAvail: 1, Backups: [{ ...shard!, BackupStatus: 'OK', IsAvail: '1' }] };
    expect(mapClusterBackupsPage(responseOf({ RequestId: 'R', ClusterBackups: [healthy] }), context).items[0]).toMatchObject({ status: 'success', available: true });
  });

  it('refuses a body that is not an answer of the API ({} from a stub or proxy), rather than read it as no backups', () => {
    for (const body of [{}, { ClusterBackups: [] }, { RequestId: '' }]) {
      expect(() => mapClusterBackupsPage(responseOf(body), context)).toThrow(ResponseValidationError);
    }
  });

  it('reports a cluster backup without a readable start time and keeps the others', () => {
    const page = mapClusterBackupsPage(responseOf({ RequestId: 'R', ClusterBackups: [{ ...clusterBackup, ClusterBackupStartTime: 'yesterday' }, clusterBackup] }), context);
    expect(page.items.map((b) => b.id)).toEqual(['cb-hyxdof5x9kqb****']);
    expect(page.failures!.map((f) => f.recordId)).toEqual(['cb-hyxdof5x9kqb****']);
  });
});

describe('KVStore backup times', () => {
  const at = (BackupStartTime: string, BackupEndTime?: string) =>
    mapKvstoreBackup(aliyunKvstoreBackupRecordSchema.parse({ BackupId: 1, BackupStartTime, BackupEndTime }), context);

  it('are instants: Z, an explicit offset, and a zone-less value read as UTC (never the host zone)', () => {
    expect(at('2019-03-14T05:28:50Z').startTime.toISOString()).toBe('2019-03-14T05:28:50.000Z');
    expect(at('2019-03-14T13:28:50+08:00').startTime.toISOString()).toBe('2019-03-14T05:28:50.000Z');
    expect(at('2019-03-14T05:28:50').startTime.toISOString()).toBe('2019-03-14T05:28:50.000Z');
    expect(at('2019-03-14T05:28Z').startTime.toISOString()).toBe('2019-03-14T05:28:00.000Z');
  });

  it('an unreadable end time is left out; an unreadable start time fails the record', () => {
    expect(at('2019-03-14T05:28:50Z', 'soon').endTime).toBeUndefined();
    expect(at('2019-03-14T05:28:50Z', '').endTime).toBeUndefined();
    expect(() => at('14/03/2019 05:28')).toThrow(/BackupStartTime/);
  });
});
