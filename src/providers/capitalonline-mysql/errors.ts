import {
  AuthenticationError,
  NotFoundError,
  ProviderApiError,
  ThrottlingError,
  type CloudBackupsError,
  type ProviderApiErrorOptions,
} from '../../errors.js';
import type { HttpResponse } from '../../http/transport.js';
import { parseRetryAfter } from '../../http/retry.js';
import { CAPITALONLINE_MYSQL } from './endpoints.js';

export interface ClassifyContext {
  /** The action, e.g. `DescribeBackups`. */
  operation: string;
  /** The instance the request was about, when it was about one. */
  instanceId?: string;
  /** The source's site, named in messages about missing instances. */
  site?: string;
}

/** Documented HTTP 400 codes: the request itself was wrong, so repeating it cannot help. */
const REQUEST_REJECTED_CODES = new Set(['argmissing', 'invalidparameter', 'badargs', 'unsupportedoperation']);
/**
 * Authentication failures (bad signature, unknown key, expired timestamp, replayed nonce) are undocumented
 * for cdsapi: any code naming one of those, or auth, is treated as one.
 */
const AUTH_CODE = /signature|key|auth|timestamp|nonce/i;
const THROTTLING_CODE = /throttl|limit/i;

/**
 * Turns a CapitalOnline answer into an error, or undefined when it is a success.
 * Every MySQL response is `{Code, Message, Data}`; success is `Code` equal to `Success` in any case.
 */
export function classifyCapitalOnlineResponse(response: HttpResponse, context: ClassifyContext): CloudBackupsError | undefined {
  const body = isRecord(response.body) ? response.body : {};
  const code = codeOf(body.Code);
  const ok = response.status >= 200 && response.status < 300;
  // A 2xx without any Code is left to the envelope schema, which reports it as an unreadable response.
  if (ok && (code === undefined || code.toLowerCase() === 'success')) return undefined;

  const message = typeof body.Message === 'string' && body.Message.trim() !== '' ? body.Message.trim() : undefined;
  const requestId = firstString(body.RequestId, response.headers['x-request-id']);
  const options: ProviderApiErrorOptions = {
    provider: CAPITALONLINE_MYSQL,
    httpStatus: response.status,
    url: response.url,
    operation: context.operation,
    ...(code !== undefined ? { code } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}),
  };
  const what = `${CAPITALONLINE_MYSQL}: ${context.operation}${context.instanceId !== undefined ? ` for instance ${context.instanceId}` : ''} failed`;
  const said = `(HTTP ${response.status}${code !== undefined ? `, ${code}` : ''}${message !== undefined ? `: ${message}` : ''})`;
  const lowerCode = code?.toLowerCase();

  if (response.status === 429) {
    return throttled(`${what}: throttled ${said}. It is retried with backoff; lower the source's rateLimit if it persists.`, options, response);
  }
  if (response.status === 401 || response.status === 403 || (code !== undefined && AUTH_CODE.test(code))) {
    return new AuthenticationError(
      `${what}: authentication was refused ${said}. Check the access key id and secret ` +
        '(CDS_SECRET_ID / CDS_SECRET_KEY or the credentials option) and that the host clock is correct.',
      options,
    );
  }
  if (code !== undefined && THROTTLING_CODE.test(code)) {
    return throttled(`${what}: throttled ${said}. It is retried with backoff; lower the source's rateLimit if it persists.`, options, response);
  }
  if (lowerCode === 'resourcenotfound') {
    const subject = context.instanceId !== undefined ? `instance ${context.instanceId} was not found` : 'the resource was not found';
    return new NotFoundError(
      `${CAPITALONLINE_MYSQL}: ${context.operation}: ${subject} ${said}. Check the instance UUID, and that it belongs to ` +
        `these credentials and to site '${context.site ?? 'cn'}' (each of cn, asia and us is a separate source).`,
      options,
    );
  }
  if (lowerCode === 'internalerror' || response.status >= 500) {
    return new ProviderApiError(`${what}: server error ${said}. It is retried; if it persists, the service is failing.`, {
      ...options,
      retryable: true,
    });
  }
  // A ProviderApiError, not a ConfigurationError: the caller must change something (never retried), but the
  // error is the provider's answer, and its code, HTTP status and request id are what diagnose it.
  if (lowerCode !== undefined && REQUEST_REJECTED_CODES.has(lowerCode)) {
    return new ProviderApiError(
      `${what}: the request was rejected as invalid ${said}. Check the instance id and the source options; ` +
        'repeating the same request will not help.',
      { ...options, retryable: false },
    );
  }
  return new ProviderApiError(`${what} ${said}.`, { ...options, retryable: false });
}

function throttled(message: string, options: ProviderApiErrorOptions, response: HttpResponse): ThrottlingError {
  const retryAfterMs = parseRetryAfter(response.headers);
  return new ThrottlingError(message, { ...options, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

function codeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
