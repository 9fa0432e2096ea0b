/**
 * Huawei error answers. The API gateway (APIGW.*) adds `request_id` to its body; RDS (DBS.*)
 * answers `{error_code, error_msg}`. Every answer carries `X-Request-Id`.
 */
import type { ApiResponse, RequestSecrets } from '../api.js';

export interface HuaweiError {
  status: number;
  code: string;
  message: string;
  gateway: boolean;
  headers?: Record<string, string>;
}

export const gatewayErr = (status: number, code: string, message: string, headers?: Record<string, string>): HuaweiError =>
  ({ status, code, message, gateway: true, ...(headers ? { headers } : {}) });
export const rdsErr = (status: number, code: string, message: string): HuaweiError => ({ status, code, message, gateway: false });

export const authFailed = (detail: string): HuaweiError =>
  gatewayErr(401, 'APIGW.0301', `Incorrect IAM authentication information: ${detail}`);

export const parameterError = (detail: string): HuaweiError => rdsErr(400, 'DBS.200001', `Parameter error. ${detail}`);

export const THROTTLED = gatewayErr(429, 'APIGW.0308',
  'The throttling threshold has been reached: policy user over ratelimit,limit:200,time:1 second', { 'Retry-After': '1' });

export const SERVER_ERROR = rdsErr(500, 'DBS.200500', 'Internal server error.');

export function huaweiErrorResponse(err: HuaweiError, requestId: string): ApiResponse {
  const body: Record<string, string> = { error_code: err.code, error_msg: err.message };
  if (err.gateway) body['request_id'] = requestId;
  return {
    status: err.status,
    code: err.code,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'X-Request-Id': requestId, ...err.headers },
    body: JSON.stringify(body),
  };
}

export function huaweiJson(body: unknown, requestId: string): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'X-Request-Id': requestId },
    body: JSON.stringify(body),
  };
}

/** The gateway refusing an IAM user in a region its permissions do not cover (API gateway error table). */
export const regionForbidden = (): HuaweiError =>
  gatewayErr(403, 'APIGW.0802', 'The IAM user is forbidden in the currently selected region.');

/** An authentication failure whose message quotes the request's Authorization and token (the echoSecrets fault). */
export function echoedAuthFailure(s: RequestSecrets): HuaweiError {
  const token = s.securityToken ? `, X-Security-Token: ${s.securityToken}` : '';
  return authFailed(`verify aksk signature fail, Authorization: SDK-HMAC-SHA256 Access=${s.accessKeyId}, Signature=${s.signature}${token}`);
}
