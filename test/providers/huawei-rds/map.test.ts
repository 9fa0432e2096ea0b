import { describe, expect, it } from 'vitest';
import { backupSchema } from '../../../src/model.js';
import { ResponseValidationError } from '../../../src/errors.js';
import { backupKind, mapBackupsPage, mapHuaweiBackup, mapMethod, mapStatus } from '../../../src/providers/huawei-rds/map.js';
import { huaweiRdsBackupRecordSchema, listInstancesEnvelopeSchema } from '../../../src/providers/huawei-rds/schema.js';
import { normalizeEngine } from '../../../src/providers/shared/engine.js';
import { responseOf } from '../../helpers/response.js';
import { fixtureBody } from './fixtures.js';

const context = { account: 'default', instanceId: 'requested-instance', region: 'cn-north-1' };

function page(name: string) {
  return mapBackupsPage(responseOf(fixtureBody(name)), context);
}

describe("the API document's examples", () => {
  it('MySQL: auto = automated full, KB to bytes, +0800 to the right instant', () => {
    const result = page('list-backups.doc-mysql.json');
    expect(result.failures).toEqual([]);
    expect(result.total).toBe(1);
    expect(result.received).toBe(1);
    const [b] = result.items;
    expect(b).toMatchObject({
      provider: 'huawei-rds',
      account: 'default',
      id: '43e4feaab48f11e89039fa163ebaa7e4br01',
      instanceId: 'a48e43ff268f4c0e879652d65e63d0fbin01',
      region: 'cn-north-1',
      status: 'success',
      mode: 'automated',
      type: 'full',
      method: 'unknown',
      scope: 'instance',
      sizeBytes: 2803 * 1024,
      engine: 'mysql',
      engineVersion: '5.6',
    });
    expect(b!.startTime.toISOString()).toBe('2018-08-06T04:41:14.000Z');
    expect(b!.endTime?.toISOString()).toBe('2018-08-06T04:43:14.000Z');
    expect(b!.databases).toBeUndefined();
    // ListBackups says nothing of availability or expiry.
    expect(b!.available).toBeUndefined();
    expect(b!.expiresAt).toBeUndefined();
    expect(b!.raw.name).toBe('xxxx.xxx');
    expect(b!.raw.size).toBe(2803);
    expect(backupSchema.safeParse(b).success).toBe(true);
  });

  it('PostgreSQL: incremental = automated incremental; blanks inside the times and the id are tolerated', () => {
    const result = page('list-backups.doc-postgresql.json');
    expect(result.failures).toEqual([]);
    const [b] = result.items;
    expect(b).toMatchObject({
      id: '43e4feaab48f11e89039fa163ebaa7e4br03',
      instanceId: 'a48e43ff268f4c0e879652d65e63d0fbin03',
      status: 'success',
      mode: 'automated',
      type: 'incremental',
      method: 'unknown',
      scope: 'instance',
      sizeBytes: 2_870_272,
      engine: 'postgresql',
      engineVersion: '9.6',
    });
    expect(b!.startTime.toISOString()).toBe('2018-08-06T04:41:14.000Z');
    expect(b!.endTime?.toISOString()).toBe('2018-08-06T04:43:14.000Z');
    expect(b!.raw.begin_time).toBe('2018 - 08 - 06 T12: 41: 14 + 0800');
    expect(b!.raw.instance_id).toBe('a48e43ff268f4c0e879652d65e63d0fbin03 ');
  });

  it('SQL Server: manual = manual full of the databases it names (scope database), the "id " key read as the id', () => {
    const result = page('list-backups.doc-sqlserver.json');
    expect(result.failures).toEqual([]);
    const [b] = result.items;
    expect(b).toMatchObject({
      id: '43e4feaab48f11e89039fa163ebaa7e4br04',
      instanceId: 'a48e43ff268f4c0e879652d65e63d0fbin04',
      status: 'success',
      mode: 'manual',
      type: 'full',
      method: 'unknown',
      scope: 'database',
      sizeBytes: 2_870_272,
      engine: 'sqlserver',
      engineVersion: '2014_WEB',
      databases: ['user01', 'user02'],
    });
    expect(b!.startTime.toISOString()).toBe('2018-08-06T04:41:14.000Z');
    expect(b!.endTime?.toISOString()).toBe('2018-08-06T04:43:14.000Z');
    // raw still shows the key exactly as it was sent
    expect(b!.raw['id ']).toBe('43e4feaab48f11e89039fa163ebaa7e4br04');
    expect(b!.raw.datastore?.type).toBe('SQLServer');
  });
});

