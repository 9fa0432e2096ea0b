/**
 * Server-side check of Huawei's SDK-HMAC-SHA256 (APIG) signature, written from the signing
 * guide: canonical URI with a trailing '/', sorted RFC 3986 query, the headers named in
 * SignedHeaders, the body hash (or X-Sdk-Content-Sha256), then
 * HMAC-SHA256(SK, "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(sha256(canonical))).
 */
import type { ApiRequest, RequestSecrets } from '../api.js';
import { CLOCK_SKEW_MS, header } from '../api.js';
import type { KeyRing } from '../credentials.js';
import { byCodePoint, hmac, parsePairs, pct, sameSignature, sha256Hex } from '../encoding.js';
import { parseSdkDate } from '../times.js';
import type { HuaweiError } from './errors.js';
import { authFailed } from './errors.js';

const ALGORITHM = 'SDK-HMAC-SHA256';

interface ParsedAuthorization { access: string; signedHeaders: string[]; signature: string }

function parseAuthorization(value: string): ParsedAuthorization | undefined {
  if (!value.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const access = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!access || !signedHeaders || !signature) return undefined;
  return { access, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature };
}

/** The key id, signature and token a request carried (for the echoSecrets fault). */
export function huaweiSecrets(req: ApiRequest): RequestSecrets {
  const auth = parseAuthorization(header(req, 'authorization') ?? '');
  const token = header(req, 'x-security-token');
  return { accessKeyId: auth?.access ?? '', signature: auth?.signature ?? '', ...(token ? { securityToken: token } : {}) };
}

function canonicalUri(rawPath: string): string {
  let uri = rawPath.split('/').map((seg) => {
    try {
      return pct(decodeURIComponent(seg));
    } catch {
      return pct(seg);
    }
  }).join('/');
  if (!uri.endsWith('/')) uri += '/';
  return uri;
}

function canonicalQuery(rawQuery: string): string {
  const groups = new Map<string, string[]>();
  for (const [k, v] of parsePairs(rawQuery)) {
    const list = groups.get(k) ?? [];
    list.push(v);
    groups.set(k, list);
  }
  const out: string[] = [];
  for (const k of [...groups.keys()].sort(byCodePoint)) {
    for (const v of (groups.get(k) ?? []).sort(byCodePoint)) out.push(`${pct(k)}=${pct(v)}`);
  }
  return out.join('&');
}

export function huaweiCanonicalRequest(req: ApiRequest, signedHeaders: readonly string[]): string {
  const names = [...signedHeaders].sort(byCodePoint);
  const headers = names.map((n) => `${n}:${(header(req, n) ?? '').trim()}\n`).join('');
  const payload = header(req, 'x-sdk-content-sha256') ?? sha256Hex(req.body);
  return [req.method.toUpperCase(), canonicalUri(req.path), canonicalQuery(req.rawQuery), headers, names.join(';'), payload].join('\n');
}

export function verifyHuawei(req: ApiRequest, now: number, keys: KeyRing): HuaweiError | { accessKeyId: string; account: string } {
  const auth = parseAuthorization(header(req, 'authorization') ?? '');
  if (!auth) return authFailed('the Authorization header is missing or malformed');
  const date = header(req, 'x-sdk-date');
  if (!date) return authFailed('the X-Sdk-Date header is missing');
  const ts = parseSdkDate(date);
  if (ts === undefined) return authFailed('the X-Sdk-Date header is malformed');
  if (Math.abs(now - ts) > CLOCK_SKEW_MS) return authFailed('signature expired');
  if (!auth.signedHeaders.includes('x-sdk-date')) return authFailed('X-Sdk-Date must be signed');

  const key = keys.lookup(auth.access, 'huawei');
  if (!key) return authFailed('ak not found');
  if (key.securityToken !== undefined && header(req, 'x-security-token') !== key.securityToken) {
    return authFailed('the security token is missing or does not match the access key');
  }

  const canonical = huaweiCanonicalRequest(req, auth.signedHeaders);
  const stringToSign = `${ALGORITHM}\n${date}\n${sha256Hex(canonical)}`;
  const expected = hmac('sha256', key.secret, stringToSign).toString('hex');
  if (!sameSignature(expected, auth.signature.toLowerCase())) {
    return authFailed('verify aksk signature fail');
  }
  return { accessKeyId: auth.access, account: key.account };
}
