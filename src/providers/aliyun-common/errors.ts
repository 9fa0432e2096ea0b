import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  ProviderApiError,
  ThrottlingError,
  type CloudBackupsError,
  type ProviderApiErrorOptions,
} from '../../errors.js';
import { parseRetryAfter } from '../../http/retry.js';
import type { HttpResponse } from '../../http/transport.js';
import type { AliyunProviderName } from './endpoints.js';

/** What an Aliyun error body says, from JSON (`{Code, Message, RequestId}`) or XML (`<Error>...</Error>`). */
export interface AliyunErrorFields {
  code?: string;
  message?: string;
  requestId?: string;
  recommend?: string;
}

/** Where the error happened: named in the messages and kept on the error. */
export interface AliyunErrorContext {
  provider: AliyunProviderName;
  operation: string;
  region?: string;
  instanceId?: string;
}

// pop-core's rule: a body whose `Code` is one of these is a success, any other `Code` is an error.
const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success']);

const RAM_ACTION_PREFIX: Record<AliyunProviderName, string> = { 'aliyun-rds': 'rds', 'aliyun-kvstore': 'kvstore' };
const READ_ONLY_POLICY: Record<AliyunProviderName, string> = {
  'aliyun-rds': 'AliyunRDSReadOnlyAccess',
  'aliyun-kvstore': 'AliyunKvstoreReadOnlyAccess',
};

const NOT_FOUND_CODES = new Set([
  'InvalidDBInstanceId.NotFound',
  'InvalidInstanceId.NotFound',
  'InvalidDBInstance.NotFound',
  'InvalidDBInstanceName.NotFound',
]);

/** Builds the transport's `interpret` for one Aliyun call: undefined on success, else the typed error. */
export function aliyunErrorInterpreter(context: AliyunErrorContext): (response: HttpResponse) => CloudBackupsError | undefined {
  return (response) => classifyAliyunResponse(context, response);
}

/** Success is a 2xx whose body carries no error `Code`; everything else becomes a typed error. */
export function classifyAliyunResponse(context: AliyunErrorContext, response: HttpResponse): CloudBackupsError | undefined {
  const fields = readAliyunError(response.body);
  const failedCode = fields.code !== undefined && !SUCCESS_CODES.has(fields.code) ? fields.code : undefined;
  const ok = response.status >= 200 && response.status < 300;
  if (ok && failedCode === undefined) return undefined;
  const requestId = fields.requestId ?? response.headers['x-acs-request-id'];
  return aliyunError(context, { ...fields, ...(failedCode !== undefined ? { code: failedCode } : {}), ...(requestId ? { requestId } : {}) }, response);
}

/** Reads the error fields from a parsed body: the JSON object itself, or the XML `<Error>` root. */
export function readAliyunError(body: unknown): AliyunErrorFields {
  if (!isRecord(body)) return {};
  const source = errorSource(body);
  const out: AliyunErrorFields = {};
  const code = text(source.Code);
  const message = text(source.Message);
  const requestId = text(source.RequestId) ?? text(body.RequestId);
  const recommend = text(source.Recommend);
  if (code !== undefined) out.code = code;
  if (message !== undefined) out.message = message;
  if (requestId !== undefined) out.requestId = requestId;
  if (recommend !== undefined) out.recommend = recommend;
  return out;
}

