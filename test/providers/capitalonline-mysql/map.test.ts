import { afterEach, describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../../src/errors.js';
import { backupSchema } from '../../../src/model.js';
import { mapBackupsPage, mapBackupType, mapCapitalOnlineBackup, mapCapitalOnlineInstance, mapMode, mapScope, mapStatus, type MapContext } from '../../../src/providers/capitalonline-mysql/map.js';
import { capitalOnlineBackupRecordSchema, capitalOnlineInstanceRecordSchema } from '../../../src/providers/capitalonline-mysql/schema.js';
import { responseOf } from '../../helpers/response.js';
import { fixtureBody } from './fixtures.js';

const INSTANCE = '5ac7c945-ae47-4bbf-82e6-2823d64b57c5';
/** The instance's own region (its RegionId); the site is where the listing came from. */
const context = (timeZone: string): MapContext => ({ account: 'default', region: 'CN_Beijing_A', site: 'cn', instanceId: INSTANCE, timeZone });

function mapFixture(name: string, timeZone: string) {
  const page = mapBackupsPage(responseOf(fixtureBody(name)), context(timeZone));
  return { ...page, failures: page.failures ?? [] };
}

/** The document's example, as the adapter must normalize it with the default zone (UTC+8). */
const DOC_EXPECTED = [
  { id: '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a01', mode: 'automated', method: 'logical', start: '2020-06-17T20:09:59.000Z', end: '2020-06-17T20:10:13.000Z', size: 677496, strategy: 'db' },
  { id: '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a02', mode: 'automated', method: 'physical', start: '2020-06-16T20:10:08.000Z', end: '2020-06-16T20:10:22.000Z', size: 677494, strategy: 'instance' },
  { id: '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a03', mode: 'automated', method: 'physical', start: '2020-06-15T20:10:03.000Z', end: '2020-06-15T20:10:17.000Z', size: 677498, strategy: 'instance' },
  { id: '3b1f6a0e-9c2d-4e51-8a07-6f0d2c4e1a04', mode: 'manual', method: 'physical', start: '2020-06-15T07:04:41.000Z', end: '2020-06-15T07:04:59.000Z', size: 677484, strategy: 'instance' },
] as const;

describe('the DescribeBackups document example (repaired fixture)', () => {
  it('maps field by field', () => {
    const { items, failures } = mapFixture('describe-backups.doc-example.json', 'Asia/Shanghai');
    expect(failures).toEqual([]);
    expect(items).toHaveLength(4);
    items.forEach((b, i) => {
      const e = DOC_EXPECTED[i]!;
      expect(b.provider).toBe('capitalonline-mysql');
      expect(b.account).toBe('default');
      expect(b.id).toBe(e.id);
      expect(b.instanceId).toBe(INSTANCE);
      expect(b.region).toBe('CN_Beijing_A');
      expect(b.site).toBe('cn');
      // BackupStrategy db: chosen databases; instance: the whole instance.
      expect(b.scope).toBe(e.strategy === 'db' ? 'database' : 'instance');
      expect(b.available).toBeUndefined();
      expect(b.status).toBe('success');
      expect(b.mode).toBe(e.mode);
      expect(b.type).toBe('full');
      expect(b.method).toBe(e.method);
      expect(b.startTime.toISOString()).toBe(e.start);
      expect(b.endTime?.toISOString()).toBe(e.end);
      expect(b.sizeBytes).toBe(e.size);
      expect(b.engine).toBe('mysql');
      expect(b.engineVersion).toBeUndefined();
      expect(b.downloadUrl).toBeUndefined();
      expect(b.raw.BackupStrategy).toBe(e.strategy);
      expect(b.raw.Status).toBe('finished');
      expect(b.raw.Desc).toBe('');
      expect(b.raw.InstanceId).toBe(INSTANCE);
      expect(backupSchema.safeParse(b).success).toBe(true);
    });
  });

  it('gives instants eight hours later for a timeZone: UTC source', () => {
    const shanghai = mapFixture('describe-backups.doc-example.json', 'Asia/Shanghai').items;
    const utc = mapFixture('describe-backups.doc-example.json', 'UTC').items;
    expect(utc.map((b) => b.startTime.toISOString())).toEqual([
      '2020-06-18T04:09:59.000Z',
      '2020-06-17T04:10:08.000Z',
      '2020-06-16T04:10:03.000Z',
      '2020-06-15T15:04:41.000Z',
    ]);
    utc.forEach((b, i) => {
      expect(b.startTime.getTime() - shanghai[i]!.startTime.getTime()).toBe(8 * 3_600_000);
      expect(b.endTime!.getTime() - shanghai[i]!.endTime!.getTime()).toBe(8 * 3_600_000);
    });
  });

  describe('does not depend on the host time zone', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it.each([
      ['UTC', 0],
      ['Asia/Shanghai', -480],
      ['America/New_York', 240],
    ])('same instants with the host in %s', (hostZone, juneOffset) => {
      process.env.TZ = hostZone;
      // Proves the switch took effect, so the assertion below really ran under that host zone.
      expect(new Date(2020, 5, 18).getTimezoneOffset()).toBe(juneOffset);
      const items = mapFixture('describe-backups.doc-example.json', 'Asia/Shanghai').items;
      expect(items.map((b) => b.startTime.toISOString())).toEqual(DOC_EXPECTED.map((e) => e.start));
      expect(items.map((b) => b.endTime?.toISOString())).toEqual(DOC_EXPECTED.map((e) => e.end));
    });
  });
});

