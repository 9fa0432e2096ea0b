import type { PageRequest } from '../../paging/strategy.js';
import { pushdownValue, widenToMinutes, type NormalizedQuery } from '../../query.js';
import type { ParamValue } from '../../signing/percent-encode.js';
import type { TimeWindow } from '../../listing/provider.js';
import { DEFAULT_WINDOW_START } from '../../listing/windows.js';
import { formatAliyunMinute } from '../aliyun-common/time.js';

export const RDS_API_VERSION = '2014-08-15';
/** The page sizes `DescribeBackups` accepts (every version of the documents agrees); the largest is asked first. */
export const DESCRIBE_BACKUPS_PAGE_SIZES = [30, 50, 100] as const;
/** `DescribeDBInstances` allows 1..100. */
export const DESCRIBE_DB_INSTANCES_PAGE_SIZE = 100;

const MINUTE_MS = 60_000;

/** Our values that RDS filters on exactly; anything else is left to the client-side check. */
const STATUS = { success: 'Success', failed: 'Failed' } as const;
const MODE = { automated: 'Automated', manual: 'Manual' } as const;
const TYPE = { full: 'FullBackup', incremental: 'IncrementalBackup' } as const;

export interface DescribeBackupsArgs {
  instanceId: string;
  query: NormalizedQuery;
  page: Pick<PageRequest, 'pageNumber' | 'pageSize'>;
  /** The window to ask for (the query's bounds, or a half a timeout split left); absent: no time filter. */
  window?: TimeWindow;
  /** The walk's clock: an open upper bound ends here. */
  now: Date;
}

/** The `DescribeBackups` parameters for one page. Undefined values are not sent. */
export function describeBackupsParams(args: DescribeBackupsArgs): Record<string, ParamValue> {
  const { query } = args;
  return {
    DBInstanceId: args.instanceId,
    PageSize: args.page.pageSize,
    PageNumber: args.page.pageNumber,
    BackupStatus: pushdownValue(query.status, STATUS),
    BackupMode: pushdownValue(query.mode, MODE),
    BackupType: pushdownValue(query.type, TYPE),
    ...(args.window ? timeWindowParams(args.window, args.now) : {}),
  };
}

/**
 * StartTime/EndTime at minute precision, widened so no backup in [since, until) is cut off (the client
 * re-filters exactly). Either bound alone still sends both, since the API wants EndTime > StartTime:
 * the missing start is 2010-01-01, the missing end is now.
 */
function timeWindowParams(window: TimeWindow, now: Date): { StartTime?: string; EndTime?: string } {
  if (!window.since && !window.until) return {};
  const widened = widenToMinutes(window.since ?? DEFAULT_WINDOW_START, window.until ?? now);
  const start = widened.since!.getTime();
  const end = Math.max(widened.until!.getTime(), start + MINUTE_MS);
  return { StartTime: formatAliyunMinute(new Date(start)), EndTime: formatAliyunMinute(new Date(end)) };
}

/** The `DescribeDBInstances` parameters for one page of a region's instances. */
export function describeDBInstancesParams(region: string, page: Pick<PageRequest, 'pageNumber' | 'pageSize'>): Record<string, ParamValue> {
  return { RegionId: region, PageSize: page.pageSize, PageNumber: page.pageNumber };
}
