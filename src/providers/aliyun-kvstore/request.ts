import { widenToMinutes } from '../../query.js';
import type { ParamValue } from '../../signing/percent-encode.js';
import type { PageRequest } from '../../paging/strategy.js';
import type { TimeWindow } from '../../listing/provider.js';
import { DEFAULT_WINDOW_START } from '../../listing/windows.js';
import { formatAliyunMinute } from '../aliyun-common/time.js';

/** R-kvstore's API version. */
export const KVSTORE_API_VERSION = '2015-01-01';

/**
 * Page sizes for `DescribeBackups` and `DescribeClusterBackupList`. The newest SDK also lists 200 and 300, older
 * documents no maximum at all: 100 is accepted everywhere, and measured no dearer per backup than 300 (whose bodies
 * cross V8's large-object threshold).
 */
export const BACKUPS_PAGE_SIZES = [30, 50, 100] as const;

/** `DescribeInstances` allows at most 50 per page. */
export const DESCRIBE_INSTANCES_PAGE_SIZE = 50;

const MINUTE_MS = 60_000;

/**
 * The window as the API wants it: UTC `yyyy-MM-ddTHH:mmZ`, whole minutes (floor the start, ceil the end: the exact
 * bounds are re-checked on the client), EndTime strictly after StartTime. An open end is the walk's now.
 */
export function formatWindow(window: TimeWindow, now: Date): { StartTime: string; EndTime: string } {
  const widened = widenToMinutes(window.since ?? DEFAULT_WINDOW_START, window.until ?? now);
  const since = widened.since!;
  // The API rejects an empty window; a degenerate one (a creation time a little ahead of our clock) becomes one minute.
  const until = widened.until!.getTime() > since.getTime() ? widened.until! : new Date(since.getTime() + MINUTE_MS);
  return { StartTime: formatAliyunMinute(since), EndTime: formatAliyunMinute(until) };
}

/** `DescribeBackups` parameters. KVStore has no server-side status, mode or type filter. */
export function describeBackupsParams(args: { instanceId: string; window: TimeWindow; now: Date; page: Pick<PageRequest, 'pageNumber' | 'pageSize'> }): Record<string, ParamValue> {
  return { InstanceId: args.instanceId, ...formatWindow(args.window, args.now), PageSize: args.page.pageSize, PageNumber: args.page.pageNumber };
}

/** `DescribeClusterBackupList` parameters: the region is required there, unlike `DescribeBackups`. */
export function describeClusterBackupListParams(args: {
  region: string;
  instanceId: string;
  window: TimeWindow;
  now: Date;
  page: Pick<PageRequest, 'pageNumber' | 'pageSize'>;
}): Record<string, ParamValue> {
  return {
    RegionId: args.region,
    InstanceId: args.instanceId,
    ...formatWindow(args.window, args.now),
    PageSize: args.page.pageSize,
    PageNumber: args.page.pageNumber,
  };
}

/** `DescribeInstances` parameters: every instance of the region, one page at a time. */
export function describeInstancesParams(region: string, page: Pick<PageRequest, 'pageNumber' | 'pageSize'>): Record<string, ParamValue> {
  return { RegionId: region, PageSize: page.pageSize, PageNumber: page.pageNumber };
}
