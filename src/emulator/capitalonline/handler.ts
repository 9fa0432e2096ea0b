/** CapitalOnline MySQL at `/mysql` (and `/mysql/`): DescribeBackups returns everything at once. */
import type { ApiRequest, Env, Outcome } from '../api.js';
import { header, loggable } from '../api.js';
import { pairsToRecord, parsePairs } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import type { CapitalOnlineError } from './errors.js';
import { SERVER_ERROR, THROTTLED, capitalOnlineErrorResponse, capitalOnlineSuccess, coErr } from './errors.js';
import { renderCapitalOnlineBackup, renderCapitalOnlineInstance } from './render.js';
import { verifyCapitalOnline } from './verify.js';

const VERSION = '2019-08-08';

export function isCapitalOnlinePath(path: string): boolean {
  return path === '/mysql' || path === '/mysql/';
}

export function handleCapitalOnline(req: ApiRequest, env: Env, nonces: NonceStore): Outcome {
  const query = pairsToRecord(parsePairs(req.rawQuery));
  // A POST's JSON body carries API parameters but is not signed.
  const params = { ...query, ...jsonBody(req) };
  const action = query['Action'] ?? '';
  const base = { provider: 'capitalonline-mysql' as const, action, params: loggable(params) };
  const fail = (err: CapitalOnlineError, instanceId?: string): Outcome => ({
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: capitalOnlineErrorResponse(err),
  });

  if (req.method !== 'GET' && req.method !== 'POST') return fail(coErr(400, 'UnsupportedOperation', `Method ${req.method} is not supported`));
  if (!action) return fail(coErr(400, 'ArgMissing', 'Missing required parameter: Action'));
  if (!query['Version']) return fail(coErr(400, 'ArgMissing', 'Missing required parameter: Version'));
  if (query['Version'] !== VERSION) return fail(coErr(400, 'InvalidParameter', `Unsupported Version: ${query['Version']}`));
  const auth = verifyCapitalOnline(req.method, query, env.now(), nonces);
  if ('code' in auth) return fail(auth);

  const faults = {
    throttle: () => capitalOnlineErrorResponse(THROTTLED),
    serverError: () => capitalOnlineErrorResponse(SERVER_ERROR),
    malformed: () => '{"Code": "Success", "Data": [{"BackupId": "', 
  };
  const data = env.dataset['capitalonline-mysql'];

  if (action === 'DescribeDBInstances') {
    const uuid = params['InstanceUuid'];
    const name = params['InstanceName'];
    const ip = params['IP'];
    const list = data.instances.filter((i) => (!uuid || i.seed.id === uuid) && (!name || i.seed.name === name)
      && (!ip || String(i.seed.extra['ip']).includes(ip)));
    return { ...base, response: capitalOnlineSuccess(list.map((i) => renderCapitalOnlineInstance(i.seed))), faults };
  }
  if (action !== 'DescribeBackups') return fail(coErr(400, 'UnsupportedOperation', `Unsupported Action: ${action}`));

  const instanceId = params['InstanceUuid'];
  if (!instanceId) return fail(coErr(400, 'ArgMissing', 'Missing required parameter: InstanceUuid'));
  const inst = data.get(instanceId);
  if (!inst) return fail(coErr(404, 'ResourceNotFound', `Instance ${instanceId} does not exist`), instanceId);
  const view = inst.query();
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < view.total; i++) {
    const b = view.at(i);
    if (b) rows.push(renderCapitalOnlineBackup(inst.seed, b));
  }
  return {
    ...base,
    instanceId,
    response: capitalOnlineSuccess(rows),
    faults,
    ...(env.driftPerPage > 0 ? { afterServe: () => void inst.drift(env.driftPerPage) } : {}),
  };
}

function jsonBody(req: ApiRequest): Record<string, string> {
  if (req.body.length === 0 || !(header(req, 'content-type') ?? '').includes('json')) return {};
  try {
    const parsed: unknown = JSON.parse(req.body.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
  } catch {
    return {};
  }
}
