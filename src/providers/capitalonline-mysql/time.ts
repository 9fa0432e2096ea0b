import { TZDate } from '@date-fns/tz';
import { ConfigurationError } from '../../errors.js';
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
  const m = API_TIME.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8];
  if (zone !== undefined) {
    const offsetMinutes = zone === 'Z' ? 0 : parseOffsetMinutes(zone);
    if (offsetMinutes === undefined) return undefined;
    return new Date(utcMillis(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000);
  }
  const instant = new TZDate(year, month - 1, day, hour, minute, second, ms, timeZone).getTime();
  return Number.isNaN(instant) ? undefined : new Date(instant);
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(utcMillis(year, month + 1, 0, 0, 0, 0, 0)).getUTCDate();
}

/** Date.UTC without its mapping of years 0-99 to 1900-1999. */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function parseOffsetMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
