import type { InstanceInfo } from '../../model.js';
import { paginate } from '../../paginate.js';
import type { ListInstancesOptions, ProviderContext } from '../../source.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { nonEmpty, parseEnvelope, toNumber } from '../shared.js';
import { DESCRIBE_DB_INSTANCES_PAGE_SIZE, RDS_API_VERSION, describeDBInstancesParams } from './request.js';
import { describeDBInstancesResponseSchema, type AliyunRdsInstanceRecord } from './schema.js';

const OPERATION = 'DescribeDBInstances';

/** Every RDS instance of the source's region, through the shared paginator (page 1, then the rest concurrently). */
export async function listRdsInstances(
  ctx: ProviderContext<'aliyun-rds'>,
  resolved: ResolvedAliyunOptions,
  options: ListInstancesOptions,
): Promise<InstanceInfo[]> {
  const instances: InstanceInfo[] = [];
  const pages = paginate<InstanceInfo>({
    strategy: { kind: 'page-number', pageSize: DESCRIBE_DB_INSTANCES_PAGE_SIZE },
    idOf: (instance) => instance.instanceId,
    ...(options.signal ? { signal: options.signal } : {}),
    label: `aliyun-rds ${OPERATION} in ${resolved.region}`,
    fetchPage: async (page) => {
      const response = await callAliyunRpc(ctx, {
        action: OPERATION,
        version: RDS_API_VERSION,
        params: describeDBInstancesParams(resolved.region, page.pageNumber),
        signatureVersion: resolved.signatureVersion,
        format: resolved.format,
        signal: page.signal,
      });
      const envelope = parseEnvelope('aliyun-rds', OPERATION, describeDBInstancesResponseSchema, response);
      const total = toNumber(envelope.TotalRecordCount);
      return {
        items: envelope.Items.map((record) => toInstanceInfo(record, resolved.region)),
        ...(total !== undefined ? { total } : {}),
      };
    },
  });
  for await (const page of pages) instances.push(...page.items);
  return instances;
}

export function toInstanceInfo(record: AliyunRdsInstanceRecord, region: string): InstanceInfo {
  const name = nonEmpty(record.DBInstanceDescription);
  const engine = nonEmpty(record.Engine);
  const engineVersion = nonEmpty(record.EngineVersion);
  const status = nonEmpty(record.DBInstanceStatus);
  const createdAt = parseAliyunTime(record.CreateTime);
  return {
    provider: 'aliyun-rds',
    instanceId: String(record.DBInstanceId).trim(),
    region: nonEmpty(record.RegionId) ?? region,
    ...(name ? { name } : {}),
    ...(engine ? { engine } : {}),
    ...(engineVersion ? { engineVersion } : {}),
    ...(status ? { status } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}
