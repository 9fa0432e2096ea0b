/**
 * Server-side check of CapitalOnline's signature (version 1.0, HMAC-SHA1), written from its
 * OpenAPI document: like Aliyun RPC V1 but the HMAC key is the bare secret (no "&") and only
 * the query is signed. Timestamp skew and nonce replay are not documented for this gateway;
 * the emulator applies Aliyun's 15-minute and single-use rules, which a correct client passes.
 */
import { CLOCK_SKEW_MS } from '../api.js';
import type { KeyRing } from '../credentials.js';
import { byCodePoint, hmac, pct, sameSignature } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import { parseAliyunTimestamp } from '../times.js';
import type { CapitalOnlineError } from './errors.js';
import { coErr } from './errors.js';

export function capitalOnlineStringToSign(method: string, query: Record<string, string>): string {
  const canonical = Object.keys(query)
    .filter((k) => k !== 'Signature')
    .sort(byCodePoint)
    .map((k) => `${pct(k)}=${pct(query[k] ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&%2F&${pct(canonical)}`;
}

export function verifyCapitalOnline(
  method: string, query: Record<string, string>, now: number, nonces: NonceStore, keys: KeyRing,
): CapitalOnlineError | { accessKeyId: string; account: string } {
  for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp'] as const) {
    if (!query[name]) return coErr(400, 'ArgMissing', `Missing required parameter: ${name}`);
  }
  if (query['SignatureMethod'] !== 'HMAC-SHA1' || query['SignatureVersion'] !== '1.0') {
    return coErr(400, 'InvalidParameter', 'SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0');
  }
  const ts = parseAliyunTimestamp(query['Timestamp'] ?? '');
  if (ts === undefined) return coErr(400, 'InvalidParameter', 'Timestamp must be UTC yyyy-MM-ddTHH:mm:ssZ');
  if (Math.abs(now - ts) > CLOCK_SKEW_MS) return coErr(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  const accessKeyId = query['AccessKeyId'] ?? '';
  const key = keys.lookup(accessKeyId, 'capitalonline');
  if (!key) return coErr(401, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

  const expected = hmac('sha1', key.secret, capitalOnlineStringToSign(method, query)).toString('base64');
  if (!sameSignature(expected, query['Signature'] ?? '')) {
    return coErr(401, 'SignatureDoesNotMatch', 'The request signature does not match the signature calculated by the server.');
  }
  if (!nonces.use(`${accessKeyId}:${query['SignatureNonce'] ?? ''}`, now)) {
    return coErr(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  return { accessKeyId, account: key.account };
}
