/**
 * What the official Aliyun SDK (@alicloud/openapi-core) computes for a request we signed: the independent check of
 * our signatures wherever no emulator is in the way (a base path, a request built but never sent).
 */
import { createRequire } from 'node:module';
import type * as OpenApiCore from '@alicloud/openapi-core';
import type { Credentials } from '../../src/credentials/types.js';
import type { HttpRequest } from '../../src/http/transport.js';
import { decodePairs } from '../helpers/raw-server.js';

const require = createRequire(import.meta.url);
const { OpenApiUtil } = require('@alicloud/openapi-core') as typeof OpenApiCore;

/** The ACS3-HMAC-SHA256 Authorization the SDK computes for this method, path, query and headers. */
export function officialAcs3Authorization(request: HttpRequest, credentials: Credentials): string {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host, ...request.headers };
  delete headers.authorization;
  const teaRequest = { method: request.method, pathname: url.pathname, query: decodePairs(url.search.slice(1)), headers };
  return OpenApiUtil.getAuthorization(teaRequest as never, 'ACS3-HMAC-SHA256', headers['x-acs-content-sha256'] ?? '', credentials.accessKeyId, credentials.accessKeySecret);
}

/** The RPC (V1, HMAC-SHA1) Signature the SDK computes for the other parameters of this query. */
export function officialRpcSignature(request: HttpRequest, credentials: Credentials): string {
  const { Signature: _signature, ...params } = decodePairs(new URL(request.url).search.slice(1));
  return OpenApiUtil.getRPCSignature(params, request.method, credentials.accessKeySecret);
}
