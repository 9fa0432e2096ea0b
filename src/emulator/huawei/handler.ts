/**
 * Huawei RDS v3 (`/v3/{project_id}/backups`, `/v3/{project_id}/instances`,
 * `/v3/{project_id}/instances/{instance_id}/backups/policy`) and IAM
 * (`/v3/projects`, `/v3/auth/projects`). Every call is AK/SK-signed; RDS calls name a project,
 * which must belong to the caller's account and decides the region.
 */
import type { ApiRequest, Env, FaultBodies, Outcome } from '../api.js';
import { header, loggable } from '../api.js';
import { pairsToRecord, parsePairs } from '../encoding.js';
import type { HuaweiError } from './errors.js';
import { SERVER_ERROR, THROTTLED, echoedAuthFailure, gatewayErr, huaweiErrorResponse, huaweiJson, rdsErr, regionForbidden } from './errors.js';
import { listAuthProjects, listProjects } from './iam.js';
import { backupPolicyBody } from './policy.js';
import type { HuaweiDirectory } from './projects.js';
import type { RdsScope } from './rds.js';
import { listBackups, listInstances } from './rds.js';
import { huaweiSecrets, verifyHuawei } from './verify.js';

interface Route {
  action: string;
  iam: boolean;
  /** RDS: the project id in the path. */
  projectId?: string;
  /** ShowBackupPolicy: the instance id in the path. */
  instanceId?: string;
}

function route(path: string): Route | undefined {
  if (/^\/v3\/projects\/?$/.test(path)) return { action: 'KeystoneListProjects', iam: true };
  if (/^\/v3\/auth\/projects\/?$/.test(path)) return { action: 'KeystoneListAuthProjects', iam: true };
  const policy = /^\/v3\/([^/]+)\/instances\/([^/]+)\/backups\/policy\/?$/.exec(path);
  if (policy) return { action: 'ShowBackupPolicy', iam: false, projectId: policy[1] ?? '', instanceId: policy[2] ?? '' };
  const m = /^\/v3\/([^/]+)\/(backups|instances)\/?$/.exec(path);
  if (!m) return undefined;
  return { action: m[2] === 'backups' ? 'ListBackups' : 'ListInstances', iam: false, projectId: m[1] ?? '' };
}

const NO_SUCH_API = () => gatewayErr(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');

export function handleHuawei(req: ApiRequest, env: Env, directory: HuaweiDirectory): Outcome {
  const params = pairsToRecord(parsePairs(req.rawQuery));
  const r = route(req.path);
  const base: Pick<Outcome, 'provider' | 'action' | 'params' | 'account' | 'region'> = {
    provider: r?.iam ? 'huawei-iam' : 'huawei-rds', action: r?.action ?? 'Unknown', params: loggable(params),
  };
  const fail = (err: HuaweiError, instanceId?: string): Outcome => ({
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: huaweiErrorResponse(err, env.requestId),
  });

  if (!r || req.method !== 'GET') return fail(NO_SUCH_API());
  const auth = verifyHuawei(req, env.now(), env.keys);
  if ('code' in auth) return fail(auth);
  base.account = auth.account;

  const faults: FaultBodies = {
    throttle: () => huaweiErrorResponse(THROTTLED, env.requestId),
    serverError: () => huaweiErrorResponse(SERVER_ERROR, env.requestId),
    malformed: () => `{"${r.iam ? 'projects' : r.action === 'ListBackups' ? 'backups' : 'instances'}":[{"id":"${env.requestId}",,]`,
    emptyEnvelope: () => huaweiJson({}, env.requestId),
    echoSecrets: () => huaweiErrorResponse(echoedAuthFailure(huaweiSecrets(req)), env.requestId),
  };
  const projects = directory.projectsOf(auth.account);
  if (r.action === 'KeystoneListProjects') return { ...base, response: huaweiJson(listProjects(params, projects, env.baseUrl), env.requestId), faults };
  if (r.action === 'KeystoneListAuthProjects') return { ...base, response: huaweiJson(listAuthProjects(projects, env.baseUrl), env.requestId), faults };

  const project = directory.project(r.projectId ?? '');
  const headerProject = header(req, 'x-project-id');
  if (!project || project.account !== auth.account || (headerProject !== undefined && headerProject !== project.id)) {
    return fail(gatewayErr(403, 'APIGW.0302', 'The IAM user is not authorized to access the API: the project does not belong to the credential.'));
  }
  base.region = project.region;
  if (env.denials.denied('huawei-rds', auth.account, project.region)) return fail(regionForbidden(), params['instance_id'] ?? r.instanceId);

  // A sub-project holds nothing: the region's instances live in its built-in project.
  const data = env.dataset['huawei-rds'];
  const scope: RdsScope = project.sub
    ? { list: () => [], find: () => undefined }
    : {
        list: () => data.list(auth.account, project.region),
        find: (id) => {
          const inst = data.find(auth.account, id);
          return inst?.seed.region === project.region ? inst : undefined;
        },
      };

  if (r.action === 'ShowBackupPolicy') {
    const inst = scope.find(r.instanceId ?? '');
    if (!inst) return fail(rdsErr(404, 'DBS.200002', 'The DB instance does not exist.'), r.instanceId);
    return { ...base, instanceId: inst.seed.id, response: huaweiJson(backupPolicyBody(inst), env.requestId), faults };
  }
  if (r.action === 'ListInstances') {
    const result = listInstances(params, scope);
    return 'code' in result ? fail(result) : { ...base, response: huaweiJson(result, env.requestId), faults };
  }
  const instanceId = params['instance_id'];
  const result = listBackups(params, scope);
  if ('code' in result) return fail(result, instanceId);
  const served = result.served;
  const body = result.body;
  return {
    ...base,
    ...(instanceId ? { instanceId } : {}),
    response: huaweiJson(body, env.requestId),
    faults: {
      ...faults,
      badTotal: (v) => huaweiJson(v >= 2 / 3 ? { ...body, backups: [] } : { ...body, total_count: v < 1 / 3 ? -1 : 0 }, env.requestId),
    },
    ...(env.driftPerPage > 0 ? { afterServe: () => void served.drift(env.driftPerPage) } : {}),
  };
}
