/** CapitalOnline answers `{Code, Message, Data}` for errors too; MySQL responses carry no RequestId. */
import type { ApiResponse } from '../api.js';

export interface CapitalOnlineError {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export const coErr = (status: number, code: string, message: string, headers?: Record<string, string>): CapitalOnlineError =>
  ({ status, code, message, ...(headers ? { headers } : {}) });

/** Undocumented for this gateway: a 429 in the product's own envelope. */
export const THROTTLED = coErr(429, 'Throttling', 'Request was denied due to request throttling.', { 'Retry-After': '1' });
export const SERVER_ERROR = coErr(500, 'InternalError', '内部错误');

export function capitalOnlineErrorResponse(err: CapitalOnlineError): ApiResponse {
  return {
    status: err.status,
    code: err.code,
    headers: { 'content-type': 'application/json', ...err.headers },
    body: JSON.stringify({ Code: err.code, Message: err.message, Data: {} }),
  };
}

export function capitalOnlineSuccess(data: unknown): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Code: 'Success', Data: data, Message: 'Success.' }),
  };
}

/**
 * A call refused for lack of permission in a region. The MySQL API documents no such answer;
 * this is a 403 in the product's own envelope.
 */
export const accessDenied = (regionId: string): CapitalOnlineError =>
  coErr(403, 'AccessDenied', `The account is not authorized to operate on resources in region ${regionId}.`);
