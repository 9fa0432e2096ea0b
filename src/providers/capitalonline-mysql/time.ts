import { TZDate } from '@date-fns/tz';
import { ConfigurationError } from '../../errors.js';
import { daysInMonth, fastUtcMs } from '../shared/fast-time.js';
import { CAPITALONLINE_MYSQL } from './endpoints.js';

/**
 * CapitalOnline's API times (`2020-06-18 04:10:13`) carry no zone and the zone is undocumented.
 * The platform is Beijing-centred and the documented automatic backups start at 04:00, a night
 * window in China time, so China Standard Time is the default; the source's `timeZone` overrides it.
 */
export const DEFAULT_CAPITALONLINE_TIME_ZONE = 'Asia/Shanghai';

const FIXED_OFFSET = /^[+-](\d{2}):(\d{2})$/;

/**
 * Validates the `timeZone` option up front: an IANA name (`Asia/Shanghai`, `UTC`) or a fixed offset
 * (`+08:00`). Returns the canonical spelling, so `asia/shanghai` becomes `Asia/Shanghai`.
 */
export function resolveTimeZone(timeZone: unknown): string {
  if (timeZone === undefined) return DEFAULT_CAPITALONLINE_TIME_ZONE;
  if (typeof timeZone === 'string') {
    const offset = FIXED_OFFSET.exec(timeZone);
    if (offset) {
      if (Number(offset[1]) <= 14 && Number(offset[2]) < 60) return timeZone;
    } else if (timeZone.trim() !== '') {
      try {
        return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
      } catch {
        // fall through to the error below
      }
    }
  }
  const shown = typeof timeZone === 'string' ? `"${timeZone}"` : typeof timeZone;
  throw new ConfigurationError(
    `${CAPITALONLINE_MYSQL}: timeZone ${shown} is not a time zone. Give an IANA name such as "Asia/Shanghai" (the default) ` +
      'or "UTC", or a fixed offset such as "+08:00": it is the zone CapitalOnline\'s zone-less times are read in.',
    { provider: CAPITALONLINE_MYSQL, field: 'timeZone' },
  );
}

// `YYYY-MM-DD HH:MM:SS`, optionally with `T`, fractional seconds, or an explicit offset (then the offset wins).
const API_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an API time into an instant. A zone-less time is read as wall-clock time in `timeZone`
 * (via @date-fns/tz, never the host's zone); a time with an explicit offset is taken as stated.
 * Returns undefined for anything else, including impossible dates such as `2020-02-30`.
 */
export function parseCapitalOnlineTime(value: string, timeZone: string): Date | undefined {
  // The documented form, read without a regex: listings carry thousands of these. Anything else (or an
  // impossible date) goes through the full pattern below, which rejects what is not a real time.
  const fast = value.length === 19 ? fastUtcMs(value, ' ') : undefined;
  if (fast !== undefined) return inZone(fast, timeZone);
  const m = API_TIME.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const wallClock = wallClockMillis(year, month, day, hour, minute, second, ms);
  if (wallClock === undefined) return undefined;
  const zone = m[8];
  if (zone === undefined) return inZone(wallClock, timeZone);
  const offsetMinutes = zone === 'Z' ? 0 : parseOffsetMinutes(zone);
  return offsetMinutes === undefined ? undefined : new Date(wallClock - offsetMinutes * 60_000);
}



const DAY_MS = 86_400_000;

/** Calendar fields as milliseconds since the epoch read as UTC, or undefined for an impossible date or time. */
function wallClockMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}


/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The instant of a wall-clock time in `timeZone`. */
function inZone(wallClock: number, timeZone: string): Date | undefined {
  const offset = dayOffset(timeZone, wallClock);
  if (offset !== undefined) return new Date(wallClock - offset);
  const exact = offsetAt(timeZone, wallClock);
  return exact === undefined ? undefined : new Date(wallClock - exact);
}

const MAX_CACHED_DAYS = 4096;
/** zone -> wall-clock day -> the zone's offset (ms) for that whole day, or null when the offset changes that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();
let cachedDays = 0;

/**
 * The zone's UTC offset for the wall-clock day containing `wallClock`, when it holds all day.
 * A zone lookup costs microseconds and a listing has thousands of times on few distinct days, so the
 * offset is computed once per day; days with a DST change (offsets differ at 00:00 and 23:59:59.999)
 * return undefined and every time on them is resolved on its own.
 */
function dayOffset(timeZone: string, wallClock: number): number | undefined {
  const dayStart = Math.floor(wallClock / DAY_MS) * DAY_MS;
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  let offset = days.get(dayStart);
  if (offset === undefined) {
    const atStart = offsetAt(timeZone, dayStart);
    const atEnd = offsetAt(timeZone, dayStart + DAY_MS - 1);
    offset = atStart !== undefined && atStart === atEnd ? atStart : null;
    if (++cachedDays > MAX_CACHED_DAYS) {
      dayOffsets.clear();
      cachedDays = 1;
      dayOffsets.set(timeZone, (days = new Map()));
    }
    days.set(dayStart, offset);
  }
  return offset ?? undefined;
}

/** wall clock - instant, for a wall-clock time (given as UTC fields) in `timeZone`, via @date-fns/tz. */
function offsetAt(timeZone: string, wallClock: number): number | undefined {
  const d = new Date(wallClock);
  const instant = new TZDate(
    d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds(), timeZone,
  ).getTime();
  return Number.isNaN(instant) ? undefined : wallClock - instant;
}

function parseOffsetMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