describe('edge cases', () => {
  const { items, failures } = mapFixture('describe-backups.edge-cases.json', 'Asia/Shanghai');
  const byId = new Map(items.map((b) => [b.id, b]));

  it('reads a numeric-string size as bytes and keeps BackupFinishTime and BackupStrategy in raw', () => {
    const b = byId.get('edge-string-size')!;
    expect(b.sizeBytes).toBe(1_073_741_824);
    expect(b.startTime.toISOString()).toBe('2024-02-29T15:59:58.000Z');
    expect(b.endTime?.toISOString()).toBe('2024-02-29T16:14:07.000Z');
    expect(b.raw.BackupFinishTime).toBe('2024-03-01 00:15:40');
    expect(b.raw.BackupStrategy).toBe('db');
    expect(b.mode).toBe('manual');
    expect(b.method).toBe('physical');
  });

  it('maps undocumented values to unknown, keeps them in raw, and treats "" as absent', () => {
    const b = byId.get('edge-unknown-values')!;
    expect(b.status).toBe('unknown');
    expect(b.mode).toBe('unknown');
    expect(b.type).toBe('unknown');
    expect(b.method).toBe('unknown');
    expect(b.raw.Status).toBe('backing-up');
    expect(b.raw.BackupMode).toBe('scheduled');
    expect(b.raw.BackupType).toBe('incremental-backup');
    expect(b.raw.ShardId).toBe('new-field-kept-in-raw');
    expect(b.raw.BackupFinishTime).toBe('');
    expect(b.endTime).toBeUndefined();
    expect(b.sizeBytes).toBeUndefined();
    expect('endTime' in b).toBe(false);
  });

  it('emits a numeric BackupId as a string and accepts other spellings', () => {
    const b = byId.get('90210')!;
    expect(b.id).toBe('90210');
    expect(b.status).toBe('success');
    expect(b.mode).toBe('automated');
    expect(b.type).toBe('full');
    expect(b.method).toBe('unknown');
    expect(b.sizeBytes).toBe(0);
  });

  it('reports records without a readable start time instead of dropping them', () => {
    expect(items).toHaveLength(3);
    expect(failures.map((f) => f.recordId)).toEqual(['edge-no-start-time', 'edge-bad-start-time']);
    expect(failures.every((f) => f.instanceId === INSTANCE && f.provider === 'capitalonline-mysql' && f.account === 'default' && f.region === 'CN_Beijing_A')).toBe(true);
    expect(failures[0]!.error.name).toBe('ResponseValidationError');
    expect(failures[0]!.error.message).toContain('StartTime');
    expect(failures[1]!.error.message).toContain('"2024-02-30 04:00:00" is not a "YYYY-MM-DD HH:MM:SS" time');
  });

  it('omits an unreadable EndTime but keeps the record', () => {
    const record = capitalOnlineBackupRecordSchema.parse({ BackupId: 'x', StartTime: '2024-01-01 00:00:00', EndTime: 'soon' });
    const b = mapCapitalOnlineBackup(record, { ...context('UTC'), region: 'asia', site: 'asia' });
    expect(b.endTime).toBeUndefined();
    expect(b.raw.EndTime).toBe('soon');
    // Without the instance's RegionId, its region is the site it was listed from.
    expect([b.region, b.site]).toEqual(['asia', 'asia']);
  });

  it('ends at BackupFinishTime when EndTime is empty (the field added in 2023-12)', () => {
    const record = capitalOnlineBackupRecordSchema.parse({ BackupId: 'x', StartTime: '2024-01-01 00:00:00', EndTime: '', BackupFinishTime: '2024-01-01 00:20:00' });
    expect(mapCapitalOnlineBackup(record, context('UTC')).endTime).toEqual(new Date('2024-01-01T00:20:00Z'));
  });

  it('drops a negative size rather than emitting an impossible one', () => {
    const record = capitalOnlineBackupRecordSchema.parse({ BackupId: 'x', StartTime: '2024-01-01 00:00:00', BackupSize: -1 });
    expect(mapCapitalOnlineBackup(record, context('UTC')).sizeBytes).toBeUndefined();
  });

  it('maps download URLs when a record carries them (DownloadBackup shape)', () => {
    const record = capitalOnlineBackupRecordSchema.parse({
      BackupId: 'x',
      StartTime: '2020-06-18 04:00:06',
      BackupDownloadUrl: 'https://gic.example/backup.xb',
      BackupIntranetDownloadUrl: 'http://88.0.0.1/backup.xb',
    });
    const b = mapCapitalOnlineBackup(record, context('Asia/Shanghai'));
    expect(b.downloadUrl).toBe('https://gic.example/backup.xb');
    expect(b.intranetDownloadUrl).toBe('http://88.0.0.1/backup.xb');
  });
});

