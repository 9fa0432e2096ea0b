import type { NormalizedQuery } from '../../query.js';
import { DEFAULT_WINDOW_START } from '../../source.js';
import { HUAWEI_BACKUP_KINDS, UNKNOWN_BACKUP_KIND, type BackupKind, type HuaweiBackupTypeValue } from './map.js';
import { formatHuaweiTime } from './time.js';

/**
 * The `backup_type` to send, when the query's mode and type filters admit exactly one Huawei type.
 *
 * A backup passes the client-side filter when its (mode, type) is admitted. Pushing a value down is safe only
 * when no other record could pass: so never when an undocumented type (mapped to unknown/unknown) would pass,
 * and only when exactly one documented type does. Examples: type 'differential' -> fragment; type 'incremental'
 * -> incremental; mode 'manual' -> manual (fragment's mode is 'unknown'); automated + full -> auto;
 * type 'full' alone (auto or manual) or mode 'automated' alone (auto or incremental) -> nothing pushed.
 */
export function backupTypePushdown(query: Pick<NormalizedQuery, 'mode' | 'type'>): HuaweiBackupTypeValue | undefined {
  if (!query.mode && !query.type) return undefined;
  const admits = (kind: BackupKind) => (!query.mode || query.mode.has(kind.mode)) && (!query.type || query.type.has(kind.type));
  if (admits(UNKNOWN_BACKUP_KIND)) return undefined;
  const candidates = (Object.keys(HUAWEI_BACKUP_KINDS) as HuaweiBackupTypeValue[]).filter((value) => admits(HUAWEI_BACKUP_KINDS[value]));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The gateway accepts an X-Sdk-Date up to 15 minutes from its own clock; a backup the server stamps up to that
 * much "after" our now is still one the caller asked for when it gave no upper bound.
 */
const CLOCK_SKEW_ALLOWANCE_MS = 15 * 60_000;
const SECOND_MS = 1000;

/**
 * `begin_time` and `end_time`, always together (the API rejects one without the other), or neither.
 * A missing lower bound becomes 2010-01-01 (before Huawei Cloud RDS existed); a missing upper bound, now plus
 * the clock-skew allowance. Bounds are widened to whole seconds (the API's precision); the client filters exactly.
 */
export function timeWindowParams(query: Pick<NormalizedQuery, 'since' | 'until'>, now: Date): { begin_time?: string; end_time?: string } {
  if (!query.since && !query.until) return {};
  const end = query.until ? ceilToSecond(query.until.getTime()) : ceilToSecond(now.getTime() + CLOCK_SKEW_ALLOWANCE_MS);
  let begin = query.since ? floorToSecond(query.since.getTime()) : DEFAULT_WINDOW_START.getTime();
  // end must be after begin; a window that could match nothing still has to be a valid request.
  if (begin >= end) begin = end - SECOND_MS;
  return { begin_time: formatHuaweiTime(new Date(begin)), end_time: formatHuaweiTime(new Date(end)) };
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

function ceilToSecond(ms: number): number {
  return Math.ceil(ms / SECOND_MS) * SECOND_MS;
}
