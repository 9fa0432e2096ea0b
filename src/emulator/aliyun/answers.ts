/** Aliyun's success answers and the bodies of the faults injected into them, in JSON or XML. */
import type { ApiRequest, ApiResponse, FaultBodies, RequestSecrets } from '../api.js';
import { header } from '../api.js';
import { toXml } from '../xml.js';
import type { AliyunFormat, AliyunProduct } from './errors.js';
import { SERVER_ERRORS, THROTTLED, THROTTLE_RETRY_AFTER_MS, aliyunErr, aliyunErrorResponse, contentType } from './errors.js';
import { parseAcs3Authorization } from './verify-acs3.js';

export function success(body: Record<string, unknown>, root: string, format: AliyunFormat, requestId: string): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType(format), 'x-acs-request-id': requestId },
    body: format === 'xml' ? toXml(root, body) : JSON.stringify(body),
  };
}

/** The key id, signature and token a request carried, in either signature version. */
export function aliyunSecrets(req: ApiRequest, params: Record<string, string>): RequestSecrets {
  const acs3 = parseAcs3Authorization(header(req, 'authorization') ?? '');
  const token = acs3 ? header(req, 'x-acs-security-token') : params['SecurityToken'];
  return {
    accessKeyId: acs3?.credential ?? params['AccessKeyId'] ?? '',
    signature: acs3?.signature ?? params['Signature'] ?? '',
    ...(token ? { securityToken: token } : {}),
  };
}

export interface AnswerContext {
  product: AliyunProduct;
  action: string;
  format: AliyunFormat;
  requestId: string;
  secrets: RequestSecrets;
  /** The page with a lying total, for paged backup lists. */
  badTotal?: (variant: number) => Record<string, unknown>;
}

export function aliyunFaultBodies(c: AnswerContext): FaultBodies {
  const root = `${c.action}Response`;
  const bodies: FaultBodies = {
    throttle: () => aliyunErrorResponse(THROTTLED, c.product, c.format, c.requestId, { 'x-acs-retry-after': THROTTLE_RETRY_AFTER_MS }),
    serverError: (v) => aliyunErrorResponse(SERVER_ERRORS[v < 0.5 ? 0 : 1] ?? THROTTLED, c.product, c.format, c.requestId),
    malformed: () => (c.format === 'xml'
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<${root}><RequestId>${c.requestId}</RequestId><Items><Backup></Items>`
      : `{"RequestId":"${c.requestId}","Items":{"Backup":[{"BackupId":,}]}`),
    emptyEnvelope: (v) => success(v < 0.5 ? {} : { RequestId: c.requestId }, root, c.format, c.requestId),
    echoSecrets: () => {
      const s = c.secrets;
      // The gateway's signature errors quote what it signed, credentials included.
      const signed = `AccessKeyId=${s.accessKeyId}&Action=${c.action}${s.securityToken ? `&SecurityToken=${s.securityToken}` : ''}&Signature=${s.signature}`;
      return aliyunErrorResponse(
        aliyunErr(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards. server string to sign is:${signed}`),
        c.product, c.format, c.requestId);
    },
  };
  const badTotal = c.badTotal;
  if (badTotal) bodies.badTotal = (v) => success(badTotal(v), root, c.format, c.requestId);
  return bodies;
}