describe('the current SDK shape and edge values', () => {
  const result = page('list-backups.sdk-shape.json');
  const byName = (name: string) => {
    const found = result.items.find((b) => b.raw.name === name);
    if (!found) throw new Error(`no backup named ${name}`);
    return found;
  };

  it('maps every record; none is dropped', () => {
    expect(result.failures).toEqual([]);
    expect(result.items).toHaveLength(5);
    expect(result.received).toBe(5);
    expect(result.total).toBe(5);
  });

  it('keeps associated_with_ddm, min_data_volume_capacity_for_restore and unknown fields in raw', () => {
    expect(byName('auto-backup-20240301').raw.associated_with_ddm).toBe(false);
    expect(byName('auto-backup-20240301').raw.min_data_volume_capacity_for_restore).toBe(40);
    expect(byName('manual-before-upgrade').raw.associated_with_ddm).toBe(true);
    expect(byName('from-the-future').raw.storage_class).toBe('cold');
  });

  it('maps each documented status and type', () => {
    expect(byName('auto-backup-20240301')).toMatchObject({ status: 'success', mode: 'automated', type: 'full', sizeBytes: 1_073_741_824 });
    expect(byName('manual-before-upgrade')).toMatchObject({ status: 'running', mode: 'manual', type: 'full', sizeBytes: 512 * 1024 });
    expect(byName('fragment-0303')).toMatchObject({ status: 'failed', mode: 'unknown', type: 'differential', method: 'unknown', sizeBytes: 0 });
    expect(byName('binlog')).toMatchObject({ status: 'deleting', mode: 'automated', type: 'incremental', sizeBytes: 3584 });
  });

  it('reads +08:00, Z and "+" lost to a blank; an empty end_time means no end', () => {
    expect(byName('manual-before-upgrade').startTime.toISOString()).toBe('2024-03-02T01:30:00.000Z');
    expect(byName('manual-before-upgrade').endTime).toBeUndefined();
    expect(byName('fragment-0303').startTime.toISOString()).toBe('2024-03-03T01:00:00.000Z');
    expect(byName('binlog').startTime.toISOString()).toBe('2024-03-03T15:59:59.000Z');
    expect(byName('binlog').endTime?.toISOString()).toBe('2024-03-03T16:04:59.000Z');
  });

  it("turns new enum values into 'unknown' and keeps the record, its raw values and a readable start", () => {
    const b = byName('from-the-future');
    // Databases named, but not a manual backup: the instance.
    expect(b).toMatchObject({ status: 'unknown', mode: 'unknown', type: 'unknown', method: 'unknown', scope: 'instance', engine: 'sqlserver', databases: ['orders'] });
    expect(b.startTime.toISOString()).toBe('2024-03-04T17:30:00.000Z');
    expect(b.endTime).toBeUndefined();
    expect(b.raw.type).toBe('snapshot');
    expect(b.raw.status).toBe('ARCHIVED');
    expect(b.raw.end_time).toBe('not a time');
  });

  it('every item satisfies the normalized model schema', () => {
    for (const b of result.items) expect(backupSchema.safeParse(b).success, b.id).toBe(true);
  });
});

describe('records that cannot be mapped', () => {
  it('are reported with their id, and the rest of the page is listed', () => {
    const result = page('list-backups.bad-record.json');
    const failures = result.failures ?? [];
    expect(result.items.map((b) => b.id)).toEqual(['a0000000000000000000000000000001br01']);
    expect(result.received).toBe(3);
    expect(failures.map((f) => f.recordId)).toEqual(['a0000000000000000000000000000002br01', 'a0000000000000000000000000000003br01']);
    expect(failures[0]!.error.message).toMatch(/begin_time/);
    expect(failures[1]!.error.message).toMatch(/begin_time "2024-03-01 02:00:05" is not a time with an offset/);
    expect(failures[0]).toMatchObject({ provider: 'huawei-rds', account: 'default', instanceId: 'requested-instance', region: 'cn-north-1' });
  });

  it('a rejected record is still reported under an id sent as "id "', () => {
    const result = mapBackupsPage(responseOf({ backups: [{ 'id ': 'spaced-id', type: 'auto' }], total_count: 1 }), context);
    expect(result.items).toEqual([]);
    expect(result.failures?.map((f) => f.recordId)).toEqual(['spaced-id']);
  });

  it('a blank id fails validation', () => {
    expect(huaweiRdsBackupRecordSchema.safeParse({ id: '  ', begin_time: '2024-03-01T00:00:00Z' }).success).toBe(false);
  });
});

