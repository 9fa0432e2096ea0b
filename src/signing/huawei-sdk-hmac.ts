/**
 * Huawei Cloud APIG AK/SK signing (`SDK-HMAC-SHA256`), byte-compatible with the official Node SDK
 * (`@huaweicloud/huaweicloud-sdk-core` AKSKSigner) for the requests we send:
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(SK, StringToSign))      (no key derivation, no scope)
 */
import { createHash, createHmac } from 'node:crypto';
import type { Credentials } from '../credentials/types.js';
import { buildCanonicalQuery, compareCodePoints, percentEncode, type ParamValue, type RawPair } from './percent-encode.js';

export const HUAWEI_ALGORITHM = 'SDK-HMAC-SHA256';

export interface HuaweiSignRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `host[:port]` exactly as sent in the Host header. */
  host: string;
  /** Raw (unencoded) path, e.g. `/v3/{project}/backups`; must start with `/`. */
  path: string;
  /** Query parameters; an array sends the key once per (non-empty) element. */
  query: Record<string, ParamValue | readonly string[]>;
  /** Extra headers to send and sign, e.g. `content-type`, `x-project-id`. */
  headers?: Record<string, string>;
  /** Exact body bytes as a UTF-8 string; defaults to `''`. */
  body?: string;
}

export interface SignedHuaweiRequest {
  /** Headers to send, lowercase names: the given ones + host, x-sdk-date, x-security-token (temporary AK/SK), authorization. */
  headers: Record<string, string>;
  /** The encoded path to send: the canonical URI WITHOUT the trailing slash that is added only for signing. */
  path: string;
  /** The encoded query to send after `?`, exactly the canonical query that was signed. */
  query: string;
  canonicalRequest: string;
  stringToSign: string;
  /** `;`-joined names of the signed headers. */
  signedHeaders: string;
}

/** Headers the signer owns; supplying one is a caller bug. */
const RESERVED_HEADERS = new Set(['host', 'x-sdk-date', 'x-security-token', 'authorization']);
const CONTENT_SHA256_HEADER = 'x-sdk-content-sha256';

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** UTC `yyyyMMddTHHmmssZ`. */
export function formatSdkDate(time: Date): string {
  const iso = time.toISOString(); // throws RangeError on an invalid Date
  if (!/^\d{4}-/.test(iso)) throw new RangeError('time is outside years 0000-9999');
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function queryPairs(query: HuaweiSignRequest['query']): RawPair[] {
  const pairs: RawPair[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (key === '') throw new TypeError('query parameter name must not be empty');
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`query parameter ${key} is not a finite number`);
    }
    if (typeof value === 'object') {
      // Like the SDK, repeat the key once per value with the values sorted (raw). The later key
      // sort is stable, so this order survives.
      const values = value.filter((v) => v !== '').sort(compareCodePoints);
      for (const v of values) pairs.push([key, v]);
    } else {
      pairs.push([key, String(value)]);
    }
  }
  return pairs;
}

/**
 * Lowercases names and trims values. Go, Python and the APIG sample trim before signing; the Node
 * SDK does not, but sending a trimmed value and signing that same value is correct for all of them.
 */
function normalizeHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (RESERVED_HEADERS.has(name)) throw new TypeError(`header ${name} is set by the signer`);
    if (out.has(name)) throw new TypeError(`header ${name} is given twice`);
    if (/[\r\n]/.test(rawValue)) throw new TypeError(`header ${name} contains a line break`);
    out.set(name, rawValue.trim());
  }
  return out;
}

/** Signs a Huawei Cloud API request. Pure: the time is an input. */
export function signHuawei(req: HuaweiSignRequest, credentials: Credentials, time: Date): SignedHuaweiRequest {
  if (!req.path.startsWith('/')) throw new TypeError('path must start with /');
  const date = formatSdkDate(time);

  // Each segment encoded, slashes kept; the signed URI always ends in '/', the sent one never does.
  const encodedPath = req.path.split('/').map(percentEncode).join('/');
  const canonicalUri = encodedPath.endsWith('/') ? encodedPath : `${encodedPath}/`;
  const sentPath = canonicalUri.length > 1 ? canonicalUri.slice(0, -1) : canonicalUri;

  const query = buildCanonicalQuery(queryPairs(req.query));

  const headers = normalizeHeaders(req.headers ?? {});
  headers.set('host', req.host.trim());
  headers.set('x-sdk-date', date);
  // The token must be present before signing: every official SDK signs it.
  if (credentials.securityToken) headers.set('x-security-token', credentials.securityToken.trim());

  // The SDK uses X-Sdk-Content-Sha256 (e.g. UNSIGNED-PAYLOAD) verbatim as the payload hash when set.
  const payloadHash = headers.get(CONTENT_SHA256_HEADER) ?? sha256Hex(req.body ?? '');

  const names = [...headers.keys()].sort(compareCodePoints);
  const canonicalHeaders = names.map((n) => `${n}:${headers.get(n) ?? ''}\n`).join('');
  const signedHeaders = names.join(';');

  const canonicalRequest = [req.method, canonicalUri, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = `${HUAWEI_ALGORITHM}\n${date}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', credentials.accessKeySecret).update(stringToSign, 'utf8').digest('hex');

  return {
    headers: {
      ...Object.fromEntries(headers),
      authorization: `${HUAWEI_ALGORITHM} Access=${credentials.accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    path: sentPath,
    query,
    canonicalRequest,
    stringToSign,
    signedHeaders,
  };
}
