import { TZDate } from '@date-fns/tz';

/** One calendar day in a time zone: its date and the instants it spans, [start, end). */
export interface CalendarDay {
  /** `YYYY-MM-DD`, in the zone. */
  date: string;
  start: Date;
  end: Date;
}

/**
 * The `count` complete calendar days before the day containing `now`, in `timeZone`, oldest first. Days are built
 * from local dates (not by subtracting 24 hours), so a day with a DST change spans 23 or 25 hours.
 */
export function completeDaysBefore(now: Date, count: number, timeZone: string): CalendarDay[] {
  const local = new TZDate(now.getTime(), timeZone);
  const year = local.getFullYear();
  const month = local.getMonth();
  const day = local.getDate();
  const days: CalendarDay[] = [];
  for (let back = count; back >= 1; back--) {
    const start = new TZDate(year, month, day - back, timeZone);
    const end = new TZDate(year, month, day - back + 1, timeZone);
    days.push({ date: isoDate(start), start: new Date(start.getTime()), end: new Date(end.getTime()) });
  }
  return days;
}

/** The zone's local date of a TZDate. */
function isoDate(date: TZDate): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The index of the day holding `instant`, or -1. Days are adjacent and sorted, so a binary search suffices. */
export function dayIndexOf(days: readonly CalendarDay[], instant: Date): number {
  const t = instant.getTime();
  let lo = 0;
  let hi = days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = days[mid]!;
    if (t < d.start.getTime()) hi = mid - 1;
    else if (t >= d.end.getTime()) lo = mid + 1;
    else return mid;
  }
  return -1;
}