describe('enum mappers', () => {
  it.each([
    ['finished', 'success'],
    ['FINISHED', 'success'],
    ['failed', 'unknown'],
    ['running', 'unknown'],
    ['', 'unknown'],
    [null, 'unknown'],
    [undefined, 'unknown'],
  ] as const)('status %j -> %s', (raw, expected) => {
    expect(mapStatus(raw)).toBe(expected);
  });

  it.each([
    ['auto', 'automated'],
    ['manual', 'manual'],
    ['Manual', 'manual'],
    ['automated', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('mode %j -> %s', (raw, expected) => {
    expect(mapMode(raw)).toBe(expected);
  });

  it.each([
    ['physical-backup', 'full', 'physical'],
    ['logical-backup', 'full', 'logical'],
    ['full-backup', 'full', 'unknown'],
    ['snapshot', 'unknown', 'unknown'],
    [undefined, 'unknown', 'unknown'],
  ] as const)('BackupType %j -> type %s, method %s', (raw, type, method) => {
    expect(mapBackupType(raw)).toEqual({ type, method });
  });
});

describe('BackupStrategy', () => {
  it.each([
    ['instance', 'instance'],
    ['db', 'database'],
    ['DB', 'database'],
    ['table', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%j -> scope %s', (raw, expected) => {
    expect(mapScope(raw)).toBe(expected);
  });
});

describe('the DescribeBackups envelope', () => {
  it('an empty Data dict is no backups; Data that is not a list of backups is a retryable validation error', () => {
    expect(mapBackupsPage(responseOf({ Code: 'Success', Message: 'Success.', Data: {} }), context('UTC'))).toMatchObject({ items: [], failures: [], received: 0 });
    for (const body of [{ Code: 'Success', Data: 'x' }, { Code: 'Success', Data: { Foo: 1 } }, {}, '<html>']) {
      let error: unknown;
      try {
        mapBackupsPage(responseOf(body), context('UTC'));
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(body)).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).retryable).toBe(true);
    }
  });

  it('a one-backup Data dict (what the document shows) is that backup', () => {
    const page = mapBackupsPage(responseOf({ Code: 'Success', Data: { BackupId: 'only', StartTime: '2024-01-01 08:00:00' } }), context('Asia/Shanghai'));
    expect(page.items.map((b) => [b.id, b.startTime.toISOString()])).toEqual([['only', '2024-01-01T00:00:00.000Z']]);
  });
});

describe('DescribeDBInstances records', () => {
  it('take the RegionId as the region, the version as text, and the creation time in the source zone', () => {
    const record = capitalOnlineInstanceRecordSchema.parse({ InstanceUuid: ' u-1 ', InstanceName: 'orders', RegionId: 'CN_Hongkong_A', Status: 'RUNNING', Version: 8.0, CreatedTime: '2020-05-03 22:16:22' });
    expect(mapCapitalOnlineInstance(record, { account: 'prod', site: 'asia', timeZone: 'Asia/Shanghai' })).toStrictEqual({
      provider: 'capitalonline-mysql',
      account: 'prod',
      region: 'CN_Hongkong_A',
      instanceId: 'u-1',
      engine: 'mysql',
      location: 'asia',
      name: 'orders',
      engineVersion: '8',
      status: 'RUNNING',
      createdAt: new Date('2020-05-03T14:16:22Z'),
    });
    const bare = mapCapitalOnlineInstance(capitalOnlineInstanceRecordSchema.parse({ InstanceUuid: 'u-2', RegionId: '', CreatedTime: '' }), { account: 'default', site: 'us', timeZone: 'UTC' });
    expect(bare).toStrictEqual({ provider: 'capitalonline-mysql', account: 'default', region: 'us', instanceId: 'u-2', engine: 'mysql', location: 'us' });
  });
});

describe('schema', () => {
  it('accepts a size as number or string and rejects a record without BackupId', () => {
    expect(capitalOnlineBackupRecordSchema.safeParse({ BackupId: 'a', StartTime: 't', BackupSize: '12' }).success).toBe(true);
    expect(capitalOnlineBackupRecordSchema.safeParse({ BackupId: 'a', StartTime: 't', BackupSize: 12 }).success).toBe(true);
    expect(capitalOnlineBackupRecordSchema.safeParse({ BackupId: '', StartTime: 't' }).success).toBe(false);
    expect(capitalOnlineBackupRecordSchema.safeParse({ StartTime: 't' }).success).toBe(false);
  });
});
