import { describe, expect, it } from 'vitest';
import {
  DESCRIBE_BACKUPS_PAGE_SIZE,
  DESCRIBE_INSTANCES_PAGE_SIZE,
  describeBackupsParams,
  describeInstancesParams,
  formatWindow,
} from '../../../src/providers/aliyun-kvstore/request.js';

const window = (since: string, until: string) => ({ since: new Date(since), until: new Date(until) });

describe('KVStore DescribeBackups parameters', () => {
  it('the largest page size the API allows (30, 50, 100, 200 or 300)', () => {
    expect(DESCRIBE_BACKUPS_PAGE_SIZE).toBe(300);
    expect(DESCRIBE_INSTANCES_PAGE_SIZE).toBe(50);
  });

  it('carry the instance, the required window in UTC minutes, and the page; no filters KVStore lacks', () => {
    expect(
      describeBackupsParams({
        instanceId: 'r-bp1xxxxxxxxxxxxx',
        window: window('2019-03-11T10:00:00Z', '2019-03-14T18:00:00Z'),
        pageNumber: 2,
        pageSize: 300,
      }),
    ).toStrictEqual({
      InstanceId: 'r-bp1xxxxxxxxxxxxx',
      StartTime: '2019-03-11T10:00Z',
      EndTime: '2019-03-14T18:00Z',
      PageSize: 300,
      PageNumber: 2,
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
    expect(describeInstancesParams({ region: 'cn-shenzhen', pageNumber: 3, pageSize: 50 })).toStrictEqual({
      RegionId: 'cn-shenzhen',
      PageSize: 50,
      PageNumber: 3,
    });
  });
});
