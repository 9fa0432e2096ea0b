/**
 * CapitalOnline MySQL at `/mysql` (site cn) and `/{site}/mysql`: DescribeBackups returns
 * everything at once; DescribeDBInstances lists the site's instances; DescribeRegions the platform's.
 */
import type { ApiRequest, Env, FaultBodies, Outcome } from '../api.js';
import { header, loggable } from '../api.js';
import { pairsToRecord, parsePairs } from '../encoding.js';
import type { NonceStore } from '../nonce-store.js';
import type { CapitalOnlineError } from './errors.js';
import { SERVER_ERROR, THROTTLED, accessDenied, capitalOnlineErrorResponse, capitalOnlineSuccess, coErr } from './errors.js';
import { renderCapitalOnlineBackup, renderCapitalOnlineInstance } from './render.js';
import type { Site } from './sites.js';
import { CAPITALONLINE_REGION_CATALOGUE, capitalOnlineRegion, describeRegionsData, siteOfPath } from './sites.js';
import { verifyCapitalOnline } from './verify.js';

const VERSION = '2019-08-08';

export function isCapitalOnlinePath(path: string): boolean {
  return siteOfPath(path) !== undefined;
}

const siteOf = (regionId: string): Site => capitalOnlineRegion(regionId).site;

export function handleCapitalOnline(req: ApiRequest, env: Env, nonces: NonceStore): Outcome {
  const site = siteOfPath(req.path) ?? 'cn';
  const query = pairsToRecord(parsePairs(req.rawQuery));
  // A POST's JSON body carries API parameters but is not signed.
  const params = { ...query, ...jsonBody(req) };
  const action = query['Action'] ?? '';
  const base: Pick<Outcome, 'provider' | 'action' | 'params' | 'account' | 'region'> = {
    provider: 'capitalonline-mysql', action, params: loggable(params),
  };
  const fail = (err: CapitalOnlineError, instanceId?: string): Outcome => ({
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: capitalOnlineErrorResponse(err),
  });

  if (req.method !== 'GET' && req.method !== 'POST') return fail(coErr(400, 'UnsupportedOperation', `Method ${req.method} is not supported`));
  if (!action) return fail(coErr(400, 'ArgMissing', 'Missing required parameter: Action'));
  if (!query['Version']) return fail(coErr(400, 'ArgMissing', 'Missing required parameter: Version'));
  if (query['Version'] !== VERSION) return fail(coErr(400, 'InvalidParameter', `Unsupported Version: ${query['Version']}`));
  const auth = verifyCapitalOnline(req.method, query, env.now(), nonces, env.keys);
  if ('code' in auth) return fail(auth);
  base.account = auth.account;

  const faults: FaultBodies = {
    throttle: () => capitalOnlineErrorResponse(THROTTLED),
    serverError: () => capitalOnlineErrorResponse(SERVER_ERROR),
    malformed: () => '{"Code": "Success", "Data": [{"BackupId": "',
    emptyEnvelope: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }),
    // Undocumented for this gateway: an authentication refusal quoting the signed query's credentials.
    echoSecrets: () => capitalOnlineErrorResponse(coErr(401, 'SignatureDoesNotMatch',
      `The request signature does not match: AccessKeyId=${query['AccessKeyId'] ?? ''}&Signature=${query['Signature'] ?? ''}`)),
  };
  const data = env.dataset['capitalonline-mysql'];
  const denied = (regionId: string): boolean => env.denials.denied('capitalonline-mysql', auth.account, regionId);

  if (action === 'DescribeRegions') return { ...base, response: capitalOnlineSuccess(describeRegionsData()), faults };

  if (action === 'DescribeDBInstances') {
    // The listing spans the site's regions: a refused region refuses it.
    const refused = CAPITALONLINE_REGION_CATALOGUE.find((r) => r.site === site && denied(r.id));
    if (refused) return fail(accessDenied(refused.id));
    const uuid = params['InstanceUuid'];
    const name = params['InstanceName'];
    const ip = params['IP'];
    const list = data.list(auth.account).filter((i) => siteOf(i.seed.region) === site && (!uuid || i.seed.id === uuid)
      && (!name || i.seed.name === name) && (!ip || String(i.seed.extra['ip']).includes(ip)));
    return { ...base, response: capitalOnlineSuccess(list.map((i) => renderCapitalOnlineInstance(i.seed))), faults };
  }
  if (action !== 'DescribeBackups') return fail(coErr(400, 'UnsupportedOperation', `Unsupported Action: ${action}`));

  const instanceId = params['InstanceUuid'];
  if (!instanceId) return fail(coErr(400, 'ArgMissing', 'Missing required parameter: InstanceUuid'));
  // Each site knows only its own regions' instances.
  const found = data.find(auth.account, instanceId);
  const inst = found && siteOf(found.seed.region) === site ? found : undefined;
  if (!inst) return fail(coErr(404, 'ResourceNotFound', `Instance ${instanceId} does not exist`), instanceId);
  base.region = inst.seed.region;
  if (denied(inst.seed.region)) return fail(accessDenied(inst.seed.region), instanceId);
  const view = inst.query();
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < view.total; i++) {
    const b = view.at(i);
    if (b) rows.push(renderCapitalOnlineBackup(inst.seed, b));
  }
  // The documented `Data` type is a dict: under `shapes.emptyBodies` an instance without backups gets `{}`.
  const empty = rows.length === 0 && inst.seed.settings.shapes.emptyBodies;
  return {
    ...base,
    instanceId,
    response: capitalOnlineSuccess(empty ? {} : rows),
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
