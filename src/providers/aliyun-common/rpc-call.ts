import type { HttpRequest, HttpResponse } from '../../http/transport.js';
import type { CallContext } from '../../listing/provider.js';
import type { ParamValue } from '../../signing/percent-encode.js';
import { signAliyunAcs3 } from '../../signing/aliyun-acs3.js';
import { signAliyunRpcV1 } from '../../signing/aliyun-rpc-v1.js';
import type { Credentials } from '../../credentials/types.js';
import { attemptSecrets } from '../shared/secrets.js';
import type { AliyunProviderName } from './endpoints.js';
import { aliyunErrorInterpreter } from './errors.js';
import type { AliyunResponseFormat, AliyunSignatureVersion } from './options.js';

export interface AliyunRpcCall {
  /** The API action, e.g. `DescribeBackups`. */
  action: string;
  /** The product's API version, e.g. `2014-08-15`. */
  version: string;
  /** API parameters; `undefined` and `''` values are not sent. */
  params: Record<string, ParamValue>;
  signatureVersion: AliyunSignatureVersion;
  format: AliyunResponseFormat;
  /** v3 only: the HTTP method the official SDK uses for this action. Default POST (KVStore's cluster backup list is GET-only). */
  method?: 'POST' | 'GET';
  /** Named in errors (a NotFoundError names the instance). */
  instanceId?: string;
  /** Default: the call context's (the walk's) signal. */
  signal?: AbortSignal;
}

/**
 * Performs one signed Aliyun RPC call through the shared transport and returns the response with its body
 * in the JSON shape, whatever format was asked for (XML's `<ActionResponse>` root is unwrapped; its values
 * stay strings and a one-item list stays a single object, which the schemas accept).
 *
 * - `v3`: POST (or GET where the SDK does), API parameters in the query string, empty body, ACS3-HMAC-SHA256 headers.
 * - `v1`: GET, every parameter (common ones and `Format` included) in the query string, HMAC-SHA1.
 *
 * Each attempt is signed anew with a fresh timestamp and nonce.
 */
export async function callAliyunRpc<P extends AliyunProviderName>(call: CallContext<P>, rpc: AliyunRpcCall): Promise<HttpResponse> {
  const credentials = await call.credentials();
  const response = await call.send({
    operation: rpc.action,
    sign: () => signCall(call, rpc, credentials),
    interpret: aliyunErrorInterpreter({ provider: call.provider, operation: rpc.action, region: call.region, instanceId: rpc.instanceId }),
    signal: rpc.signal,
  });
  return { ...response, body: unwrapResponseRoot(response.body, rpc.action) };
}

function signCall(call: CallContext, rpc: AliyunRpcCall, credentials: Credentials): HttpRequest {
  const time = call.now();
  const nonce = call.nonce();
  const accept = rpc.format === 'xml' ? 'application/xml' : 'application/json';
  if (rpc.signatureVersion === 'v1') {
    const signed = signAliyunRpcV1(
      { method: 'GET', action: rpc.action, version: rpc.version, params: rpc.params, format: rpc.format === 'xml' ? 'XML' : 'JSON' },
      credentials,
      time,
      nonce,
    );
    return { method: 'GET', url: `${call.baseUrl}/?${signed.query}`, headers: { accept }, secrets: attemptSecrets(credentials, { signature: String(signed.params.Signature) }) };
  }
  const base = new URL(call.baseUrl);
  const method = rpc.method ?? 'POST';
  // The official SDK sends no Format with ACS3 (JSON is the default there); XML has to be asked for.
  const query = rpc.format === 'xml' ? { ...rpc.params, Format: 'XML' } : rpc.params;
  const signed = signAliyunAcs3(
    { method, host: base.host, path: `${base.pathname.replace(/\/+$/, '')}/`, action: rpc.action, version: rpc.version, query, body: '' },
    credentials,
    time,
    nonce,
  );
  const url = `${base.origin}${signed.path}?${signed.query}`;
  const secrets = attemptSecrets(credentials, { authorization: signed.headers.authorization });
  return method === 'GET' ? { method, url, headers: { ...signed.headers, accept }, secrets } : { method, url, headers: { ...signed.headers, accept }, body: '', secrets };
}

/** `{ DescribeBackupsResponse: {...} }` (parsed XML) becomes `{...}`; JSON bodies pass through unchanged. */
export function unwrapResponseRoot(body: unknown, action: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record);
  const root = `${action}Response`;
  if (keys.length === 1 && keys[0] === root) return record[root];
  return body;
}
