/**
 * Server-side check of ACS3-HMAC-SHA256 (signature V3), written from the V3 signature
 * documentation: rebuild the canonical request from what arrived on the wire (query, the
 * headers named in SignedHeaders, the body's hash), sign it with the secret, compare.
 */
import type { ApiRequest } from '../api.js';
import { CLOCK_SKEW_MS, header } from '../api.js';
import type { KeyRing } from '../credentials.js';
import { byCodePoint, hmac, parsePairs, pct, sameSignature, sha256Hex } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import { parseAliyunTimestamp } from '../times.js';
import type { AliyunError } from './errors.js';
import { aliyunErr } from './errors.js';
import type { AliyunCaller } from './verify-rpc.js';
import { checkToken } from './verify-rpc.js';

const ALGORITHM = 'ACS3-HMAC-SHA256';
const MUST_SIGN = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];

interface ParsedAuthorization { credential: string; signedHeaders: string[]; signature: string }

export function parseAcs3Authorization(value: string): ParsedAuthorization | undefined {
  if (!value.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  return { credential, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature };
}

export function canonicalUri(rawPath: string): string {
  const encoded = rawPath.split('/').map((seg) => {
    try {
      return pct(decodeURIComponent(seg));
    } catch {
      return pct(seg);
    }
  }).join('/');
  return encoded || '/';
}

export function acs3CanonicalRequest(req: ApiRequest, signedHeaders: readonly string[], payloadHash: string): string {
  const query = parsePairs(req.rawQuery)
    .map(([k, v]) => [pct(k), pct(v)] as const)
    .sort((a, b) => byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = [...signedHeaders].sort(byCodePoint);
  const canonicalHeaders = names.map((n) => `${n}:${(header(req, n) ?? '').trim()}\n`).join('');
  return [req.method.toUpperCase(), canonicalUri(req.path), query, canonicalHeaders, names.join(';'), payloadHash].join('\n');
}

export function verifyAcs3(req: ApiRequest, now: number, nonces: NonceStore, keys: KeyRing): AliyunError | AliyunCaller {
  const auth = parseAcs3Authorization(header(req, 'authorization') ?? '');
  if (!auth) return aliyunErr(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');

  const date = header(req, 'x-acs-date');
  if (!date) return aliyunErr(400, 'MissingTimestamp', 'x-acs-date is mandatory for this action.');
  const ts = parseAliyunTimestamp(date);
  if (ts === undefined) return aliyunErr(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  if (Math.abs(now - ts) > CLOCK_SKEW_MS) return aliyunErr(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  const nonce = header(req, 'x-acs-signature-nonce');
  if (!nonce) return aliyunErr(400, 'MissingSignatureNonce', 'x-acs-signature-nonce is mandatory for this action.');

  const key = keys.lookup(auth.credential, 'aliyun');
  if (!key) return aliyunErr(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const tokenError = checkToken(key, header(req, 'x-acs-security-token'), now);
  if (tokenError) return tokenError;

  // Every x-acs-* header on the wire, host and the mandatory ones must be covered by the signature.
  const signed = new Set(auth.signedHeaders);
  const required = new Set(MUST_SIGN);
  for (const name of Object.keys(req.headers)) if (name.startsWith('x-acs-')) required.add(name);
  for (const name of required) {
    if (!signed.has(name)) return aliyunErr(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: header "${name}" must be signed.`);
  }

  const payloadHash = sha256Hex(req.body);
  if ((header(req, 'x-acs-content-sha256') ?? '').toLowerCase() !== payloadHash) {
    return aliyunErr(400, 'SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the request body.');
  }
  const canonical = acs3CanonicalRequest(req, auth.signedHeaders, payloadHash);
  const stringToSign = `${ALGORITHM}\n${sha256Hex(canonical)}`;
  const expected = hmac('sha256', key.secret, stringToSign).toString('hex');
  if (!sameSignature(expected, auth.signature.toLowerCase())) {
    return aliyunErr(400, 'SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided. server string to sign is:${stringToSign}`);
  }
  if (!nonces.use(`${auth.credential}:${nonce}`, now)) {
    return aliyunErr(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  return { accessKeyId: auth.credential, account: key.account };
}