function aliyunError(context: AliyunErrorContext, fields: AliyunErrorFields, response: HttpResponse): CloudBackupsError {
  const { provider, operation } = context;
  const code = fields.code;
  const status = response.status;
  const base: ProviderApiErrorOptions = {
    provider,
    httpStatus: status,
    url: response.url,
    operation,
    ...(code !== undefined ? { code } : {}),
    ...(fields.requestId !== undefined ? { requestId: fields.requestId } : {}),
    ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}),
  };
  const where = `${provider}: ${operation}${context.instanceId ? ` for ${context.instanceId}` : ''}`;
  const said = describeAnswer(fields, status);

  if (code === undefined) {
    return new ProviderApiError(`${where} failed with HTTP ${status} and no error code${status >= 500 ? '; it is retried automatically' : ''}. ${said}`, {
      ...base,
      retryable: status >= 500,
    });
  }
  if (/throttling/i.test(code)) {
    const retryAfterMs = parseRetryAfter(response.headers);
    return new ThrottlingError(
      `${where} was throttled by Aliyun (${said}). It is retried with backoff; if it persists, lower the concurrency or set the source's rateLimit.`,
      { ...base, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    );
  }
  if (code.includes('ServiceUnavailable') || code.includes('InternalError') || status >= 500) {
    return new ProviderApiError(`${where} failed on Aliyun's side (${said}); it is retried automatically. If it persists, try again later.`, {
      ...base,
      retryable: true,
    });
  }
  if (code === 'InvalidTimeStamp.Expired') {
    return new AuthenticationError(
      `${where} was rejected (${said}): the local clock is off by more than 15 minutes from Aliyun's. Synchronize the system clock (NTP) and retry.`,
      base,
    );
  }
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature' || code.startsWith('InvalidSignature')) {
    return new AuthenticationError(
      `${where} was rejected (${said}): the signature did not match. Check that the AccessKey secret belongs to the AccessKey id ` +
        '(no stray spaces or quotes) and that no proxy rewrites the request.',
      base,
    );
  }
  if (code.startsWith('InvalidAccessKeyId')) {
    return new AuthenticationError(
      `${where} was rejected (${said}): Aliyun does not accept this AccessKey id. Check the id, that the key exists and is enabled, ` +
        'and that it belongs to the same Alibaba Cloud site (China or international) as the endpoint.',
      base,
    );
  }
  if (code.startsWith('InvalidSecurityToken')) {
    return new AuthenticationError(
      `${where} was rejected (${said}): the STS security token is invalid or expired. Get fresh temporary credentials ` +
        '(AccessKey id, secret and token together) and create the source again with them.',
      base,
    );
  }
  if (code === 'Forbidden.AccessKeyDisabled') {
    return new AuthenticationError(`${where} was rejected (${said}): the AccessKey is disabled. Enable it in the RAM console or use another key.`, base);
  }
  if (code.startsWith('Forbidden') || code.includes('NoPermission') || code === 'InvalidUserOperatorPermission') {
    return new PermissionError(
      `${where} was denied (${said}): the credentials are valid but lack permission. Grant the RAM user or role ` +
        `${RAM_ACTION_PREFIX[provider]}:${operation} (the ${READ_ONLY_POLICY[provider]} policy includes it).`,
      base,
    );
  }
  if (NOT_FOUND_CODES.has(code)) {
    const instance = context.instanceId ? `instance ${context.instanceId}` : 'the instance';
    const region = context.region ? ` in region ${context.region}` : '';
    return new NotFoundError(
      `${where}: ${instance} was not found${region} (${said}). Check the instance id and that the source's region is the instance's region.`,
      base,
    );
  }
  return new ProviderApiError(`${where} failed (${said}).${fields.recommend ? ` See ${fields.recommend}` : ''}`, base);
}

/** "Code: message, HTTP 400, RequestId X": the server's words, without anything it echoed from our request. */
function describeAnswer(fields: AliyunErrorFields, status: number): string {
  const parts: string[] = [];
  const message = fields.message !== undefined ? safeServerMessage(fields.message) : undefined;
  if (fields.code !== undefined) parts.push(message ? `${fields.code}: ${message}` : fields.code);
  else if (message) parts.push(message);
  parts.push(`HTTP ${status}`);
  if (fields.requestId !== undefined) parts.push(`RequestId ${fields.requestId}`);
  return parts.join(', ');
}

/**
 * SignatureDoesNotMatch echoes the server's string-to-sign, which holds our AccessKey id and any STS token:
 * cut the message there, and keep it short.
 */
export function safeServerMessage(message: string): string {
  const cut = message.search(/string\s*to\s*sign|stringtosign|canonical\s*request/i);
  const kept = (cut >= 0 ? message.slice(0, cut) : message).trim().replace(/[\s:]+$/, '');
  return kept.length > 300 ? `${kept.slice(0, 300)}…` : kept;
}

/** JSON errors are flat; XML ones sit under `<Error>` (or, rarely, under the `<ActionResponse>` root). */
function errorSource(body: Record<string, unknown>): Record<string, unknown> {
  if (isRecord(body.Error)) return body.Error;
  const keys = Object.keys(body);
  const only = keys.length === 1 ? body[keys[0]!] : undefined;
  if (keys[0]?.endsWith('Response') && isRecord(only)) return only;
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
