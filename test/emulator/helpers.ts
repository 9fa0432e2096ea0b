/** Test-side clients for the emulator: the official SDKs where they exist, small signers where not. */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { RunningEmulator } from '../../src/emulator/index.js';

const require = createRequire(import.meta.url);
// The SDKs are CommonJS; require() gives their exports exactly as their typings describe them.
export const Rds = require('@alicloud/rds20140815') as typeof import('@alicloud/rds20140815');
export const Kvstore = require('@alicloud/r-kvstore20150101') as typeof import('@alicloud/r-kvstore20150101');
export const OpenApi = require('@alicloud/openapi-core') as typeof import('@alicloud/openapi-core');
const HuaweiCore = require('@huaweicloud/huaweicloud-sdk-core') as typeof import('@huaweicloud/huaweicloud-sdk-core');

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function httpRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** RFC 3986 encoding, as every signer here expects on the wire. */
export function pct(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function queryString(params: Record<string, string | number>): string {
  return Object.entries(params).map(([k, v]) => `${pct(k)}=${pct(String(v))}`).join('&');
}

// ---------------------------------------------------------------- Aliyun (official clients)

export interface AliyunClientOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** 'v2' selects RPC signature V1 (HMAC-SHA1) in the official SDK; default ACS3-HMAC-SHA256. */
  signatureAlgorithm?: 'v2';
}

export function aliyunConfig(emu: RunningEmulator, o: AliyunClientOptions = {}) {
  return new OpenApi.$OpenApiUtil.Config({
    accessKeyId: o.accessKeyId ?? emu.credentials.accessKeyId,
    accessKeySecret: o.accessKeySecret ?? emu.credentials.accessKeySecret,
    ...(o.securityToken ? { securityToken: o.securityToken } : {}),
    endpoint: new URL(emu.url).host,
    protocol: 'http',
    regionId: emu.aliyunRegion,
    ...(o.signatureAlgorithm ? { signatureAlgorithm: o.signatureAlgorithm } : {}),
  });
}

export const rdsClient = (emu: RunningEmulator, o: AliyunClientOptions = {}) => new Rds.default(aliyunConfig(emu, o));
export const kvstoreClient = (emu: RunningEmulator, o: AliyunClientOptions = {}) => new Kvstore.default(aliyunConfig(emu, o));

export interface SdkFailure { statusCode: number; code: string; data: Record<string, unknown> }

/** The official SDK throws for 4xx/5xx; returns what it reported. */
export async function sdkFailure(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise;
  } catch (e) {
    const err = e as { statusCode?: number; code?: string; data?: Record<string, unknown> };
    return { statusCode: err.statusCode ?? 0, code: err.code ?? '', data: err.data ?? {} };
  }
  throw new Error('expected the SDK call to fail');
}

/**
 * An RPC V1 request signed by the official SDK's own signing function (openapi-core
 * `getRPCSignature`), for cases the clients cannot produce (chosen nonce, Format=XML, GET, form POST).
 */
export function aliyunRpc(
  emu: RunningEmulator,
  api: Record<string, string>,
  o: { method?: 'GET' | 'POST'; transport?: 'query' | 'form'; accessKeyId?: string; secret?: string; nonce?: string; timestamp?: string; format?: string } = {},
): Promise<RawResponse> {
  const method = o.method ?? 'GET';
  const params: Record<string, string> = {
    AccessKeyId: o.accessKeyId ?? emu.credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: o.nonce ?? randomUUID(),
    Timestamp: o.timestamp ?? OpenApi.OpenApiUtil.getTimestamp(),
    ...(o.format === '' ? {} : { Format: o.format ?? 'JSON' }),
    ...api,
  };
  params['Signature'] = OpenApi.OpenApiUtil.getRPCSignature(params, method, o.secret ?? emu.credentials.accessKeySecret);
  const qs = queryString(params);
  if (o.transport === 'form') {
    return httpRequest(`${emu.url}/`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs });
  }
  return httpRequest(`${emu.url}/?${qs}`, { method });
}

