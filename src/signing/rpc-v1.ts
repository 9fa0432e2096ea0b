/**
 * The RPC "signature version 1.0" HMAC-SHA1 core shared by Aliyun RPC v1 and CapitalOnline.
 *
 * Both vendors compute, over the same canonical query:
 *   StringToSign = METHOD & pct("/") & pct(CanonicalQuery)
 *   Signature    = base64(HMAC-SHA1(secret + keySuffix, StringToSign))
 * and differ only in `keySuffix`: Aliyun appends `&` to the secret, CapitalOnline uses the bare secret.
 */
import { createHmac } from 'node:crypto';
import { buildCanonicalQuery, percentEncode, type RawPair } from './percent-encode.js';

export type RpcMethod = 'GET' | 'POST';

/** The one difference between the vendors: what is appended to the secret to form the HMAC key. */
export type RpcKeySuffix = '&' | '';

export interface RpcV1SignInput {
  readonly method: RpcMethod;
  /** Every parameter that will be sent, except `Signature`; raw, non-empty strings. */
  readonly params: Readonly<Record<string, string>>;
  readonly secret: string;
  readonly keySuffix: RpcKeySuffix;
}

export interface RpcV1Signature {
  /** Sorted, RFC 3986-encoded `k=v&...` over `params` (without Signature). */
  readonly canonicalQuery: string;
  readonly stringToSign: string;
  /** Standard base64 (with `+`, `/`, `=`), not yet percent-encoded. */
  readonly signature: string;
}

/** A signed RPC request, ready to send as a GET query or a form-urlencoded POST body. */
export interface SignedRpcRequest {
  /** Every parameter to send, including `Signature`, as raw strings. */
  params: Record<string, string>;
  /** The RFC 3986-encoded query to put after `?` (or in a form body): the canonical query, then `&Signature=...`. */
  query: string;
  stringToSign: string;
}

/** Computes the RPC v1 string-to-sign and signature. Pure: same input, same output. */
export function computeRpcV1Signature(input: RpcV1SignInput): RpcV1Signature {
  const pairs: RawPair[] = Object.entries(input.params);
  if (pairs.some(([k]) => k === 'Signature')) {
    throw new TypeError('Signature must not be among the signed parameters');
  }
  const canonicalQuery = buildCanonicalQuery(pairs);
  // The path component is the constant pct("/") = %2F: neither vendor signs the real path.
  const stringToSign = `${input.method}&${percentEncode('/')}&${percentEncode(canonicalQuery)}`;
  const signature = createHmac('sha1', input.secret + input.keySuffix)
    .update(stringToSign, 'utf8')
    .digest('base64');
  return { canonicalQuery, stringToSign, signature };
}

/** Signs `params` and returns them with `Signature` added, plus the encoded query to send. */
export function signRpcV1(input: RpcV1SignInput): SignedRpcRequest {
  const { canonicalQuery, stringToSign, signature } = computeRpcV1Signature(input);
  return {
    params: { ...input.params, Signature: signature },
    query: `${canonicalQuery}&Signature=${percentEncode(signature)}`,
    stringToSign,
  };
}

/** UTC `yyyy-MM-ddTHH:mm:ssZ` with no fractional seconds: the RPC `Timestamp` and ACS3 `x-acs-date` format. */
export function formatRpcTimestamp(time: Date): string {
  // toISOString throws a RangeError on an invalid Date, which is what we want.
  const iso = time.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError('time is outside years 0000-9999');
  return `${iso.slice(0, 19)}Z`;
}

/** An empty nonce would be dropped like any empty parameter, so the request would carry no nonce at all. */
export function assertNonce(nonce: string): void {
  if (nonce === '') throw new TypeError('nonce must not be empty');
}
