/** Huawei RDS v3 (`/v3/{project_id}/backups`, `/v3/{project_id}/instances`) and IAM (`/v3/projects`). */
import type { ApiRequest, Env, Outcome } from '../api.js';
import { header, loggable } from '../api.js';
import type { BackupQuery } from '../dataset.js';
import { pairsToRecord, parsePairs } from '../encoding.js';
import { parseHuaweiTime } from '../times.js';
import type { HuaweiError } from './errors.js';
import {
  SERVER_ERROR, THROTTLED, gatewayErr, huaweiErrorResponse, huaweiJson, parameterError, rdsErr,
} from './errors.js';
import { huaweiBackupStatus, huaweiBackupType, renderHuaweiBackup, renderHuaweiInstance } from './render.js';
import { verifyHuawei } from './verify.js';

const BACKUP_TYPES = new Set(['auto', 'manual', 'fragment', 'incremental']);
const STATUSES = new Set(['BUILDING', 'COMPLETED', 'FAILED']);

type Params = Record<string, string>;

export function isHuaweiPath(path: string): boolean {
  return /^\/v3\/(projects|[^/]+\/(backups|instances))\/?$/.test(path);
}

/** The account facts the handler checks requests against. */
export interface HuaweiAccount {
  region: string;
  projectId: string;
  domainId: string;
}

export function handleHuawei(req: ApiRequest, env: Env, account: HuaweiAccount): Outcome {
  const params = pairsToRecord(parsePairs(req.rawQuery));
  const m = /^\/v3\/([^/]+)(?:\/(backups|instances))?\/?$/.exec(req.path);
  const iam = m?.[1] === 'projects' && !m[2];
  const action = iam ? 'KeystoneListProjects' : m?.[2] === 'backups' ? 'ListBackups' : 'ListInstances';
  const base = { provider: iam ? 'huawei-iam' as const : 'huawei-rds' as const, action, params: loggable(params) };
  const fail = (err: HuaweiError, instanceId?: string): Outcome => ({
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: huaweiErrorResponse(err, env.requestId),
  });

  if (req.method !== 'GET') return fail(gatewayErr(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment'));
  const auth = verifyHuawei(req, env.now());
  if ('code' in auth) return fail(auth);

  const faults = {
    throttle: () => huaweiErrorResponse(THROTTLED, env.requestId),
    serverError: () => huaweiErrorResponse(SERVER_ERROR, env.requestId),
    malformed: () => `{"${iam ? 'projects' : m?.[2] ?? 'backups'}":[{"id":"${env.requestId}",,]`,
  };

  if (iam) return { ...base, response: huaweiJson(listProjects(params, env, account), env.requestId), faults };

  const projectId = m?.[1] ?? '';
  const headerProject = header(req, 'x-project-id');
  if (projectId !== account.projectId || (headerProject !== undefined && headerProject !== projectId)) {
    return fail(gatewayErr(403, 'APIGW.0302', 'The IAM user is not authorized to access the API: the project does not belong to the credential.'));
  }

  if (action === 'ListInstances') {
    const r = listInstances(params, env);
    return 'code' in r ? fail(r) : { ...base, response: huaweiJson(r, env.requestId), faults };
  }

  const instanceId = params['instance_id'];
  const r = listBackups(params, env);
  if ('code' in r) return fail(r, instanceId);
  const served = r.served;
  return {
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: huaweiJson(r.body, env.requestId),
    faults,
    ...(env.driftPerPage > 0 ? { afterServe: () => void served.drift(env.driftPerPage) } : {}),
  };
}

function offsetLimit(p: Params): { offset: number; limit: number } | HuaweiError {
  const offsetRaw = p['offset'] ?? '0';
  const limitRaw = p['limit'] ?? '100';
  if (!/^\d+$/.test(offsetRaw)) return parameterError('offset must be a non-negative number.');
  if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 100) return parameterError('limit must be between 1 and 100.');
  return { offset: Number(offsetRaw), limit: Number(limitRaw) };
}

function listBackups(p: Params, env: Env) {
  const instanceId = p['instance_id'];
  if (!instanceId) return parameterError('instance_id is required.');
  const ol = offsetLimit(p);
  if ('code' in ol) return ol;
  const begin = p['begin_time'];
  const end = p['end_time'];
  if ((begin === undefined) !== (end === undefined)) return parameterError('begin_time and end_time must be specified together.');
  const query: BackupQuery = {};
  if (begin !== undefined && end !== undefined) {
    const from = parseHuaweiTime(begin);
    const to = parseHuaweiTime(end);
    if (from === undefined) return parameterError('begin_time is not in the format yyyy-mm-ddThh:mm:ssZ.');
    if (to === undefined) return parameterError('end_time is not in the format yyyy-mm-ddThh:mm:ssZ.');
    if (to <= from) return parameterError('end_time must be later than begin_time.');
    query.from = from;
    query.to = to;
  }
  const type = p['backup_type'];
  if (type !== undefined && !BACKUP_TYPES.has(type)) return parameterError('backup_type is invalid.');
  const status = p['status'];
  if (status !== undefined && !STATUSES.has(status)) return parameterError('status is invalid.');
  const backupId = p['backup_id'];

  const inst = env.dataset['huawei-rds'].get(instanceId);
  if (!inst) return rdsErr(404, 'DBS.200002', 'The DB instance does not exist.');
  // `status` filters SQL Server full backups only, as documented.
  const statusApplies = status !== undefined && inst.seed.engine === 'SQLServer';
  if (type || backupId || statusApplies) {
    query.filter = {
      key: `hw|${type ?? ''}|${backupId ?? ''}|${statusApplies ? status : ''}`,
      test: (b) => (!type || huaweiBackupType(b) === type) && (!backupId || b.id === backupId)
        && (!statusApplies || b.type !== 'full' || huaweiBackupStatus(b) === status),
    };
  }
  const view = inst.query(query);
  const backups: Array<Record<string, unknown>> = [];
  for (let i = ol.offset; i < Math.min(view.total, ol.offset + ol.limit); i++) {
    const b = view.at(i);
    if (b) backups.push(renderHuaweiBackup(inst.seed, b));
  }
  return { served: inst, body: { backups, total_count: view.total } };
}

function listInstances(p: Params, env: Env) {
  const ol = offsetLimit(p);
  if ('code' in ol) return ol;
  const id = p['id'];
  const name = p['name'];
  const type = p['type'];
  const engine = p['datastore_type'];
  const matching = env.dataset['huawei-rds'].instances.filter((i) =>
    (!id || i.seed.id === id) && (!name || i.seed.name === name)
    && (!type || i.seed.extra['type'] === type) && (!engine || i.seed.engine === engine));
  return {
    instances: matching.slice(ol.offset, ol.offset + ol.limit).map((i) => renderHuaweiInstance(i.seed)),
    total_count: matching.length,
  };
}

function listProjects(p: Params, env: Env, account: HuaweiAccount): Record<string, unknown> {
  const self = `${env.baseUrl}/v3/projects`;
  const all = [
    {
      domain_id: account.domainId,
      is_domain: false,
      parent_id: account.domainId,
      name: account.region,
      description: '',
      links: { next: null, previous: null, self: `${self}/${account.projectId}` },
      id: account.projectId,
      enabled: true,
    },
  ];
  const name = p['name'];
  return {
    projects: name === undefined ? all : all.filter((x) => x.name === name),
    links: { next: null, previous: null, self: name === undefined ? self : `${self}?name=${encodeURIComponent(name)}` },
  };
}
