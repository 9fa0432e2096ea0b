import { tz } from '@date-fns/tz';
import { addDays, format, startOfDay } from 'date-fns';
import { ConfigurationError } from '../errors.js';

/** One calendar day in a zone, as the instants that bound it (23 or 25 hours long across a DST change). */
export interface DayWindow {
  date: string;
  start: Date;
  end: Date;
}

/** The most days one query spans: ten years. */
const MAX_DAYS = 3660;

export function checkTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone === '') throw new ConfigurationError('inventory: timeZone must be an IANA zone name such as "UTC" or "Asia/Shanghai".', { field: 'timeZone' });
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ConfigurationError(`inventory: unknown time zone ${JSON.stringify(timeZone)}; use an IANA name such as "UTC" or "Asia/Shanghai".`, { field: 'timeZone' });
  }
  return timeZone;
}

/** The `count` complete days before the day containing `now`, oldest first (the audit's consecutiveDays days). */
export function completeDaysBefore(now: Date, count: number, timeZone: string): DayWindow[] {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DAYS) {
    throw new ConfigurationError(`inventory: days must be a whole number from 1 to ${MAX_DAYS}, got ${String(count)}.`, { field: 'days' });
  }
  const zone = tz(checkTimeZone(timeZone));
  const today = startOfDay(now, { in: zone });
  return daysFrom(addDays(today, -count, { in: zone }), count, timeZone);
}

/** The days that [since, until) touches, oldest first. */
export function daysTouching(since: Date, until: Date, timeZone: string): DayWindow[] {
  const zone = tz(checkTimeZone(timeZone));
  if (until.getTime() - since.getTime() > MAX_DAYS * 86_400_000) {
    throw new ConfigurationError(`inventory: the period spans more than ${MAX_DAYS} days; query a shorter one.`, { field: 'since' });
  }
  const first = startOfDay(since, { in: zone });
  const windows: DayWindow[] = [];
  for (let start = first; start.getTime() < until.getTime(); start = addDays(start, 1, { in: zone })) {
    const end = addDays(start, 1, { in: zone });
    windows.push({ date: format(start, 'yyyy-MM-dd', { in: zone }), start: new Date(start.getTime()), end: new Date(end.getTime()) });
  }
  return windows;
}

function daysFrom(first: Date, count: number, timeZone: string): DayWindow[] {
  const zone = tz(timeZone);
  const windows: DayWindow[] = [];
  let start = first;
  for (let i = 0; i < count; i++) {
    const end = addDays(start, 1, { in: zone });
    windows.push({ date: format(start, 'yyyy-MM-dd', { in: zone }), start: new Date(start.getTime()), end: new Date(end.getTime()) });
    start = end;
  }
  return windows;
}
