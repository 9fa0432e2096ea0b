/**
 * RFC 3986 percent-encoding and canonical query helpers shared by every signer.
 *
 * All four signature schemes (Aliyun RPC v1 and ACS3, CapitalOnline, Huawei SDK-HMAC) agree on
 * one encoding: the UTF-8 bytes of the string, with only the unreserved set `A-Z a-z 0-9 - _ . ~`
 * left literal and every other byte written as `%XX` in uppercase hex.
 */

/** A parameter value as callers supply it. `undefined` and `''` are dropped (never signed, never sent). */
export type ParamValue = string | number | boolean | undefined;

/** A key/value pair whose key and value are still raw (not yet encoded). */
export type RawPair = readonly [key: string, value: string];

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isUnreservedByte(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x5f || // _
    b === 0x2e || // .
    b === 0x7e // ~
  );
}

/**
 * Percent-encodes `value` per RFC 3986: space is `%20` (never `+`), `*` is `%2A`, `~` stays literal.
 *
 * Throws a `URIError` on a lone UTF-16 surrogate: UTF-8 cannot represent it, and silently
 * replacing it with U+FFFD would sign and send a value the caller never gave.
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  if (LONE_SURROGATE.test(value)) {
    throw new URIError('percentEncode: string contains a lone UTF-16 surrogate');
  }
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += isUnreservedByte(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Maps a UTF-16 code unit so that numeric order of the result equals Unicode code-point order. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  // Surrogates (U+10000 and above) must sort after U+E000..U+FFFF, which JS's default
  // code-unit order puts after them.
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/**
 * Compares two strings by Unicode code point (equivalently: by their UTF-8 bytes), case-sensitively.
 * This is the order Go (byte order) and Python 3 (`sorted` on str) use; it differs from
 * `Array.prototype.sort` only for characters above U+FFFF versus U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * Turns a caller's parameter map into raw string pairs: drops `undefined` and `''`, stringifies
 * numbers and booleans (`true`/`false`). Rejects empty keys and non-finite numbers, which no
 * server would accept and which would otherwise be signed as `=v` or `NaN`.
 */
export function toParamPairs(params: Readonly<Record<string, ParamValue>>): RawPair[] {
  const pairs: RawPair[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (key === '') throw new TypeError('parameter name must not be empty');
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`parameter ${key} is not a finite number`);
    }
    pairs.push([key, String(value)]);
  }
  return pairs;
}

/**
 * Builds a canonical query string: pairs sorted by raw key in code-point order (stable, so
 * repeated keys keep the order given), then `enc(key)=enc(value)` joined with `&`.
 */
export function buildCanonicalQuery(pairs: readonly RawPair[]): string {
  return [...pairs]
    .sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}
