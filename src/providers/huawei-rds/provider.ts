import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { defineProvider, type BackupsPageArgs, type CallContext, type ProviderDefinition } from '../../listing/provider.js';
import { listHuaweiInstances } from './instances.js';
import { mapBackupsPage } from './map.js';
import { fetchHuaweiBackupPolicy } from './policy.js';
import type { ProjectDirectory, ProjectIdResolver } from './project.js';
import { listHuaweiRegions } from './regions.js';
import { backupTypePushdown, huaweiGet, timeWindowParams } from './request.js';

/** `limit` is 1..100; the largest page means the fewest round trips. */
export const LIST_BACKUPS_PAGE_SIZE = 100;

/** The provider definition, bound to one source's project id resolver. */
export function huaweiRdsProvider(projects: ProjectDirectory, iamGlobalUrl: string): ProviderDefinition<'huawei-rds'> {
  return defineProvider({
    provider: 'huawei-rds',
    paging: { kind: 'offset', pageSize: LIST_BACKUPS_PAGE_SIZE },
    // begin_time/end_time are optional (and must come together); a window that times out is split like Aliyun's.
    timeWindow: 'optional',
    fetchBackupsPage: (call, args) => fetchBackupsPage(call, projects.resolver(call.region), args),
    listInstances: (call) => listHuaweiInstances(call, projects.resolver(call.region)),
    listRegions: (call) => listHuaweiRegions(call, iamGlobalUrl, projects),
    fetchBackupPolicy: (call, instance) => fetchHuaweiBackupPolicy(call, projects.resolver(call.region), instance),
  });
}

/**
 * One page of `GET /v3/{project_id}/backups` for one instance, mapped. The window is the walk's (the query's bounds,
 * or the half a timeout split left), and an open end is computed from the walk's clock: every page of one walk asks
 * for the same window, or offsets could shift between pages.
 */
async function fetchBackupsPage(call: CallContext<'huawei-rds'>, projectIds: ProjectIdResolver, args: BackupsPageArgs): Promise<FetchedPage<Backup<'huawei-rds'>>> {
  const { instance } = args;
  const projectId = await projectIds(call, args.page.signal);
  const operation = 'ListBackups';
  const response = await huaweiGet(call, {
    operation,
    baseUrl: call.baseUrl,
    pathTemplate: '/v3/{project_id}/backups',
    projectId,
    instanceId: instance.instanceId,
    query: {
      instance_id: instance.instanceId,
      backup_type: backupTypePushdown(args.query),
      offset: args.page.offset,
      limit: args.page.pageSize,
      ...(args.window ? timeWindowParams(args.window, call.walkNow) : {}),
    },
    signal: args.page.signal,
  });
  return mapBackupsPage(response, { account: instance.account, region: instance.region, instanceId: instance.instanceId });
}
