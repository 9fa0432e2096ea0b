/**
 * When a pre-signed download link stops working, read from the link itself (no list API states it):
 * - OSS V1 and V2: `Expires` / `x-oss-expires`, absolute unix seconds;
 * - OSS V4: `x-oss-date` plus `x-oss-expires` (the documents disagree whether V4's is a duration or an instant:
 *   a value below 10^9 is read as seconds after `x-oss-date`);
 * - S3-style: `X-Amz-Date` plus `X-Amz-Expires` seconds.
 * Undefined when the link carries none of these, or carries them unreadably.
 */
export function downloadUrlExpiry(url: string): Date | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const fields = scanExpiryFields(url, q + 1);
  return fields === ENCODED ? expiryFromParams(url, q) : expiryOf(fields);
}

/** The parameters an expiry is read from, lower-cased; the first occurrence of each counts (as `get` does). */
interface ExpiryFields {
  expires?: string;
  'x-oss-expires'?: string;
  'x-oss-date'?: string;
  'x-amz-expires'?: string;
  'x-amz-date'?: string;
}

const ENCODED = Symbol('encoded');
const WANTED = new Set(['expires', 'x-oss-expires', 'x-oss-date', 'x-amz-expires', 'x-amz-date']);

/**
 * One pass over the query, without URLSearchParams (a download link is on most backups, and its parameters are
 * many). A wanted key or value that is percent- or plus-encoded returns ENCODED: the caller then decodes the whole
 * query the standard way, so the result is always what URLSearchParams would read.
 */
function scanExpiryFields(url: string, start: number): ExpiryFields | typeof ENCODED {
  const fields: Record<string, string> = {};
  let from = start;
  while (from <= url.length) {
    let end = url.indexOf('&', from);
    if (end < 0) end = url.length;
    if (end > from) {
      const eq = url.indexOf('=', from);
      const keyEnd = eq < 0 || eq > end ? end : eq;
      const rawKey = url.slice(from, keyEnd);
      if (rawKey.includes('%')) {
        // A percent-encoded key might decode to a wanted one. (A '+' decodes to a blank, which no wanted key has.)
        return ENCODED;
      } else if (!rawKey.includes('+')) {
        const key = rawKey.toLowerCase();
        if (WANTED.has(key) && fields[key] === undefined) {
          const value = keyEnd === end ? '' : url.slice(keyEnd + 1, end);
          if (value.includes('%') || value.includes('+')) return ENCODED;
          fields[key] = value;
        }
      }
    }
    from = end + 1;
  }
  return fields;
}

function expiryOf(fields: ExpiryFields): Date | undefined {
  const expires = fields.expires;
  if (expires !== undefined) return fromSeconds(expires);
  const ossExpires = fields['x-oss-expires'];
  if (ossExpires !== undefined) {
    const n = Number(ossExpires);
    if (!Number.isFinite(n) || n <= 0) return undefined;
    if (n >= 1e9) return new Date(n * 1000);
    const start = compactTime(fields['x-oss-date']);
    return start === undefined ? undefined : new Date(start + n * 1000);
  }
  const amzExpires = fields['x-amz-expires'];
  const amzDate = compactTime(fields['x-amz-date']);
  if (amzExpires !== undefined && amzDate !== undefined) {
    const n = Number(amzExpires);
    return Number.isFinite(n) && n > 0 ? new Date(amzDate + n * 1000) : undefined;
  }
  return undefined;
}

/** The standard reading, for a query whose wanted parameters are encoded. */
function expiryFromParams(url: string, q: number): Date | undefined {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(q + 1));
  } catch {
    return undefined;
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of params) {
    const lower = key.toLowerCase();
    if (WANTED.has(lower) && fields[lower] === undefined) fields[lower] = value;
  }
  return expiryOf(fields);
}

function fromSeconds(text: string): Date | undefined {
  if (!/^\d{1,12}$/.test(text.trim())) return undefined;
  return new Date(Number(text) * 1000);
}

/** `20231221T083018Z` as epoch milliseconds. */
function compactTime(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}
