/** Aliyun POP error answers: `{RequestId, HostId, Code, Message, Recommend}` in JSON or `<Error>` XML. */
import type { ApiResponse } from '../api.js';
import { toXml } from '../xml.js';

export type AliyunFormat = 'json' | 'xml';
export type AliyunProduct = 'rds' | 'kvstore' | 'sts';

export interface AliyunError {
  status: number;
  code: string;
  message: string;
  /** Extra body fields (AccessDeniedDetail). */
  extra?: Record<string, unknown>;
}

export const HOST_ID: Record<AliyunProduct, string> = { rds: 'rds.aliyuncs.com', kvstore: 'r-kvstore.aliyuncs.com', sts: 'sts.aliyuncs.com' };
const PRODUCT_NAME: Record<AliyunProduct, string> = { rds: 'Rds', kvstore: 'R-kvstore', sts: 'Sts' };

export const aliyunErr = (status: number, code: string, message: string): AliyunError => ({ status, code, message });

export const missing = (name: string): AliyunError => aliyunErr(400, `Missing${name}`, `${name} is mandatory for this action.`);
export const invalidParam = (name: string): AliyunError => aliyunErr(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);

export function contentType(format: AliyunFormat): string {
  return format === 'xml' ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8';
}

export function aliyunErrorResponse(
  err: AliyunError, product: AliyunProduct | undefined, format: AliyunFormat, requestId: string, extraHeaders: Record<string, string> = {},
): ApiResponse {
  const hostId = product ? HOST_ID[product] : 'aliyuncs.com';
  const body = {
    RequestId: requestId,
    HostId: hostId,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=${product ? PRODUCT_NAME[product] : ''}&requestId=${requestId}`,
    ...err.extra,
  };
  return {
    status: err.status,
    code: err.code,
    headers: { 'content-type': contentType(format), 'x-acs-request-id': requestId, ...extraHeaders },
    body: format === 'xml' ? toXml('Error', body) : JSON.stringify(body),
  };
}

/** `Throttling.User` with the retry hint (milliseconds) that openapi-core reads into `retryAfter`. */
export const THROTTLED = aliyunErr(400, 'Throttling.User', 'Request was denied due to user flow control.');
export const THROTTLE_RETRY_AFTER_MS = '1000';

export const SERVER_ERRORS: readonly AliyunError[] = [
  aliyunErr(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  aliyunErr(500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.'),
];

/**
 * RAM refusing the call (403 Forbidden.RAM), with the AccessDeniedDetail the gateway adds
 * (its fields are in both SDKs' response models).
 */
export function forbiddenRam(authAction: string, ownerUid: string): AliyunError {
  return {
    ...aliyunErr(403, 'Forbidden.RAM', "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
    extra: {
      AccessDeniedDetail: {
        AuthAction: authAction,
        AuthPrincipalDisplayName: 'cloud-backups-reader',
        AuthPrincipalOwnerId: ownerUid,
        AuthPrincipalType: 'SubUser',
        EncodedDiagnosticMessage: Buffer.from(JSON.stringify({ action: authAction, effect: 'ImplicitDeny' })).toString('base64'),
        NoPermissionType: 'ImplicitDeny',
        PolicyType: 'AccountLevelIdentityBasedPolicy',
      },
    },
  };
}
