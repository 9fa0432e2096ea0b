import { widenToMinutes } from '../../query.js';
import type { ParamValue } from '../../signing/percent-encode.js';
import type { TimeWindow } from '../../source.js';
import { formatAliyunMinute } from '../aliyun-common/time.js';

/** R-kvstore's API version. */
export const KVSTORE_API_VERSION = '2015-01-01';

/** `DescribeBackups` takes 30, 50, 100, 200 or 300 per page: the largest means the fewest round trips. */
export const DESCRIBE_BACKUPS_PAGE_SIZE = 300;

/** `DescribeInstances` allows at most 50 per page. */
export const DESCRIBE_INSTANCES_PAGE_SIZE = 50;

const MINUTE_MS = 60_000;

export interface DescribeBackupsRequestArgs {
  instanceId: string;
  window: TimeWindow;
  pageNumber: number;
  pageSize: number;
}

/**
 * `DescribeBackups` parameters. `StartTime`/`EndTime` are required and have minute precision: the window is
 * widened to whole minutes (floor the start, ceil the end) and the exact bounds are re-checked on the client.
 * KVStore has no server-side status, mode or type filter, so nothing else is pushed down.
 */
export function describeBackupsParams(args: DescribeBackupsRequestArgs): Record<string, ParamValue> {
  const { StartTime, EndTime } = formatWindow(args.window);
  return {
    InstanceId: args.instanceId,
    StartTime,
    EndTime,
    PageSize: args.pageSize,
    PageNumber: args.pageNumber,
  };
}

/** The window as the API wants it: UTC `yyyy-MM-ddTHH:mmZ`, whole minutes, EndTime strictly after StartTime. */
export function formatWindow(window: TimeWindow): { StartTime: string; EndTime: string } {
  const widened = widenToMinutes(window.since, window.until);
  const since = widened.since!;
  // The API rejects an empty window; a degenerate one (a creation time a little ahead of our clock) becomes one minute.
  const until = widened.until!.getTime() > since.getTime() ? widened.until! : new Date(since.getTime() + MINUTE_MS);
  return { StartTime: formatAliyunMinute(since), EndTime: formatAliyunMinute(until) };
}

/** `DescribeInstances` parameters: every instance of the source's region, one page at a time. */
export function describeInstancesParams(args: { region: string; pageNumber: number; pageSize: number }): Record<string, ParamValue> {
  return {
    RegionId: args.region,
    PageSize: args.pageSize,
    PageNumber: args.pageNumber,
  };
}