describe('mapper tables', () => {
  it('status is case-insensitive and unknown otherwise', () => {
    expect(mapStatus('completed')).toBe('success');
    expect(mapStatus(' BUILDING ')).toBe('running');
    expect(mapStatus('FAILED')).toBe('failed');
    expect(mapStatus('DELETING')).toBe('deleting');
    expect(mapStatus('RESTORING')).toBe('unknown');
    expect(mapStatus(undefined)).toBe('unknown');
    expect(mapStatus(null)).toBe('unknown');
  });

  it('type splits into mode and type', () => {
    expect(backupKind('auto')).toEqual({ mode: 'automated', type: 'full' });
    expect(backupKind('MANUAL')).toEqual({ mode: 'manual', type: 'full' });
    expect(backupKind('fragment')).toEqual({ mode: 'unknown', type: 'differential' });
    expect(backupKind('incremental')).toEqual({ mode: 'automated', type: 'incremental' });
    expect(backupKind('log')).toEqual({ mode: 'unknown', type: 'unknown' });
    expect(backupKind(undefined)).toEqual({ mode: 'unknown', type: 'unknown' });
    expect(mapMethod('auto')).toBe('unknown');
    expect(mapMethod('log')).toBe('unknown');
  });

  it("Huawei's datastore types fall in the shared lower-case vocabulary; one outside it is 'other' (kept in raw)", () => {
    expect(['MySQL', 'MYSQL', 'PostgreSQL', 'SQLServer', 'sqlserver', 'MariaDB', 'GaussDB'].map(normalizeEngine)).toEqual([
      'mysql', 'mysql', 'postgresql', 'sqlserver', 'sqlserver', 'mariadb', 'other',
    ]);
    expect(normalizeEngine('  ')).toBeUndefined();
    expect(normalizeEngine(null)).toBeUndefined();
    const gauss = mapHuaweiBackup(huaweiRdsBackupRecordSchema.parse({ id: 'g', begin_time: '2024-03-01T00:00:00Z', datastore: { type: 'GaussDB', version: '8' } }), context);
    expect([gauss.engine, gauss.raw.datastore?.type]).toEqual(['other', 'GaussDB']);
  });

  it('ids are strings even when numeric; the record names its instance, else the requested one', () => {
    const record = huaweiRdsBackupRecordSchema.parse({ id: 12345, begin_time: '2024-03-01T00:00:00Z', size: '-1' });
    const b = mapHuaweiBackup(record, { account: 'prod', region: 'cn-north-4', instanceId: 'fallback-instance' });
    expect(b.id).toBe('12345');
    expect(b.instanceId).toBe('fallback-instance');
    expect(b.sizeBytes).toBeUndefined();
    expect([b.account, b.region]).toEqual(['prod', 'cn-north-4']);
  });

  it('an instance without backups may say so with total_count alone or backups null (both SDKs allow it)', () => {
    expect(mapBackupsPage(responseOf({ total_count: 0 }), context)).toMatchObject({ items: [], failures: [], received: 0, total: 0 });
    expect(mapBackupsPage(responseOf({ backups: null, total_count: 0 }), context)).toMatchObject({ items: [], received: 0, total: 0 });
    expect(mapBackupsPage(responseOf({ backups: [] }), context)).toMatchObject({ items: [], received: 0 });
  });

  it('an envelope that is not a ListBackups page is a retryable validation error, not an empty listing', () => {
    for (const body of [{}, { instances: [] }, { error_msg: 'ok' }, { backups: 'none' }, '<html>', undefined]) {
      let error: unknown;
      try {
        mapBackupsPage(responseOf(body), context);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(body)).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).retryable).toBe(true);
    }
  });
});

describe('the ListInstances envelope', () => {
  it('no instances is total_count alone or instances null; a body with neither is refused', () => {
    expect(listInstancesEnvelopeSchema.parse({ total_count: 0 }).instances).toEqual([]);
    expect(listInstancesEnvelopeSchema.parse({ instances: null, total_count: 0 }).instances).toEqual([]);
    expect(listInstancesEnvelopeSchema.safeParse({}).success).toBe(false);
    expect(listInstancesEnvelopeSchema.safeParse({ backups: [] }).success).toBe(false);
  });
});
