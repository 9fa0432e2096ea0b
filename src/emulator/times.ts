/** Time formats of the four APIs, written out by hand so the host time zone never matters. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm:ss` of the instant shifted by `offsetMs` (toISOString is always UTC). */
const isoSeconds = (ms: number, offsetMs = 0): string => new Date(ms + offsetMs).toISOString().slice(0, 19);

/** Aliyun: `2019-02-13T12:22:53Z` (UTC, no milliseconds). */
export function aliyunTime(ms: number): string {
  return `${isoSeconds(ms)}Z`;
}

/** Huawei: `2018-08-06T12:43:14+0800` at the given offset in minutes. */
export function huaweiTime(ms: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${isoSeconds(ms, offsetMinutes * 60_000)}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** CapitalOnline: `2020-06-18 04:10:13` in Beijing time, no zone. */
export function beijingWallTime(ms: number): string {
  return isoSeconds(ms, BEIJING_OFFSET_MS).replace('T', ' ');
}

/** Aliyun RPC `Timestamp` / ACS3 `x-acs-date`: `YYYY-MM-DDTHH:mm:ssZ`. Returns ms or undefined. */
export function parseAliyunTimestamp(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  return m ? utcFromMatch(m) : undefined;
}

/** Aliyun API time filters: `yyyy-MM-ddTHH:mmZ` (minute precision, UTC). */
export function parseAliyunMinute(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$/.exec(value);
  return m ? utcFromMatch([...m, '0']) : undefined;
}

/** Huawei query times: `2024-03-01T00:00:00+0800` (a numeric offset is required). */
export function parseHuaweiTime(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const utc = utcFromMatch(m);
  if (utc === undefined) return undefined;
  const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return m[7] === '+' ? utc - offset : utc + offset;
}

/** Huawei `X-Sdk-Date`: `20191115T033655Z`. */
export function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? utcFromMatch(m) : undefined;
}

function utcFromMatch(m: ArrayLike<string | undefined>): number | undefined {
  const n = (i: number): number => Number(m[i]);
  const [y, mo, d, h, mi, s] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Reject dates that roll over (2024-02-31).
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/** Whole seconds only: every format above has second precision. */
export function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
