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

/** What the request was, for error messages. */
export interface HuaweiErrorContext {
  /** `ListBackups`, `ListInstances`, `KeystoneListProjects`. */
  operation: string;
  /** `GET /v3/{project_id}/backups`: names the API a permission error is about. */
  api: string;
  instanceId?: string;
  /** Clock for an HTTP-date `Retry-After`. */
  now?: () => number;
}

interface ErrorFields {
  code?: string;
  message?: string;
  requestId?: string;
}

const THROTTLING_CODES = new Set(['APIGW.0308', 'APIG.0308']);
const SIGNATURE_CODES = new Set(['APIGW.0301', 'APIG.0301']);
/** Gateway "no such API": a wrong endpoint or path, not a missing instance. */
const ROUTE_NOT_FOUND_CODES = new Set(['APIGW.0101', 'APIG.0101']);
/** Database services' shared "The DB instance does not exist." */
const INSTANCE_NOT_FOUND_CODES = new Set(['DBS.200002']);

const MAX_PROVIDER_MESSAGE = 300;

/**
 * Turns a Huawei answer into one of our errors, or undefined when it succeeded. Reads the three body shapes in
 * use: `{error_code, error_msg}` (RDS, API gateway), `{code, message}`, `{error: {code, message}}` (IAM).
 */
export function classifyHuaweiResponse(response: HttpResponse, context: HuaweiErrorContext): CloudBackupsError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const fields = errorFields(response.body);
  const requestId = response.headers['x-request-id'] ?? fields.requestId ?? response.headers['x-iam-trace-id'];
  const code = fields.code;
  const options: ProviderApiErrorOptions = {
    provider: 'huawei-rds',
    httpStatus: status,
    operation: context.operation,
    url: response.url,
    ...(code !== undefined ? { code } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}),
  };
  const said = describeAnswer(status, code, fields.message, requestId);

  if (status === 429 || (code !== undefined && THROTTLING_CODES.has(code))) {
    const retryAfterMs = parseRetryAfter(response.headers, context.now?.());
    return new ThrottlingError(`huawei-rds: ${context.operation} was throttled (${said}); retrying with backoff. Lower the request rate or set rateLimit if this persists.`, {
      ...options,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (code !== undefined && SIGNATURE_CODES.has(code)) {
    return new AuthenticationError(
      `huawei-rds: ${context.operation} was refused: the AK/SK signature was not accepted (${said}). ` +
        'Check the access key and secret key (and the security token for temporary credentials); the gateway also ' +
        'refuses a signature whose X-Sdk-Date is more than 15 minutes from its clock, so check this machine\'s clock for skew.',
      options,
    );
  }
  if (status === 401) {
    return new AuthenticationError(
      `huawei-rds: ${context.operation} was refused as unauthenticated (${said}). Check the access key, secret key and, for temporary credentials, that the security token has not expired.`,
      options,
    );
  }
  if (status === 403) {
    return new PermissionError(
      `huawei-rds: the credentials are not allowed to call ${context.operation} (${context.api}) (${said}). ` +
        'Grant the IAM user or agency that permission (e.g. the RDS ReadOnlyAccess policy for RDS APIs) in this region, or check IP/VPC restrictions on the key.',
      options,
    );
  }
  if (code !== undefined && ROUTE_NOT_FOUND_CODES.has(code)) {
    return new ProviderApiError(
      `huawei-rds: the gateway knows no ${context.api} at ${hostOf(response.url)} (${said}). Check the region and any endpoint/iamEndpoint override.`,
      options,
    );
  }
  if (context.instanceId !== undefined && ((code !== undefined && INSTANCE_NOT_FOUND_CODES.has(code)) || status === 404)) {
    return new NotFoundError(
      `huawei-rds: instance ${context.instanceId} was not found (${said}). Check the instance id, and that it lives in this region and project.`,
      options,
    );
  }
  if (status >= 500) {
    return new ProviderApiError(`huawei-rds: ${context.operation} failed on the server side (${said}); it is retried.`, { ...options, retryable: true });
  }
  return new ProviderApiError(`huawei-rds: ${context.operation} failed (${said}). Check the request parameters; this is not retried.`, options);
}

/** Reads code, message and request id from whichever error shape the body has. */
export function errorFields(body: unknown): ErrorFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const requestId = scalar(b.request_id);
  const withId = (f: ErrorFields): ErrorFields => (requestId !== undefined && f.requestId === undefined ? { ...f, requestId } : f);
  if (b.error_code !== undefined || b.error_msg !== undefined) return withId(pick(b.error_code, b.error_msg));
  if (b.code !== undefined || b.message !== undefined) return withId(pick(b.code, b.message));
  if (typeof b.error === 'object' && b.error !== null) {
    const e = b.error as Record<string, unknown>;
    return withId({ ...pick(e.code ?? e.error_code, e.message ?? e.error_msg), ...(scalar(e.request_id) ? { requestId: scalar(e.request_id) } : {}) });
  }
  // OpenStack-style `{"itemNotFound": {"code": 404, "message": "..."}}`: the one nested object that has a message.
  for (const value of Object.values(b)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const nested = value as Record<string, unknown>;
      if (nested.message !== undefined || nested.code !== undefined) return withId(pick(nested.code, nested.message));
    }
  }
  return withId({});
}

function pick(code: unknown, message: unknown): ErrorFields {
  const c = scalar(code);
  const m = scalar(message);
  return { ...(c !== undefined ? { code: c } : {}), ...(m !== undefined ? { message: m } : {}) };
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

/** "HTTP 403 APIGW.0302: ..., request id ...", with the provider's text shortened and stripped of anything signature-like. */
function describeAnswer(status: number, code: string | undefined, message: string | undefined, requestId: string | undefined): string {
  const parts = [`HTTP ${status}`];
  if (code !== undefined) parts.push(code);
  let text = parts.join(' ');
  if (message !== undefined) text += `: ${scrubProviderText(message)}`;
  if (requestId !== undefined) text += `, request id ${requestId}`;
  return text;
}

/** A gateway message may echo a canonical request or signature; hex digests of 64 chars are removed, and length capped. */
function scrubProviderText(text: string): string {
  const scrubbed = text.replace(/[0-9a-f]{64}/gi, '[REDACTED]').replace(/\s+/g, ' ');
  return scrubbed.length > MAX_PROVIDER_MESSAGE ? `${scrubbed.slice(0, MAX_PROVIDER_MESSAGE)}…` : scrubbed;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
