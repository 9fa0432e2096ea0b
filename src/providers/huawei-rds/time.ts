import { daysInMonth, fastOffsetMinutes, fastUtcMs } from '../shared/fast-time.js';

/**
 * Huawei RDS times: `yyyy-mm-ddThh:mm:ssZ` where "Z" is a numeric offset, e.g. `2018-08-06T12:43:14+0800`.
 * Parsed by our own code (ECMAScript does not promise that `Date` reads `+0800`), accepting:
 * - `+0800`, `+08:00`, `+08`, `Z`;
 * - `2018-08-06T12:43:14 0800`: the `+` became a space when a query or form decoder read it;
 * - the API document's PostgreSQL sample, `2018 - 08 - 06 T12: 41: 14 + 0800`: blanks around every separator.
 * A time without any zone is rejected: guessing the host's zone is exactly what must not happen.
 */
const TIME_PATTERN = new RegExp(
  [
    '^\\s*(\\d{4})\\s*-\\s*(\\d{2})\\s*-\\s*(\\d{2})', // date
    '(?:\\s*T\\s*|\\s+)', // T, or a blank instead of it
    '(\\d{2})\\s*:\\s*(\\d{2})(?:\\s*:\\s*(\\d{2})(?:\\.(\\d{1,9}))?)?', // time, optional seconds and fraction
    '(?:\\s*(Z)|\\s*([+-])\\s*(\\d{2})(?::?\\s*(\\d{2}))?|\\s+(\\d{2}):?(\\d{2}))', // Z, signed offset, or "+" lost to a blank
    '\\s*$',
  ].join(''),
  'i',
);

const MINUTE_MS = 60_000;

/** The instant a Huawei time names, or undefined when it is absent, malformed, or carries no zone. */
export function parseHuaweiTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  // Fast path for what every response carries, yyyy-mm-ddThh:mm:ss+hhmm; anything else takes the regex below.
  if (value.length === 24) {
    const offset = fastOffsetMinutes(value, 19);
    const local = offset === undefined ? undefined : fastUtcMs(value);
    if (local !== undefined) return new Date(local - offset! * MINUTE_MS);
  }
  const m = TIME_PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, signedHours, signedMinutes, lostPlusHours, lostPlusMinutes] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  let offsetMinutes = 0;
  if (zulu === undefined) {
    const negative = sign === '-';
    const oh = Number(signedHours ?? lostPlusHours);
    const om = Number(signedMinutes ?? lostPlusMinutes ?? 0);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (negative ? -1 : 1) * (oh * 60 + om);
  }

  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  return new Date(local.getTime() - offsetMinutes * MINUTE_MS);
}

/** `2024-03-01T00:00:00+0000`: the form `begin_time`/`end_time` take, always in UTC, seconds precision. */
export function formatHuaweiTime(time: Date): string {
  const ms = time.getTime();
  if (Number.isNaN(ms)) throw new RangeError('formatHuaweiTime: invalid Date');
  const year = time.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatHuaweiTime: year ${year} is outside 0000-9999`);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(year, 4)}-${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())}` +
    `T${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}+0000`
  );
}
