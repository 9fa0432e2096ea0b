import type { InstanceInfo } from '../../model.js';
import { paginate, type FetchedPage, type PageRequest } from '../../paginate.js';
import type { ListInstancesOptions, ProviderContext } from '../../source.js';
import { nonEmpty, parseEnvelope, toNumber } from '../shared.js';
import { normalizeEngine } from './map.js';
import type { ProjectIdResolver } from './project.js';
import { huaweiGet } from './request.js';
import { listInstancesEnvelopeSchema, type HuaweiRdsInstanceRecord } from './schema.js';
import { parseHuaweiTime } from './time.js';

/** `limit` is 1..100 for `ListInstances` too. */
export const LIST_INSTANCES_PAGE_SIZE = 100;

/**
 * Every instance of the project, through `GET /v3/{project_id}/instances` with offset/limit paging (the shared
 * paginator: total from `total_count`, dedupe, short-page stop, page cap). Read replicas are included: the API
 * lists them and nothing here decides on the caller's behalf which instances matter.
 */
export async function listHuaweiInstances(
  ctx: ProviderContext<'huawei-rds'>,
  projectIds: ProjectIdResolver,
  options: ListInstancesOptions,
): Promise<InstanceInfo[]> {
  const projectId = await projectIds(ctx, options.signal);
  const out: InstanceInfo[] = [];
  for await (const page of paginate<InstanceInfo>({
    strategy: { kind: 'offset', pageSize: LIST_INSTANCES_PAGE_SIZE },
    idOf: (i) => i.instanceId,
    label: `huawei-rds instance discovery in ${ctx.region ?? 'the region'}`,
    ...(options.signal ? { signal: options.signal } : {}),
    fetchPage: (page) => fetchInstancesPage(ctx, projectId, page),
  })) {
    out.push(...page.items);
  }
  return out;
}

async function fetchInstancesPage(ctx: ProviderContext<'huawei-rds'>, projectId: string, page: PageRequest): Promise<FetchedPage<InstanceInfo>> {
  const operation = 'ListInstances';
  const response = await huaweiGet(ctx, {
    operation,
    baseUrl: ctx.baseUrl,
    pathTemplate: '/v3/{project_id}/instances',
    projectId,
    query: { offset: page.offset, limit: page.pageSize },
    signal: page.signal,
  });
  const envelope = parseEnvelope('huawei-rds', operation, listInstancesEnvelopeSchema, response);
  const total = toNumber(envelope.total_count);
  return {
    items: envelope.instances.map((record) => toInstanceInfo(record, ctx.region)),
    received: envelope.instances.length,
    ...(total !== undefined ? { total } : {}),
  };
}

export function toInstanceInfo(record: HuaweiRdsInstanceRecord, region: string | undefined): InstanceInfo {
  const name = nonEmpty(record.name);
  const engine = normalizeEngine(record.datastore?.type);
  const engineVersion = nonEmpty(record.datastore?.version)?.trim();
  const status = nonEmpty(record.status);
  const createdAt = parseHuaweiTime(record.created);
  const instanceRegion = nonEmpty(record.region) ?? region;
  return {
    provider: 'huawei-rds',
    instanceId: String(record.id).trim(),
    ...(instanceRegion !== undefined ? { region: instanceRegion } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(engine !== undefined ? { engine } : {}),
    ...(engineVersion ? { engineVersion } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}
