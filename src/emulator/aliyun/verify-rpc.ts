/**
 * Server-side check of Aliyun RPC signature V1 (HMAC-SHA1), written from the signature
 * documentation: canonicalize every parameter but Signature, sign
 * `METHOD&%2F&pct(canonical)` with `secret + "&"`, compare.
 */
import { CLOCK_SKEW_MS } from '../api.js';
import type { KeyRing, KnownKey } from '../credentials.js';
import { byCodePoint, hmac, pct, sameSignature } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import { parseAliyunTimestamp } from '../times.js';
import type { AliyunError } from './errors.js';
import { aliyunErr, missing } from './errors.js';

export interface RpcInput {
  method: string;
  /** Every query and form parameter, decoded. */
  params: Record<string, string>;
  now: number;
  nonces: NonceStore;
  keys: KeyRing;
}

/** Who signed: the key and the account it belongs to. */
export interface AliyunCaller {
  accessKeyId: string;
  account: string;
}

export function rpcStringToSign(method: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort(byCodePoint)
    .map((k) => `${pct(k)}=${pct(params[k] ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&${pct('/')}&${pct(canonical)}`;
}

export function verifyRpc(input: RpcInput): AliyunError | AliyunCaller {
  const p = input.params;
  for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp'] as const) {
    if (!p[name]) return missing(name);
  }
  if (p['SignatureMethod'] !== 'HMAC-SHA1') {
    return aliyunErr(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.');
  }
  if (p['SignatureVersion'] !== '1.0') {
    return aliyunErr(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.');
  }
  const ts = parseAliyunTimestamp(p['Timestamp'] ?? '');
  if (ts === undefined) return aliyunErr(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  if (Math.abs(input.now - ts) > CLOCK_SKEW_MS) {
    return aliyunErr(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }
  const accessKeyId = p['AccessKeyId'] ?? '';
  const key = input.keys.lookup(accessKeyId, 'aliyun');
  if (!key) return aliyunErr(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const tokenError = checkToken(key, p['SecurityToken'], input.now);
  if (tokenError) return tokenError;

  const stringToSign = rpcStringToSign(input.method, p);
  const expected = hmac('sha1', `${key.secret}&`, stringToSign).toString('base64');
  if (!sameSignature(expected, p['Signature'] ?? '')) {
    return aliyunErr(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`);
  }
  if (!input.nonces.use(`${accessKeyId}:${p['SignatureNonce'] ?? ''}`, input.now)) {
    return aliyunErr(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  return { accessKeyId, account: key.account };
}

/** A temporary key needs its token, and stops working when it expires; a permanent key must not bring one. */
export function checkToken(key: KnownKey, given: string | undefined, now: number): AliyunError | undefined {
  if (key.securityToken === undefined) {
    return given ? aliyunErr(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.') : undefined;
  }
  if (given !== key.securityToken) {
    return aliyunErr(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
  }
  if (key.expiresAt !== undefined && now >= key.expiresAt) {
    return aliyunErr(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
  }
  return undefined;
}
