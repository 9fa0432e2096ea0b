import { TZDate, tzOffset } from '@date-fns/tz';
import { ConfigurationError } from '../errors.js';

/** One calendar day in a zone, as the instants that bound it (23 or 25 hours long across a DST change). */
export interface DayWindow {
  date: string;
  start: Date;
  end: Date;
}

/** The most days one query spans: ten years. */
const MAX_DAYS = 3660;

/** An IANA zone (`Asia/Shanghai`) or a UTC offset (`+08:00`), as the audit's `consecutiveDays.timeZone` takes them. */
export function checkTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new ConfigurationError('inventory: timeZone must be an IANA zone name such as "UTC" or "Asia/Shanghai", or an offset such as "+08:00".', { field: 'timeZone' });
  }
  if (Number.isNaN(tzOffset(timeZone, new Date(0)))) {
    throw new ConfigurationError(`inventory: unknown time zone ${JSON.stringify(timeZone)}; use an IANA name such as "UTC" or "Asia/Shanghai", or an offset such as "+08:00".`, { field: 'timeZone' });
  }
  return timeZone;
}

/**
 * Midnight starting the calendar day `offset` days after the one containing `instant`, in `timeZone`.
 * TZDate's setters work in its zone, so day arithmetic crosses DST changes by the calendar, not by 24 hours.
 */
function midnight(instant: Date, offset: number, timeZone: string): TZDate {
  const d = new TZDate(instant.getTime(), timeZone);
  d.setHours(0, 0, 0, 0);
  if (offset !== 0) {
    d.setDate(d.getDate() + offset);
    d.setHours(0, 0, 0, 0);
  }
  return d;
}

function window(start: TZDate, timeZone: string): DayWindow {
  const end = midnight(start, 1, timeZone);
  const date = `${String(start.getFullYear()).padStart(4, '0')}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
  return { date, start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

/** The `count` complete days before the day containing `now`, oldest first (the audit's consecutiveDays days). */
export function completeDaysBefore(now: Date, count: number, timeZone: string): DayWindow[] {
  checkTimeZone(timeZone);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DAYS) {
    throw new ConfigurationError(`inventory: days must be a whole number from 1 to ${MAX_DAYS}, got ${String(count)}.`, { field: 'days' });
  }
  const windows: DayWindow[] = [];
  for (let offset = -count; offset < 0; offset++) windows.push(window(midnight(now, offset, timeZone), timeZone));
  return windows;
}

/** The days that [since, until) touches, oldest first. */
export function daysTouching(since: Date, until: Date, timeZone: string): DayWindow[] {
  checkTimeZone(timeZone);
  if (until.getTime() - since.getTime() > MAX_DAYS * 86_400_000) {
    throw new ConfigurationError(`inventory: the period spans more than ${MAX_DAYS} days; query a shorter one.`, { field: 'since' });
  }
  const windows: DayWindow[] = [];
  for (let day = window(midnight(since, 0, timeZone), timeZone); day.start.getTime() < until.getTime(); ) {
    windows.push(day);
    day = window(new TZDate(day.end.getTime(), timeZone), timeZone);
  }
  return windows;
}
