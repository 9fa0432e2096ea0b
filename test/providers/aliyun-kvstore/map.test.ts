import { describe, expect, it } from 'vitest';
import { backupSchema, type Backup } from '../../../src/model.js';
import { ResponseValidationError } from '../../../src/errors.js';
import { unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';
import { mapBackupsPage, mapKvstoreBackup } from '../../../src/providers/aliyun-kvstore/map.js';
import { aliyunKvstoreBackupRecordSchema, describeBackupsEnvelopeSchema } from '../../../src/providers/aliyun-kvstore/schema.js';
import { fixtureBody } from './fixtures.js';

const context = { instanceId: 'r-bp1xxxxxxxxxxxxx', region: 'cn-hongkong' };

function mapFixture(name: string, ctx: { instanceId: string; region?: string } = context) {
  const envelope = describeBackupsEnvelopeSchema.parse(unwrapResponseRoot(fixtureBody(name), 'DescribeBackups'));
  return mapBackupsPage(envelope, ctx);
}

/** The normalized fields without `raw`, which is checked on its own. */
function fields(backup: Backup<'aliyun-kvstore'>) {
  const { raw: _raw, ...rest } = backup;
  return rest;
}

const HK = 'https://rdsbak-hk45-v2.oss-cn-hongkong.aliyuncs.com/xxxxxxxxxxx';
const HK_INTERNAL = 'http://rdsbak-hk45-v2.oss-cn-hongkong-internal.aliyuncs.com/xxxxxxxxxxx';

/** The three backups of the API document's example, identical whether the response came as JSON or XML. */
const documentBackups = [
  {
    provider: 'aliyun-kvstore',
    id: '336077354',
    instanceId: 'r-bp1xxxxxxxxxxxxx',
    region: 'cn-hongkong',
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    startTime: new Date('2019-03-14T05:28:50Z'),
    endTime: new Date('2019-03-14T05:31:13Z'),
    sizeBytes: 1024,
    engine: 'redis',
    engineVersion: '4.0',
    databases: ['all'],
    downloadUrl: HK,
    intranetDownloadUrl: HK_INTERNAL,
  },
  {
    provider: 'aliyun-kvstore',
    id: '335538809',
    instanceId: 'r-bp1xxxxxxxxxxxxx',
    region: 'cn-hongkong',
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    startTime: new Date('2019-03-13T05:28:46Z'),
    endTime: new Date('2019-03-13T05:31:09Z'),
    sizeBytes: 1024,
    engine: 'redis',
    engineVersion: '4.0',
    databases: ['all'],
    downloadUrl: HK_INTERNAL,
    intranetDownloadUrl: HK_INTERNAL,
  },
  {
    provider: 'aliyun-kvstore',
    id: '335001607',
    instanceId: 'r-bp1xxxxxxxxxxxxx',
    region: 'cn-hongkong',
    status: 'success',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    startTime: new Date('2019-03-12T05:28:52Z'),
    endTime: new Date('2019-03-12T05:31:14Z'),
    sizeBytes: 1024,
    engine: 'redis',
    engineVersion: '4.0',
    databases: ['all'],
    downloadUrl: `https://rdsbak-hk45-v2.oss-cn-hongkong.aliyuncs.com/${HK_INTERNAL}`,
    intranetDownloadUrl: HK_INTERNAL,
  },
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
        expect(backup.raw.NodeInstanceId).toBe('r-bp1xxxxxxxxxxxxx');
        expect(backup.raw.BackupDBNames).toBe('all');
        // The document's example sends the id as a string in both formats: raw keeps what was sent.
        expect(backup.raw.BackupId).toBe(backup.id);
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
  it('the SDK shape (numbers as numbers), a cluster job over two shards, and empty download URLs', () => {
    const page = mapFixture('describe-backups.sdk-shape.json', { instanceId: 'r-2ze1cluster', region: 'cn-beijing' });
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(3);
    expect(page.items.map(fields)).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        id: '1162876543',
        instanceId: 'r-2ze1cluster',
        region: 'cn-beijing',
        status: 'success',
        mode: 'automated',
        type: 'full',
        method: 'physical',
        startTime: new Date('2024-05-01T16:02:11Z'),
        endTime: new Date('2024-05-01T16:04:59Z'),
        sizeBytes: 2147483648,
        engine: 'redis',
        engineVersion: '7.0',
        databases: ['0', '1', '15'],
        downloadUrl: 'https://rdsbak-bj-v2.oss-cn-beijing.aliyuncs.com/custins1/hins1.rdb?Expires=1714640000',
        intranetDownloadUrl: 'https://rdsbak-bj-v2.oss-cn-beijing-internal.aliyuncs.com/custins1/hins1.rdb?Expires=1714640000',
      },
      {
        provider: 'aliyun-kvstore',
        id: '1162876544',
        instanceId: 'r-2ze1cluster',
        region: 'cn-beijing',
        status: 'success',
        mode: 'automated',
        type: 'full',
        method: 'physical',
        startTime: new Date('2024-05-01T16:02:12Z'),
        endTime: new Date('2024-05-01T16:05:03Z'),
        sizeBytes: 2147479552,
        engine: 'redis',
        engineVersion: '7.0',
        databases: ['all'],
      },
      {
        provider: 'aliyun-kvstore',
        id: '1162011022',
        instanceId: 'r-2ze1cluster',
        region: 'cn-beijing',
        status: 'failed',
        mode: 'manual',
        type: 'full',
        method: 'logical',
        startTime: new Date('2024-04-30T03:15:00Z'),
        endTime: new Date('2024-04-30T03:15:42Z'),
        sizeBytes: 0,
        engine: 'redis',
        engineVersion: '7.0',
      },
    ]);
    const [first, second, third] = page.items;
    // Cluster rows: the shard and the job stay visible in raw; the id is the backup's own id.
    expect(first!.raw.NodeInstanceId).toBe('r-2ze1cluster-db-0');
    expect(second!.raw.NodeInstanceId).toBe('r-2ze1cluster-db-1');
    expect(first!.raw.BackupJobID).toBe(10001);
    expect(second!.raw.BackupJobID).toBe(10001);
    expect(third!.raw.BackupJobID).toBe(9876);
    expect(first!.raw.BackupId).toBe(1162876543);
    expect(first!.raw.ExpectExpireTime).toBe('2024-05-08T16:04:59Z');
    expect(first!.raw.RecoverConfigMode).toBe('{"whitelist":true,"sgroup":false,"tde":false}');
    expect(second!.raw.BackupDownloadURL).toBe('');
  });

  it('numbers as strings: counts, ids and sizes; blank URLs and versions are absent', () => {
    const page = mapFixture('describe-backups.numbers-as-strings.json', { instanceId: 'r-uf6strings' });
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(2);
    expect(page.items.map(fields)).toStrictEqual([
      {
        provider: 'aliyun-kvstore',
        id: '9007199254',
        instanceId: 'r-uf6strings',
        status: 'success',
        mode: 'automated',
        type: 'incremental',
        method: 'physical',
        startTime: new Date('2023-12-31T23:59:30Z'),
        endTime: new Date('2024-01-01T00:01:05Z'),
        sizeBytes: 52428800,
        engine: 'redis',
        engineVersion: '5.0',
        databases: ['all'],
        downloadUrl: 'https://rdsbak-sh.oss-cn-shanghai.aliyuncs.com/inc.aof',
      },
      {
        provider: 'aliyun-kvstore',
        id: '9007199253',
        instanceId: 'r-uf6strings',
        status: 'success',
        mode: 'manual',
        type: 'full',
        method: 'snapshot',
        startTime: new Date('2023-12-30T23:59:30Z'),
        engine: 'redis',
      },
    ]);
    expect(page.items[0]!.raw.BackupJobID).toBe('42');
    expect(page.items[0]!.raw.BackupSize).toBe('52428800');
  });

  it('unknown status, mode, type and method become "unknown" and stay visible in raw', () => {
    const page = mapFixture('describe-backups.unknown-values.json');
    expect(page.failures).toEqual([]);
    expect(page.items).toHaveLength(1);
    const backup = page.items[0]!;
    expect(fields(backup)).toStrictEqual({
      provider: 'aliyun-kvstore',
      id: '777000111',
      instanceId: 'r-bp1xxxxxxxxxxxxx',
      region: 'cn-hongkong',
      status: 'unknown',
      mode: 'unknown',
      type: 'unknown',
      method: 'unknown',
      startTime: new Date('2024-06-01T08:00:00Z'),
      sizeBytes: 123456,
      engine: 'redis',
      engineVersion: '6.0',
    });
    expect(backup.raw.BackupStatus).toBe('Running');
    expect(backup.raw.BackupMode).toBe('Scheduled');
    expect(backup.raw.BackupType).toBe('LogBackup');
    expect(backup.raw.BackupMethod).toBe('AofFlashback');
    expect((backup.raw as Record<string, unknown>).NewFieldFromTheFuture).toEqual({ Nested: true });
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
        id: '336077354',
        instanceId: 'r-bp1xxxxxxxxxxxxx',
        region: 'cn-hongkong',
        status: 'failed',
        mode: 'manual',
        type: 'full',
        method: 'logical',
        startTime: new Date('2019-03-14T05:28:50Z'),
        endTime: new Date('2019-03-14T05:31:13Z'),
        sizeBytes: 0,
        engine: 'redis',
        engineVersion: '4.0',
        databases: ['all'],
      },
    ]);
    expect(page.items[0]!.raw.BackupJobID).toBe('10001');
  });

  it('a record without an id or with an unreadable start time is reported, and the rest of the page is kept', () => {
    const envelope = describeBackupsEnvelopeSchema.parse({
      TotalCount: 3,
      Backups: {
        Backup: [
          { BackupId: 1, BackupStartTime: '2024-01-01T00:00:00Z', BackupStatus: 'Success' },
          { BackupId: '', BackupStartTime: '2024-01-01T00:00:00Z' },
          { BackupId: 3, BackupStartTime: '2024-02-30T00:00:00Z' },
        ],
      },
    });
    const page = mapBackupsPage(envelope, context);
    expect(page.items.map((b) => b.id)).toEqual(['1']);
    expect(page.received).toBe(3);
    expect(page.failures).toHaveLength(2);
    expect(page.failures![0]!.error).toBeInstanceOf(ResponseValidationError);
    expect(page.failures![0]!.instanceId).toBe('r-bp1xxxxxxxxxxxxx');
    expect(page.failures![0]!.recordId).toBeUndefined();
    expect(page.failures![1]!.recordId).toBe('3');
    expect(page.failures![1]!.error.message).toContain('BackupStartTime');
  });

  it('the record schema rejects a record with no BackupStartTime instead of inventing one', () => {
    expect(aliyunKvstoreBackupRecordSchema.safeParse({ BackupId: 5 }).success).toBe(false);
  });

  it('mapKvstoreBackup leaves region out when the context has none', () => {
    const record = aliyunKvstoreBackupRecordSchema.parse({ BackupId: 8, BackupStartTime: '2024-01-01T00:00:00Z' });
    const backup = mapKvstoreBackup(record, { instanceId: 'r-1' });
    expect('region' in backup).toBe(false);
    expect(backup.status).toBe('unknown');
  });
});

describe('KVStore backup times', () => {
  const at = (BackupStartTime: string, BackupEndTime?: string) =>
    mapKvstoreBackup(aliyunKvstoreBackupRecordSchema.parse({ BackupId: 1, BackupStartTime, BackupEndTime }), { instanceId: 'r-1' });

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
