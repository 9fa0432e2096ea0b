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
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(q + 1));
  } catch {
    return undefined;
  }
  const get = (name: string): string | undefined => {
    for (const [key, value] of params) if (key.toLowerCase() === name) return value;
    return undefined;
  };
  const expires = get('expires');
  if (expires !== undefined) return fromSeconds(expires);
  const ossExpires = get('x-oss-expires');
  if (ossExpires !== undefined) {
    const n = Number(ossExpires);
    if (!Number.isFinite(n) || n <= 0) return undefined;
    if (n >= 1e9) return new Date(n * 1000);
    const start = compactTime(get('x-oss-date'));
    return start === undefined ? undefined : new Date(start + n * 1000);
  }
  const amzExpires = get('x-amz-expires');
  const amzDate = compactTime(get('x-amz-date'));
  if (amzExpires !== undefined && amzDate !== undefined) {
    const n = Number(amzExpires);
    return Number.isFinite(n) && n > 0 ? new Date(amzDate + n * 1000) : undefined;
  }
  return undefined;
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