/** An ACS3 request signed by openapi-core's own `getAuthorization`; `unsigned` headers are added after signing. */
export function aliyunAcs3(
  emu: RunningEmulator, action: string, version: string, query: Record<string, string>, unsigned: Record<string, string> = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    host: new URL(emu.url).host,
    'x-acs-action': action,
    'x-acs-version': version,
    'x-acs-date': OpenApi.OpenApiUtil.getTimestamp(),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update('').digest('hex'),
  };
  const req = { method: 'POST', pathname: '/', query, headers };
  headers['Authorization'] = OpenApi.OpenApiUtil.getAuthorization(req as never, 'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256'] ?? '', emu.credentials.accessKeyId, emu.credentials.accessKeySecret);
  return httpRequest(`${emu.url}/?${queryString(query)}`, { method: 'POST', headers: { ...headers, ...unsigned } });
}

// ---------------------------------------------------------------- Huawei (official core signer)

export interface HuaweiCall {
  ak?: string;
  sk?: string;
  securityToken?: string;
  /** Undefined: the emulator's project (IAM calls pass null: no project). */
  projectId?: string | null;
}

/** Signs with @huaweicloud/huaweicloud-sdk-core (BasicCredentials → AKSKSigner) and sends it. */
export async function huaweiGet(emu: RunningEmulator, path: string, query: Record<string, string | number>, o: HuaweiCall = {}): Promise<RawResponse> {
  let cred = new HuaweiCore.BasicCredentials().withAk(o.ak ?? emu.credentials.accessKeyId).withSk(o.sk ?? emu.credentials.accessKeySecret);
  const projectId = o.projectId === undefined ? emu.huaweiProjectId : o.projectId;
  if (projectId) cred = cred.withProjectId(projectId);
  if (o.securityToken) cred = cred.withSecurityToken(o.securityToken);
  const signed = (await cred.processAuthRequest(undefined as never, {
    endpoint: emu.url, url: path, method: 'GET', headers: { 'Content-Type': 'application/json' }, queryParams: query,
  } as never)) as unknown as { endpoint: string; headers: Record<string, string> };
  const sortedQuery = Object.keys(query).sort().map((k) => `${pct(k)}=${pct(String(query[k]))}`).join('&');
  return httpRequest(sortedQuery ? `${signed.endpoint}?${sortedQuery}` : signed.endpoint, { headers: signed.headers });
}

// ---------------------------------------------------------------- CapitalOnline (test-local signer, capitalonline.md §1)

export function capitalOnlineUrl(
  emu: RunningEmulator,
  action: string,
  api: Record<string, string>,
  o: { method?: string; accessKeyId?: string; secret?: string; nonce?: string; timestamp?: string; path?: string } = {},
): string {
  const params: Record<string, string> = {
    Action: action,
    AccessKeyId: o.accessKeyId ?? emu.credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: o.nonce ?? randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: o.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2019-08-08',
    ...api,
  };
  const canonical = Object.keys(params).sort().map((k) => `${pct(k)}=${pct(params[k] ?? '')}`).join('&');
  const stringToSign = `${o.method ?? 'GET'}&%2F&${pct(canonical)}`;
  params['Signature'] = createHmac('sha1', o.secret ?? emu.credentials.accessKeySecret).update(stringToSign).digest('base64');
  return `${emu.url}${o.path ?? '/mysql/'}?${queryString(params)}`;
}

export async function capitalOnlineGet(emu: RunningEmulator, action: string, api: Record<string, string>, o: Parameters<typeof capitalOnlineUrl>[3] = {}) {
  const res = await httpRequest(capitalOnlineUrl(emu, action, api, o));
  return { ...res, json: JSON.parse(res.body) as { Code: string; Message: string; Data: unknown } };
}

/** A clock `minutes` ahead of the real one, for the emulator's `now` option. */
export const skewedClock = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);
