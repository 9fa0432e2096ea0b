import { describe, expect, it } from 'vitest';
import {
  BACKUPS_PAGE_SIZES,
  DESCRIBE_INSTANCES_PAGE_SIZE,
  describeBackupsParams,
  describeClusterBackupListParams,
  describeInstancesParams,
  formatWindow as formatWindowAt,
} from '../../../src/providers/aliyun-kvstore/request.js';

const NOW = new Date('2024-05-01T08:09:10.500Z');
const window = (since: string, until: string) => ({ since: new Date(since), until: new Date(until) });
const formatWindow = (w: { since?: Date; until?: Date }) => formatWindowAt(w, NOW);

describe('KVStore DescribeBackups parameters', () => {
  // Changed with issue 12: 100 (accepted by every version of the API) instead of 300 (only the newest SDK lists it).
  it('page sizes every version of the API accepts (30, 50, 100), and 50 instances per discovery page', () => {
    expect(BACKUPS_PAGE_SIZES).toEqual([30, 50, 100]);
    expect(DESCRIBE_INSTANCES_PAGE_SIZE).toBe(50);
  });

  it('carry the instance, the required window in UTC minutes, and the page; no filters KVStore lacks', () => {
    expect(
      describeBackupsParams({
        instanceId: 'r-bp1xxxxxxxxxxxxx',
        window: window('2019-03-11T10:00:00Z', '2019-03-14T18:00:00Z'),
        now: NOW,
        page: { pageNumber: 2, pageSize: 100 },
      }),
    ).toStrictEqual({
      InstanceId: 'r-bp1xxxxxxxxxxxxx',
      StartTime: '2019-03-11T10:00Z',
      EndTime: '2019-03-14T18:00Z',
      PageSize: 100,
      PageNumber: 2,
    });
  });

  it('an open end is the walk clock, ceiled to the minute', () => {
    expect(formatWindow({ since: new Date('2024-05-01T00:00:00Z') })).toStrictEqual({ StartTime: '2024-05-01T00:00Z', EndTime: '2024-05-01T08:10Z' });
    expect(formatWindow({})).toStrictEqual({ StartTime: '2010-01-01T00:00Z', EndTime: '2024-05-01T08:10Z' });
  });

  it('DescribeClusterBackupList carries the region too (required there), with the same window and page', () => {
    expect(
      describeClusterBackupListParams({
        region: 'cn-beijing',
        instanceId: 'r-2ze0000000000001',
        window: window('2024-04-01T00:00:30Z', '2024-04-02T00:00:00Z'),
        now: NOW,
        page: { pageNumber: 1, pageSize: 100 },
      }),
    ).toStrictEqual({
      RegionId: 'cn-beijing',
      InstanceId: 'r-2ze0000000000001',
      StartTime: '2024-04-01T00:00Z',
      EndTime: '2024-04-02T00:00Z',
      PageSize: 100,
      PageNumber: 1,
    });
  });

  it('widen the window to whole minutes: floor the start, ceil the end', () => {
    expect(formatWindow(window('2024-05-01T08:09:59.999Z', '2024-05-01T09:00:00.001Z'))).toStrictEqual({
      StartTime: '2024-05-01T08:09Z',
      EndTime: '2024-05-01T09:01Z',
    });
  });

  it('are UTC whatever the instant was built from (an offset is not carried into the request)', () => {
    expect(formatWindow(window('2024-01-01T00:30:00+08:00', '2024-01-01T08:00:00+08:00'))).toStrictEqual({
      StartTime: '2023-12-31T16:30Z',
      EndTime: '2024-01-01T00:00Z',
    });
  });

  it('the default start of all time is 2010-01-01T00:00Z', () => {
    expect(formatWindow(window('2010-01-01T00:00:00Z', '2024-05-01T08:09:10Z')).StartTime).toBe('2010-01-01T00:00Z');
  });

  it('never send an empty window: EndTime is at least one minute after StartTime', () => {
    expect(formatWindow(window('2024-05-01T08:09:00Z', '2024-05-01T08:09:00Z'))).toStrictEqual({
      StartTime: '2024-05-01T08:09Z',
      EndTime: '2024-05-01T08:10Z',
    });
    expect(formatWindow(window('2024-05-01T08:12:30Z', '2024-05-01T08:09:00Z'))).toStrictEqual({
      StartTime: '2024-05-01T08:12Z',
      EndTime: '2024-05-01T08:13Z',
    });
  });
});

describe('KVStore DescribeInstances parameters', () => {
  it('scope discovery to the region, 50 per page', () => {
    expect(describeInstancesParams('cn-shenzhen', { pageNumber: 3, pageSize: 50 })).toStrictEqual({
      RegionId: 'cn-shenzhen',
      PageSize: 50,
      PageNumber: 3,
    });
  });
});
