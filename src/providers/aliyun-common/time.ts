import { fastUtcMs } from '../shared/fast-time.js';

/**
 * Aliyun times are UTC: requests take `yyyy-MM-ddTHH:mmZ`, responses carry `yyyy-MM-ddTHH:mm[:ss]Z`.
 * Parsed here, never by `Date`'s guesses, so the host's time zone cannot shift them.
 */

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `yyyy-MM-ddTHH:mmZ` in UTC (seconds dropped): the request format for StartTime/EndTime. */
export function formatAliyunMinute(time: Date): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 16)}Z`;
}

/**
 * Parses a response time. A zone suffix (`Z` or `+08:00`) is honoured; a time without one is UTC, which is
 * what the API documents say every time field is. Returns undefined for anything else, including impossible dates.
 */
export function parseAliyunTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  // Fast path for what every response carries, yyyy-MM-ddTHH:mm:ssZ; anything else takes the regex below.
  if (value.length === 20 && value.charCodeAt(19) === 90) {
    const fast = fastUtcMs(value);
    if (fast !== undefined) return new Date(fast);
  }
  const m = TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(utc).getUTCDate() !== day) return undefined; // 2024-02-30 and the like
  return new Date(utc - zoneOffsetMs(zone));
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
