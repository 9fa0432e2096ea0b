/** Aliyun RPC signature v1 (`SignatureVersion=1.0`, `HMAC-SHA1`), as used by pop-core and the Go SDK. */
import type { Credentials } from '../credentials/types.js';
import { toParamPairs, type ParamValue } from './percent-encode.js';
import { assertNonce, formatRpcTimestamp, signRpcV1, type SignedRpcRequest } from './rpc-v1.js';

export type { SignedRpcRequest } from './rpc-v1.js';

export interface AliyunRpcV1Request {
  method: 'GET' | 'POST';
  action: string;
  version: string;
  /** API parameters (e.g. `DBInstanceId`, `PageSize`). Must not repeat a common parameter. */
  params: Record<string, ParamValue>;
  /** Response format; defaults to JSON because many products default to XML when it is absent. */
  format?: 'JSON' | 'XML';
}

/** Common parameters the signer owns; an API parameter with one of these names is a caller bug. */
const COMMON_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
  'Signature',
]);

/**
 * Signs an Aliyun RPC v1 request. Pure: the timestamp and nonce are inputs.
 * The HMAC key is `accessKeySecret + '&'`.
 */
export function signAliyunRpcV1(
  req: AliyunRpcV1Request,
  credentials: Credentials,
  time: Date,
  nonce: string,
): SignedRpcRequest {
  assertNonce(nonce);
  const apiParams = toParamPairs(req.params);
  for (const [key] of apiParams) {
    // pop-core would let the API parameter silently override the common one; refusing is safer
    // (e.g. KVStore's legacy business parameter `SecurityToken` would replace the STS token).
    if (COMMON_PARAMS.has(key)) throw new TypeError(`parameter ${key} is set by the signer`);
  }
  const common: Record<string, string> = {
    Action: req.action,
    Version: req.version,
    Format: req.format ?? 'JSON',
    AccessKeyId: credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: nonce,
    Timestamp: formatRpcTimestamp(time),
  };
  if (credentials.securityToken) common.SecurityToken = credentials.securityToken;
  return signRpcV1({
    method: req.method,
    params: { ...common, ...Object.fromEntries(apiParams) },
    secret: credentials.accessKeySecret,
    keySuffix: '&',
  });
}
