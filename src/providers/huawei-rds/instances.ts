import type { InstanceInfo } from '../../model.js';
import type { CallContext } from '../../listing/provider.js';
import { paginate, type FetchedPage } from '../../paging/paginate.js';
import type { PageCall } from '../../paging/strategy.js';
import { normalizeEngine } from '../shared/engine.js';
import { parseEnvelope } from '../shared/records.js';
import { nonEmpty, toNumber } from '../shared/values.js';
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
export async function listHuaweiInstances(ctx: CallContext<'huawei-rds'>, projectIds: ProjectIdResolver): Promise<InstanceInfo[]> {
  const projectId = await projectIds(ctx, ctx.signal);
  const out: InstanceInfo[] = [];
  for await (const page of paginate<InstanceInfo>({
    strategy: { kind: 'offset', pageSize: LIST_INSTANCES_PAGE_SIZE },
    idOf: (i) => i.instanceId,
    label: `huawei-rds instance discovery in ${ctx.region}`,
    signal: ctx.signal,
    fetchPage: (page) => fetchInstancesPage(ctx, projectId, page),
  })) {
    out.push(...page.items);
  }
  return out;
}

async function fetchInstancesPage(ctx: CallContext<'huawei-rds'>, projectId: string, page: PageCall): Promise<FetchedPage<InstanceInfo>> {
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
    items: envelope.instances.map((record) => toInstanceInfo(record, ctx)),
    received: envelope.instances.length,
    total,
  };
}

export function toInstanceInfo(record: HuaweiRdsInstanceRecord, call: Pick<CallContext, 'account' | 'region'>): InstanceInfo {
  const info: InstanceInfo = {
    provider: 'huawei-rds',
    account: call.account,
    region: nonEmpty(record.region)?.trim() ?? call.region,
    instanceId: String(record.id).trim(),
  };
  const name = nonEmpty(record.name);
  if (name) info.name = name;
  const engine = normalizeEngine(record.datastore?.type);
  if (engine) {
    info.engine = engine;
    info.engineName = String(record.datastore?.type).trim();
  }
  const engineVersion = nonEmpty(record.datastore?.version)?.trim();
  if (engineVersion) info.engineVersion = engineVersion;
  const status = nonEmpty(record.status);
  if (status) info.status = status;
  const createdAt = parseHuaweiTime(record.created);
  if (createdAt) info.createdAt = createdAt;
  return info;
}
