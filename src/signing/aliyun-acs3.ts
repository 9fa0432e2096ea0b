/**
 * Aliyun V3 signature `ACS3-HMAC-SHA256`, as sent by the current official SDKs
 * (`@alicloud/openapi-core` → `@alicloud/rds20140815` 15.x, `@alicloud/r-kvstore20150101` 6.x).
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))      (no '&' suffix, unlike v1)
 */
import { createHash, createHmac } from 'node:crypto';
import type { Credentials } from '../credentials/types.js';
import { buildCanonicalQuery, compareCodePoints, percentEncode, toParamPairs, type ParamValue } from './percent-encode.js';
import { assertNonce, formatRpcTimestamp } from './rpc-v1.js';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface AliyunAcs3Request {
  method: 'GET' | 'POST';
  /** `host[:port]` exactly as sent in the Host header. */
  host: string;
  /** Raw (unencoded) resource path; defaults to `/`. RPC-style APIs always use `/`. */
  path?: string;
  action: string;
  version: string;
  /** API parameters, sent in the query string. */
  query: Record<string, ParamValue>;
  /** Exact body bytes as a UTF-8 string; defaults to `''`. */
  body?: string;
  /** Sent and signed as `content-type` when given. */
  contentType?: string;
}

export interface SignedAcs3Request {
  /**
   * Headers to send, lowercase names: host, x-acs-action, x-acs-version, x-acs-date,
   * x-acs-signature-nonce, x-acs-content-sha256, content-type (when given),
   * x-acs-accesskey-id + x-acs-security-token (with STS), authorization.
   */
  headers: Record<string, string>;
  /** The RFC 3986-encoded canonical query, to send after `?` as is. */
  query: string;
  /** The encoded path to send (the canonical URI). */
  path: string;
  canonicalRequest: string;
  stringToSign: string;
  /** `;`-joined names of the signed headers. */
  signedHeaders: string;
}

/** Encodes each `/`-separated segment, keeping the slashes (the ACS3 CanonicalURI rule). */
function canonicalUri(path: string): string {
  return path.split('/').map(percentEncode).join('/');
}

/**
 * Header value as signed and sent: trimmed, as openapi-core trims before signing and as HTTP
 * strips surrounding whitespace on the wire anyway. A line break could inject headers: rejected.
 */
function headerValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new TypeError(`header ${name} contains a line break`);
  return value.trim();
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** Signs an ACS3 request. Pure: the timestamp and nonce are inputs. */
export function signAliyunAcs3(
  req: AliyunAcs3Request,
  credentials: Credentials,
  time: Date,
  nonce: string,
): SignedAcs3Request {
  assertNonce(nonce);
  const path = canonicalUri(req.path ?? '/');
  if (!path.startsWith('/')) throw new TypeError('path must start with /');
  const query = buildCanonicalQuery(toParamPairs(req.query));
  const payloadHash = sha256Hex(req.body ?? '');

  const signed: Record<string, string> = {
    host: req.host,
    'x-acs-action': req.action,
    'x-acs-version': req.version,
    'x-acs-date': formatRpcTimestamp(time),
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': payloadHash,
  };
  if (req.contentType !== undefined) signed['content-type'] = req.contentType;
  if (credentials.securityToken) {
    // openapi-core sends (and signs) both with STS credentials.
    signed['x-acs-accesskey-id'] = credentials.accessKeyId;
    signed['x-acs-security-token'] = credentials.securityToken;
  }

  for (const [name, value] of Object.entries(signed)) signed[name] = headerValue(name, value);
  const names = Object.keys(signed).sort(compareCodePoints);
  const canonicalHeaders = names.map((n) => `${n}:${signed[n] ?? ''}\n`).join('');
  const signedHeaders = names.join(';');

  const canonicalRequest = [req.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', credentials.accessKeySecret).update(stringToSign, 'utf8').digest('hex');

  return {
    headers: {
      ...signed,
      authorization: `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
    },
    query,
    path,
    canonicalRequest,
    stringToSign,
    signedHeaders,
  };
}
