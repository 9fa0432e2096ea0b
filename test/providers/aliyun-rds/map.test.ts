import { describe, expect, it } from 'vitest';
import { backupSchema, type Backup } from '../../../src/model.js';
import { ResponseValidationError } from '../../../src/errors.js';
import { mapAliyunMethod, mapAliyunMode, mapAliyunStatus, mapAliyunType } from '../../../src/providers/aliyun-common/enums.js';
import { mapBackupsPage, mapRdsBackup, rdsConsistentTime } from '../../../src/providers/aliyun-rds/map.js';
import { aliyunRdsBackupRecordSchema } from '../../../src/providers/aliyun-rds/schema.js';
import { fixtureResponse, fixtureText } from './fixtures.js';

const REGION = 'cn-hangzhou';

/** The adapter's own pipeline on a fixture: envelope, then each record validated and mapped. */
const NOW = new Date('2026-06-01T00:00:00Z');
const context = (instanceId: string) => ({ account: 'default', region: REGION, instanceId, now: NOW });

function mapFixture(name: string, instanceId = 'rm-uf6wjk5****') {
  const page = mapBackupsPage(fixtureResponse(name), context(instanceId));
  for (const item of page.items) expect(backupSchema.safeParse(item).success).toBe(true);
  return { ...page, failures: page.failures ?? [], received: page.received! };
}

const withoutRaw = ({ raw: _raw, ...rest }: Backup<'aliyun-rds'>) => rest;

const ZH_TW_EXPECTED = {
  provider: 'aliyun-rds',
  account: 'default',
  id: '321020562',
  instanceId: 'rm-uf6wjk5****',
  region: 'cn-hangzhou',
  status: 'success',
  mode: 'automated',
  type: 'full',
  method: 'physical',
  startTime: new Date('2019-02-03T12:20:00.000Z'),
  endTime: new Date('2019-02-13T12:20:00.000Z'),
  scope: 'instance',
  sizeBytes: 2167808,
  // IsAvail 1, but ExpectExpireTime is before the walk's clock (NOW): expired, so not available.
  available: false,
  expiresAt: new Date('2025-06-17T12:10:23Z'),
  engine: 'mysql',
  engineVersion: '8.0',
  databases: ['dbs'],
  downloadUrl: 'http://rdsbak-hz-v3.oss-cn-hangzhou.aliyuncs.com/****',
  intranetDownloadUrl: 'http://rdsbak-hz-v3.oss-cn-hangzhou-internal.aliyuncs.com/****',
};

const OLDER_EXPECTED = {
  provider: 'aliyun-rds',
  account: 'default',
  id: '321020562',
  instanceId: 'rm-uf6wjk5xxxxxxx',
  region: 'cn-hangzhou',
  status: 'success',
  mode: 'automated',
  type: 'full',
  method: 'physical',
  startTime: new Date('2019-02-13T12:20:37.000Z'),
  endTime: new Date('2019-02-13T12:22:53.000Z'),
  // BackupScale DBInstance: the whole instance.
  scope: 'instance',
  sizeBytes: 2167808,
  databases: ['spdb', 'sys', 'test20181221', 'test-20181228', 'test_20181115', 'test_20181116'],
  downloadUrl:
    'http://rdsbak-hz-v3.oss-cn-hangzhou.aliyuncs.com/custins10430291/hins5882781_data_20190213201955.tar.gz?OSSAccessKeyId=xxxxxxx&Expires=1231230&Signature=zIBwxxxxxxxxUs5ga3p%2BVxxxxxxxk%3D',
  intranetDownloadUrl:
    'http://rdsbak-hz-v3.oss-cn-hangzhou-internal.aliyuncs.com/custins10430291/hins5882781_data_20190213201955.tar.gz?OSSAccessKeyId=xxxxxxxx&Expires=1231230&Signature=zIBwxxxxxxx5ga3p%2BVxxxxxxxx%3D',
  // The document's placeholder `Expires=1231230`, read as the unix seconds it stands for.
  downloadUrlExpiresAt: new Date(1231230 * 1000),
};

