/**
 * `--since` / `--until` values: a relative span before now (`30m`, `12h`, `7d`, `2w`) or an ISO 8601
 * date or date-time. Parsed by our own code so the instant never depends on the host's time zone:
 * a bare date is UTC midnight, and a date-time must say its zone (`Z` or an offset).
 */
const RELATIVE = /^(\d+)(s|m|h|d|w)$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export const TIME_ARGUMENT_HELP = 'a span before now (30m, 12h, 7d, 2w) or an ISO date (2026-05-01, 2026-05-01T08:00:00Z, 2026-05-01T16:00+08:00)';

export class TimeArgumentError extends Error {
  override readonly name = 'TimeArgumentError';
}

export function parseTimeArgument(text: string, now: Date): Date {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) {
    const amount = Number(relative[1]);
    const unit = relative[2] as keyof typeof UNIT_MS;
    return checked(new Date(now.getTime() - amount * UNIT_MS[unit]), text);
  }
  const iso = ISO.exec(value);
  if (!iso) throw new TimeArgumentError(`"${text}" is not a time: use ${TIME_ARGUMENT_HELP}.`);
  const [, y, mo, d, h, mi, s, fraction, zone] = iso;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  if (h !== undefined && zone === undefined) {
    throw new TimeArgumentError(`"${text}" has no time zone: add Z for UTC or an offset, e.g. ${value}Z or ${value}+08:00.`);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new TimeArgumentError(`"${text}" is not a valid date or time of day.`);
  }
  const offsetMinutes = zone ? parseOffset(zone, text) : 0;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, ms);
  return checked(date, text);
}

function parseOffset(zone: string, text: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) throw new TimeArgumentError(`"${text}" has an invalid UTC offset "${zone}".`);
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function checked(date: Date, text: string): Date {
  if (Number.isNaN(date.getTime())) throw new TimeArgumentError(`"${text}" is out of the range of representable times.`);
  return date;
}
