/**
 * CapitalOnline (cdsapi) request signing: the same RPC v1 algorithm as Aliyun, keyed with the
 * bare AccessKeySecret (no `&`). Only the query is signed; host, path (`/mysql`) and any JSON
 * POST body are not, which is why this function does not take them. CapitalOnline has no
 * temporary credentials, so `credentials.securityToken` is ignored.
 */
import type { Credentials } from '../credentials/types.js';
import { toParamPairs, type ParamValue } from './percent-encode.js';
import { assertNonce, formatRpcTimestamp, signRpcV1, type SignedRpcRequest } from './rpc-v1.js';

export interface CapitalOnlineRequest {
  method: 'GET' | 'POST';
  action: string;
  /** Action (query) parameters. On a name clash they override the common parameters, as in the reference. */
  params: Record<string, ParamValue>;
  /** Defaults to `2019-08-08`, the only documented version. */
  version?: string;
}

export const CAPITALONLINE_DEFAULT_VERSION = '2019-08-08';

/** Signs a CapitalOnline request. Pure: the timestamp and nonce are inputs. */
export function signCapitalOnline(
  req: CapitalOnlineRequest,
  credentials: Credentials,
  time: Date,
  nonce: string,
): SignedRpcRequest {
  assertNonce(nonce);
  const common: Record<string, string> = {
    Action: req.action,
    AccessKeyId: credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    Timestamp: formatRpcTimestamp(time),
    Version: req.version || CAPITALONLINE_DEFAULT_VERSION,
  };
  return signRpcV1({
    method: req.method,
    // The reference does `D.update(param)`: action parameters win over common ones.
    params: { ...common, ...Object.fromEntries(toParamPairs(req.params)) },
    secret: credentials.accessKeySecret,
    keySuffix: '',
  });
}