describe('RDS DescribeBackups document examples', () => {
  it('zh-tw JSON example maps field by field, raw kept verbatim', () => {
    const page = mapFixture('describebackups.zh-tw.json');
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(100);
    expect(page.received).toBe(1);
    expect(page.items).toHaveLength(1);
    const [b] = page.items;
    expect(withoutRaw(b!)).toEqual(ZH_TW_EXPECTED);
    const document = JSON.parse(fixtureText('describebackups.zh-tw.json')) as { Items: { Backup: unknown[] } };
    expect(b!.raw).toEqual(document.Items.Backup[0]);
    expect(b!.raw.HostInstanceID).toBe('5882781');
    expect(b!.raw.ConsistentTime).toBe(1576506856);
    expect(rdsConsistentTime(b!.raw)?.toISOString()).toBe('2019-12-16T14:34:16.000Z');
  });

  it('the same record as one-item XML maps to the same Backup (strings coerced, single <Backup> accepted)', () => {
    const page = mapFixture('one-item-full.xml');
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(1);
    expect(page.items.map(withoutRaw)).toEqual([ZH_TW_EXPECTED]);
    expect(page.items[0]!.raw.BackupSize).toBe('2167808');
    expect(rdsConsistentTime(page.items[0]!.raw)?.toISOString()).toBe('2019-12-16T14:34:16.000Z');
  });

  it('older JSON example (numeric ids and counts, BackupDBNames) maps field by field', () => {
    const page = mapFixture('describebackups.older.json', 'rm-uf6wjk5xxxxxxx');
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(1);
    expect(page.items.map(withoutRaw)).toEqual([OLDER_EXPECTED]);
    const raw = page.items[0]!.raw;
    expect(raw.BackupId).toBe(321020562);
    expect(raw.HostInstanceID).toBe(5882781);
    expect(raw.BackupLocation).toBe('OSS');
    expect(raw.MetaStatus).toBe('');
    expect(rdsConsistentTime(raw)).toBeUndefined();
  });

  it('older XML example maps to the same Backup as its JSON twin', () => {
    const page = mapFixture('describebackups.older.xml', 'rm-uf6wjk5xxxxxxx');
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(1);
    expect(page.items.map(withoutRaw)).toEqual([OLDER_EXPECTED]);
    const raw = page.items[0]!.raw;
    expect(raw.BackupId).toBe('321020562');
    expect(raw.HostInstanceID).toBe('5882781');
    expect(raw.BackupScale).toBe('DBInstance');
  });
});

