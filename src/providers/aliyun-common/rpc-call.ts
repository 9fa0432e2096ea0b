import type { HttpRequest, HttpResponse, RetryEvent } from '../../http/transport.js';
import type { ParamValue } from '../../signing/percent-encode.js';
import { signAliyunAcs3 } from '../../signing/aliyun-acs3.js';
import { signAliyunRpcV1 } from '../../signing/aliyun-rpc-v1.js';
import type { Credentials } from '../../credentials/types.js';
import type { ProviderContext } from '../../source.js';
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
  /** Named in errors (a NotFoundError names the instance). */
  instanceId?: string;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
}

/**
 * Performs one signed Aliyun RPC call through the shared transport and returns the response with its body
 * in the JSON shape, whatever format was asked for (XML's `<ActionResponse>` root is unwrapped; its values
 * stay strings and a one-item list stays a single object, which the schemas accept).
 *
 * - `v3`: POST, API parameters in the query string, empty body, ACS3-HMAC-SHA256 headers (the official SDK's way).
 * - `v1`: GET, every parameter (common ones and `Format` included) in the query string, HMAC-SHA1.
 *
 * Each attempt is signed anew with a fresh timestamp and nonce.
 */
export async function callAliyunRpc<P extends AliyunProviderName>(ctx: ProviderContext<P>, call: AliyunRpcCall): Promise<HttpResponse> {
  const credentials = await ctx.credentials();
  const response = await ctx.send({
    operation: call.action,
    sign: () => signCall(ctx, call, credentials),
    interpret: aliyunErrorInterpreter({
      provider: ctx.provider,
      operation: call.action,
      ...(ctx.region !== undefined ? { region: ctx.region } : {}),
      ...(call.instanceId !== undefined ? { instanceId: call.instanceId } : {}),
    }),
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.onRetry ? { onRetry: call.onRetry } : {}),
  });
  return { ...response, body: unwrapResponseRoot(response.body, call.action) };
}

function signCall(ctx: ProviderContext, call: AliyunRpcCall, credentials: Credentials): HttpRequest {
  const time = ctx.now();
  const nonce = ctx.nonce();
  const accept = call.format === 'xml' ? 'application/xml' : 'application/json';
  if (call.signatureVersion === 'v1') {
    const signed = signAliyunRpcV1(
      { method: 'GET', action: call.action, version: call.version, params: call.params, format: call.format === 'xml' ? 'XML' : 'JSON' },
      credentials,
      time,
      nonce,
    );
    return { method: 'GET', url: `${ctx.baseUrl}/?${signed.query}`, headers: { accept } };
  }
  const base = new URL(ctx.baseUrl);
  // The official SDK sends no Format with ACS3 (JSON is the default there); XML has to be asked for.
  const query = call.format === 'xml' ? { ...call.params, Format: 'XML' } : call.params;
  const signed = signAliyunAcs3(
    { method: 'POST', host: base.host, path: `${base.pathname.replace(/\/+$/, '')}/`, action: call.action, version: call.version, query, body: '' },
    credentials,
    time,
    nonce,
  );
  return { method: 'POST', url: `${base.origin}${signed.path}?${signed.query}`, headers: { ...signed.headers, accept }, body: '' };
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
