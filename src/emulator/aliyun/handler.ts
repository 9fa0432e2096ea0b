/**
 * Aliyun RPC at `/`: told apart from the other clouds by path, and RDS from KVStore by
 * `Version` (query, form body or `x-acs-version`). Accepts RPC V1 (GET query, POST form, or
 * POST with everything in the query) and ACS3-HMAC-SHA256.
 */
import type { ApiRequest, ApiResponse, Env, Outcome } from '../api.js';
import { header, loggable } from '../api.js';
import { pairsToRecord, parsePairs } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import { toXml } from '../xml.js';
import type { ActionResult } from './actions.js';
import { kvstoreDescribeBackups, kvstoreDescribeInstances, rdsDescribeBackups, rdsDescribeDbInstances } from './actions.js';
import type { AliyunError, AliyunFormat, AliyunProduct } from './errors.js';
import {
  SERVER_ERRORS, THROTTLED, THROTTLE_RETRY_AFTER_MS, aliyunErr, aliyunErrorResponse, contentType, missing,
} from './errors.js';
import { verifyAcs3 } from './verify-acs3.js';
import { verifyRpc } from './verify-rpc.js';

const PRODUCTS: Record<string, AliyunProduct> = { '2014-08-15': 'rds', '2015-01-01': 'kvstore' };

type Action = (p: Record<string, string>, data: Env['dataset'][keyof Env['dataset']], env: Env) => ActionResult | AliyunError;

const ACTIONS: Record<AliyunProduct, Record<string, Action>> = {
  rds: { DescribeBackups: rdsDescribeBackups, DescribeDBInstances: rdsDescribeDbInstances },
  kvstore: { DescribeBackups: kvstoreDescribeBackups, DescribeInstances: kvstoreDescribeInstances },
};

export function handleAliyun(req: ApiRequest, env: Env, nonces: NonceStore): Outcome {
  const contentTypeHeader = header(req, 'content-type') ?? '';
  const pairs = parsePairs(req.rawQuery);
  if (contentTypeHeader.includes('application/x-www-form-urlencoded') && req.body.length > 0) {
    pairs.push(...parsePairs(req.body.toString('utf8')));
  }
  const params = pairsToRecord(pairs);
  const authorization = header(req, 'authorization') ?? '';
  const acs3 = authorization.startsWith('ACS3-');
  const version = params['Version'] ?? header(req, 'x-acs-version');
  const action = params['Action'] ?? header(req, 'x-acs-action') ?? '';
  const product = version ? PRODUCTS[version] : undefined;
  // XML is the documented default for RPC V1 without Format; ACS3 answers JSON unless asked otherwise.
  const formatParam = params['Format']?.toLowerCase();
  const format: AliyunFormat = formatParam === 'xml' || (!acs3 && formatParam !== 'json') ? 'xml' : 'json';

  const base = {
    provider: product === 'kvstore' ? 'aliyun-kvstore' as const : 'aliyun-rds' as const,
    action,
    // ACS3 carries Action and Version in headers; log them like V1's so entries compare alike.
    params: loggable({ ...(action ? { Action: action } : {}), ...(version ? { Version: version } : {}), ...params }),
  };
  const fail = (err: AliyunError, instanceId?: string): Outcome => ({
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: aliyunErrorResponse(err, product, format, env.requestId),
  });

  if (!version) return fail(missing('Version'));
  if (!product) return fail(aliyunErr(400, 'InvalidVersion', 'Specified parameter Version is not valid.'));
  if (!action) return fail(missing('Action'));
  const handler = ACTIONS[product][action];
  if (!handler) return fail(aliyunErr(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'));

  const auth = acs3
    ? verifyAcs3(req, env.now(), nonces)
    : verifyRpc({ method: req.method, params, now: env.now(), nonces });
  if ('code' in auth) return fail(auth);

  const data = env.dataset[base.provider];
  const result = handler(params, data, env);
  if ('code' in result) return fail(result, params['DBInstanceId'] ?? params['InstanceId']);

  const served = result.served;
  return {
    ...base,
    ...(result.instanceId ? { instanceId: result.instanceId } : {}),
    response: success(result.body, `${action}Response`, format, env.requestId),
    faults: {
      throttle: () => aliyunErrorResponse(THROTTLED, product, format, env.requestId, { 'x-acs-retry-after': THROTTLE_RETRY_AFTER_MS }),
      serverError: (v) => aliyunErrorResponse(SERVER_ERRORS[v < 0.5 ? 0 : 1] ?? THROTTLED, product, format, env.requestId),
      malformed: () => (format === 'xml'
        ? `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response><RequestId>${env.requestId}</RequestId><Items><Backup></Items>`
        : `{"RequestId":"${env.requestId}","Items":{"Backup":[{"BackupId":,}]}`),
    },
    ...(served && env.driftPerPage > 0 ? { afterServe: () => void served.drift(env.driftPerPage) } : {}),
  };
}

function success(body: Record<string, unknown>, root: string, format: AliyunFormat, requestId: string): ApiResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType(format), 'x-acs-request-id': requestId },
    body: format === 'xml' ? toXml(root, body) : JSON.stringify(body),
  };
}
