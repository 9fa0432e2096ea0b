/**
 * Aliyun RPC at `/`: told apart from the other clouds by path, and RDS from KVStore by
 * `Version` (query, form body or `x-acs-version`). Accepts RPC V1 (GET query, POST form, or
 * POST with everything in the query) and ACS3-HMAC-SHA256.
 */
import type { ApiRequest, Env, Outcome } from '../api.js';
import { header, loggable } from '../api.js';
import { pairsToRecord, parsePairs } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import type { Action } from './action.js';
import {
  kvstoreDescribeBackupPolicy, kvstoreDescribeBackups, kvstoreDescribeClusterBackupList, kvstoreDescribeInstances, kvstoreDescribeRegions,
} from './kvstore-actions.js';
import { rdsDescribeBackupPolicy, rdsDescribeBackups, rdsDescribeDbInstances, rdsDescribeRegions } from './rds-actions.js';
import type { AliyunError, AliyunFormat, AliyunProduct } from './errors.js';
import { aliyunErr, aliyunErrorResponse, forbiddenRam, missing } from './errors.js';
import { aliyunFaultBodies, aliyunSecrets, success } from './answers.js';
import type { StsIssuer } from './sts.js';
import { verifyAcs3 } from './verify-acs3.js';
import { verifyRpc } from './verify-rpc.js';

const PRODUCTS: Record<string, AliyunProduct> = { '2014-08-15': 'rds', '2015-01-01': 'kvstore', '2015-04-01': 'sts' };
const LOG_NAME = { rds: 'aliyun-rds', kvstore: 'aliyun-kvstore', sts: 'aliyun-sts' } as const;

interface ActionDef {
  run: Action;
  /** Global actions (region lists) are not refused by a region denial. */
  global?: boolean;
}

const ACTIONS: Record<Exclude<AliyunProduct, 'sts'>, Record<string, ActionDef>> = {
  rds: {
    DescribeBackups: { run: rdsDescribeBackups },
    DescribeBackupPolicy: { run: rdsDescribeBackupPolicy },
    DescribeDBInstances: { run: rdsDescribeDbInstances },
    DescribeRegions: { run: rdsDescribeRegions, global: true },
  },
  kvstore: {
    DescribeBackups: { run: kvstoreDescribeBackups },
    DescribeClusterBackupList: { run: kvstoreDescribeClusterBackupList },
    DescribeBackupPolicy: { run: kvstoreDescribeBackupPolicy },
    DescribeInstances: { run: kvstoreDescribeInstances },
    DescribeRegions: { run: kvstoreDescribeRegions, global: true },
  },
};

export function handleAliyun(req: ApiRequest, env: Env, nonces: NonceStore, sts: StsIssuer): Outcome {
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

  const base: Pick<Outcome, 'provider' | 'action' | 'params' | 'account' | 'region'> = {
    provider: LOG_NAME[product ?? 'rds'],
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
  const def = product === 'sts' ? undefined : ACTIONS[product][action];
  if (!def && !(product === 'sts' && action === 'AssumeRole')) {
    return fail(aliyunErr(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'));
  }

  const auth = acs3
    ? verifyAcs3(req, env.now(), nonces, env.keys)
    : verifyRpc({ method: req.method, params, now: env.now(), nonces, keys: env.keys });
  if ('code' in auth) return fail(auth);
  base.account = auth.account;
  if (product === 'sts' || !def) {
    const issued = sts.assumeRole(params, env.now(), env.requestId);
    if ('code' in issued) return fail(issued);
    const faults = aliyunFaultBodies({ product: 'sts', action, format, requestId: env.requestId, secrets: aliyunSecrets(req, params) });
    return { ...base, response: success(issued.body, `${action}Response`, format, env.requestId), faults };
  }

  const provider = LOG_NAME[product];
  const data = env.dataset[provider];
  const namedInstance = params['DBInstanceId'] ?? params['InstanceId'];
  // A call addresses its instance's region, else the RegionId it names (list calls); region lists address none.
  const region = def.global ? undefined : (namedInstance && data.find(auth.account, namedInstance)?.seed.region) || params['RegionId'] || undefined;
  if (region) base.region = region;
  if (region && env.denials.denied(provider, auth.account, region)) {
    const uid = env.accounts.find((a) => a.name === auth.account)?.aliyunUid ?? '';
    return fail(forbiddenRam(`${product}:${action}`, uid), namedInstance);
  }

  const result = def.run(params, { data, env, account: auth.account, method: req.method.toUpperCase() });
  if ('code' in result) return fail(result, namedInstance);

  const served = result.served;
  return {
    ...base,
    ...(result.instanceId ? { instanceId: result.instanceId } : {}),
    response: success(result.body, `${action}Response`, format, env.requestId),
    faults: aliyunFaultBodies({
      product, action, format, requestId: env.requestId, secrets: aliyunSecrets(req, params), ...(result.badTotal ? { badTotal: result.badTotal } : {}),
    }),
    ...(served && env.driftPerPage > 0 ? { afterServe: () => void served.drift(env.driftPerPage) } : {}),
  };
}
