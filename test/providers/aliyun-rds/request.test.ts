import { describe, expect, it } from 'vitest';
import { normalizeQuery, type BackupQuery } from '../../../src/query.js';
import { DESCRIBE_BACKUPS_PAGE_SIZES, DESCRIBE_DB_INSTANCES_PAGE_SIZE, describeBackupsParams, describeDBInstancesParams } from '../../../src/providers/aliyun-rds/request.js';

const NOW = new Date('2024-06-01T10:20:30.400Z');
/** The parameters of one page, with the window the walk would ask for (the query's bounds, when it has any). */
const params = (query: BackupQuery, pageNumber = 1) => {
  const normalized = normalizeQuery(query);
  const window = normalized.since || normalized.until ? { since: normalized.since, until: normalized.until } : undefined;
  return describeBackupsParams({ instanceId: 'rm-abc', query: normalized, page: { pageNumber, pageSize: 100 }, window, now: NOW });
};
const defined = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));

describe('describeBackupsParams', () => {
  it('knows the page sizes RDS accepts; the paginator asks for the largest', () => {
    expect(DESCRIBE_BACKUPS_PAGE_SIZES).toEqual([30, 50, 100]);
    expect(DESCRIBE_DB_INSTANCES_PAGE_SIZE).toBe(100);
  });

  it('asks for the page size and number it is given', () => {
    expect(describeBackupsParams({ instanceId: 'rm-abc', query: normalizeQuery({}), page: { pageNumber: 7, pageSize: 30 }, now: NOW })).toMatchObject({
      PageSize: 30,
      PageNumber: 7,
    });
  });

  it('asks for the largest page and nothing else by default', () => {
    expect(defined(params({}, 3))).toEqual({ DBInstanceId: 'rm-abc', PageSize: 100, PageNumber: 3 });
  });

  it('pushes down a single status, mode and type that RDS has', () => {
    expect(defined(params({ status: 'failed', mode: 'manual', type: 'full' }))).toEqual({
      DBInstanceId: 'rm-abc',
      PageSize: 100,
      PageNumber: 1,
      BackupStatus: 'Failed',
      BackupMode: 'Manual',
      BackupType: 'FullBackup',
    });
    expect(defined(params({ status: ['success'], mode: 'automated', type: 'incremental' }))).toMatchObject({
      BackupStatus: 'Success',
      BackupMode: 'Automated',
      BackupType: 'IncrementalBackup',
    });
  });

  it('does not push down two values, or a value RDS cannot filter on exactly', () => {
    expect(defined(params({ status: ['success', 'failed'], mode: ['automated', 'manual'], type: ['full', 'incremental'] }))).toEqual({
      DBInstanceId: 'rm-abc',
      PageSize: 100,
      PageNumber: 1,
    });
    expect(defined(params({ status: 'running', mode: 'unknown', type: 'differential', method: 'physical' }))).toEqual({
      DBInstanceId: 'rm-abc',
      PageSize: 100,
      PageNumber: 1,
    });
  });

  it('widens the window to whole minutes in UTC', () => {
    expect(params({ since: new Date('2024-05-01T12:00:30.500Z'), until: new Date('2024-05-02T13:00:00.001Z') })).toMatchObject({
      StartTime: '2024-05-01T12:00Z',
      EndTime: '2024-05-02T13:01Z',
    });
    expect(params({ since: new Date('2024-05-01T12:00:00Z'), until: new Date('2024-05-01T12:05:00Z') })).toMatchObject({
      StartTime: '2024-05-01T12:00Z',
      EndTime: '2024-05-01T12:05Z',
    });
  });

  it('sends both bounds when only one is given', () => {
    expect(params({ since: new Date('2024-05-01T12:00:00Z') })).toMatchObject({ StartTime: '2024-05-01T12:00Z', EndTime: '2024-06-01T10:21Z' });
    expect(params({ until: new Date('2024-05-01T12:00:00Z') })).toMatchObject({ StartTime: '2010-01-01T00:00Z', EndTime: '2024-05-01T12:00Z' });
    // a start after "now" still gets an EndTime later than StartTime
    expect(params({ since: new Date('2030-01-01T00:00:00Z') })).toMatchObject({ StartTime: '2030-01-01T00:00Z', EndTime: '2030-01-01T00:01Z' });
  });

  it('sends no window when none is asked for', () => {
    const p = params({ status: 'success' });
    expect(p.StartTime).toBeUndefined();
    expect(p.EndTime).toBeUndefined();
  });
});

describe('describeDBInstancesParams', () => {
  it('scopes discovery to the region, 100 per page', () => {
    expect(describeDBInstancesParams('cn-hangzhou', { pageNumber: 2, pageSize: 100 })).toEqual({ RegionId: 'cn-hangzhou', PageSize: 100, PageNumber: 2 });
  });
});