describe('RDS edge cases', () => {
  it.each(['empty-page.json', 'empty-page.xml'])('%s: no items, no failures, total 0', (name) => {
    const page = mapFixture(name);
    expect(page).toEqual({ items: [], failures: [], total: 0, received: 0 });
  });

  it('two-item XML: both records in order, empty URLs absent, zero size kept, 50 GiB exact', () => {
    const page = mapFixture('two-items.xml', 'rm-edge0001');
    expect(page.failures).toEqual([]);
    expect(page.items.map(withoutRaw)).toEqual([
      {
        provider: 'aliyun-rds',
        account: 'default',
        id: '900000002',
        instanceId: 'rm-edge0001',
        region: 'cn-hangzhou',
        status: 'failed',
        mode: 'manual',
        type: 'incremental',
        method: 'logical',
        scope: 'instance',
        startTime: new Date('2024-03-10T01:00:05.000Z'),
        endTime: new Date('2024-03-10T01:02:00.000Z'),
        sizeBytes: 0,
        engine: 'postgresql',
        engineVersion: '14.0',
      },
      {
        provider: 'aliyun-rds',
        account: 'default',
        id: '900000001',
        instanceId: 'rm-edge0001',
        region: 'cn-hangzhou',
        status: 'success',
        mode: 'automated',
        type: 'full',
        method: 'snapshot',
        scope: 'instance',
        startTime: new Date('2024-03-09T01:00:00.000Z'),
        endTime: new Date('2024-03-09T01:30:00.000Z'),
        sizeBytes: 53687091200,
        engine: 'postgresql',
        engineVersion: '14.0',
      },
    ]);
    expect(rdsConsistentTime(page.items[0]!.raw)).toBeUndefined();
  });

  it('numbers as strings and strings as numbers', () => {
    const page = mapFixture('numbers-as-strings.json', 'rm-edge0002');
    expect(page.failures).toEqual([]);
    expect(page.total).toBe(1);
    const [b] = page.items;
    expect(withoutRaw(b!)).toEqual({
      provider: 'aliyun-rds',
      account: 'default',
      id: '1234567890',
      instanceId: 'rm-edge0002',
      region: 'cn-hangzhou',
      status: 'success',
      mode: 'automated',
      type: 'full',
      method: 'physical',
      scope: 'instance',
      startTime: new Date('2023-12-31T23:59:30.000Z'),
      endTime: new Date('2024-01-01T00:10:00.000Z'),
      sizeBytes: 10737418240,
      // IsAvail "1", StorageClass 0 (standard), no expiry: positively available.
      available: true,
      engine: 'mysql',
      engineVersion: '5.7',
    });
    expect(rdsConsistentTime(b!.raw)?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(b!.raw.BackupDownloadURL).toBeNull();
  });

  it('unknown mode, type and method values become unknown and stay visible in raw; nothing is dropped', () => {
    const page = mapFixture('unknown-enums.json', 'rm-edge0003');
    expect(page.failures).toEqual([]);
    const [b] = page.items;
    expect(withoutRaw(b!)).toEqual({
      provider: 'aliyun-rds',
      account: 'default',
      id: '700000001',
      instanceId: 'rm-edge0003',
      region: 'cn-hangzhou',
      // Running is an Aliyun status we know (KVStore's cluster list and RDS both send it).
      status: 'running',
      mode: 'unknown',
      type: 'unknown',
      method: 'unknown',
      scope: 'instance',
      startTime: new Date('2024-06-01T16:00:00.000Z'),
      engine: 'sqlserver',
      engineVersion: '2019_std_ha',
    });
    expect(b!.raw.BackupStatus).toBe('Running');
    expect(b!.raw.BackupMethod).toBe('Clone');
    expect(b!.raw.BackupType).toBe('DifferentialBackup');
    expect(b!.raw.BackupMode).toBe('Scheduled');
    expect((b!.raw as Record<string, unknown>).SomeFutureField).toEqual({ Nested: true });
  });

  it('a record that cannot be read is reported, never dropped, and the rest of the page is listed', () => {
    const page = mapFixture('one-bad-record.json', 'rm-edge0004');
    expect(page.received).toBe(3);
    expect(page.items.map((b) => b.id)).toEqual(['800000003']);
    expect(page.failures).toHaveLength(2);
    expect(page.failures.map((f) => [f.instanceId, f.recordId, f.error instanceof ResponseValidationError])).toEqual([
      ['rm-edge0004', '800000002', true],
      ['rm-edge0004', undefined, true],
    ]);
    expect(page.failures[0]!.error.message).toBe(
      'aliyun-rds: a backup record could not be mapped: BackupStartTime "yesterday" is not a yyyy-MM-ddTHH:mm:ssZ time',
    );
    expect(page.failures[1]!.error.message).toContain('BackupId');
  });
});

describe('RDS availability, expiry and scope', () => {
  const map = (fields: Record<string, unknown>) =>
    mapRdsBackup(aliyunRdsBackupRecordSchema.parse({ BackupId: '1', BackupStartTime: '2026-05-01T00:00:00Z', ...fields }), context('rm-1'));

  it('IsAvail 0 or archive storage is unavailable; IsAvail 1 is available until it expires; no IsAvail says nothing', () => {
    expect(map({ IsAvail: 0 }).available).toBe(false);
    expect(map({ IsAvail: '1', StorageClass: '1' }).available).toBe(false);
    expect(map({ IsAvail: 1, StorageClass: '0', ExpectExpireTime: '2026-06-08T00:00:00Z' })).toMatchObject({ available: true, expiresAt: new Date('2026-06-08T00:00:00Z') });
    // Expiring exactly at the walk's clock is expired.
    expect(map({ IsAvail: 1, ExpectExpireTime: '2026-06-01T00:00:00Z' }).available).toBe(false);
    expect('available' in map({})).toBe(false);
    expect(map({ ExpectExpireTime: '2026-05-31T00:00:00Z' }).available).toBe(false);
  });

  it('BackupScale Database is a database backup; DBInstance or nothing is the instance; anything else unknown', () => {
    expect([map({ BackupScale: 'Database' }).scope, map({ BackupScale: 'DBInstance' }).scope, map({}).scope, map({ BackupScale: 'Table' }).scope]).toEqual([
      'database', 'instance', 'instance', 'unknown',
    ]);
  });

  it('names the databases from BackupDBNames, else from the per-database download links', () => {
    expect(map({ BackupDBNames: 'a, b,,c' }).databases).toEqual(['a', 'b', 'c']);
    const links = { BackupDownloadLinkByDB: [{ DataBase: 'app', DownloadLink: 'x' }, { DataBase: 'reporting' }, { DataBase: 'app' }] };
    expect(map({ BackupDownloadLinkByDB: links }).databases).toEqual(['app', 'reporting']);
    expect('databases' in map({ BackupDownloadLinkByDB: '' })).toBe(false);
  });

  it('reads the download link expiry from the public link, else the intranet one', () => {
    expect(map({ BackupDownloadURL: 'http://b.oss.aliyuncs.com/x?Expires=1780000000&Signature=s' }).downloadUrlExpiresAt).toEqual(new Date(1780000000 * 1000));
    expect(map({ BackupIntranetDownloadURL: 'http://b-internal.oss.aliyuncs.com/x?Expires=1780000001' }).downloadUrlExpiresAt).toEqual(new Date(1780000001 * 1000));
    expect('downloadUrlExpiresAt' in map({ BackupDownloadURL: 'http://b.oss.aliyuncs.com/x' })).toBe(false);
  });
});

describe('enum mapping', () => {
  it('maps the documented values (RDS, KVStore and the cluster list alike), in any case, and nothing else', () => {
    expect(['Success', 'Failed', 'success', 'Running', 'OK', 'Error', 'ERROR', ' failed ', 'Paused', '', undefined, null].map(mapAliyunStatus)).toEqual([
      'success', 'failed', 'success', 'running', 'success', 'failed', 'failed', 'failed', 'unknown', 'unknown', 'unknown', 'unknown',
    ]);
    expect(['Automated', 'Manual', 'System'].map(mapAliyunMode)).toEqual(['automated', 'manual', 'unknown']);
    expect(['FullBackup', 'IncrementalBackup', 'Full'].map(mapAliyunType)).toEqual(['full', 'incremental', 'unknown']);
    expect(['Physical', 'Logical', 'Snapshot', ''].map(mapAliyunMethod)).toEqual(['physical', 'logical', 'snapshot', 'unknown']);
  });
});
