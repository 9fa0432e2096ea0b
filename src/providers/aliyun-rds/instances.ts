import type { InstanceInfo } from '../../model.js';
import type { CallContext } from '../../listing/provider.js';
import { paginate } from '../../paging/paginate.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { normalizeEngine } from '../shared/engine.js';
import { parseEnvelope } from '../shared/records.js';
import { nonEmpty, toNumber } from '../shared/values.js';
import { DESCRIBE_DB_INSTANCES_PAGE_SIZE, RDS_API_VERSION, describeDBInstancesParams } from './request.js';
import { describeDBInstancesResponseSchema, type AliyunRdsInstanceRecord } from './schema.js';

const OPERATION = 'DescribeDBInstances';

/** Every RDS instance of the call's region, through the shared paginator (page 1, then the rest concurrently). */
export async function listRdsInstances(call: CallContext<'aliyun-rds'>, aliyun: ResolvedAliyunOptions): Promise<InstanceInfo[]> {
  const instances: InstanceInfo[] = [];
  const pages = paginate<InstanceInfo>({
    strategy: { kind: 'page-number', pageSizes: { min: 1, max: DESCRIBE_DB_INSTANCES_PAGE_SIZE } },
    idOf: (instance) => instance.instanceId,
    signal: call.signal,
    label: `aliyun-rds ${OPERATION} in ${call.region}`,
    fetchPage: async (page) => {
      const response = await callAliyunRpc(call, {
        action: OPERATION,
        version: RDS_API_VERSION,
        params: describeDBInstancesParams(call.region, page),
        signatureVersion: aliyun.signatureVersion,
        format: aliyun.format,
        signal: page.signal,
      });
      const envelope = parseEnvelope('aliyun-rds', OPERATION, describeDBInstancesResponseSchema, response);
      return {
        items: envelope.Items.map((record) => toInstanceInfo(record, call)),
        total: toNumber(envelope.TotalRecordCount),
      };
    },
  });
  for await (const page of pages) instances.push(...page.items);
  return instances;
}

export function toInstanceInfo(record: AliyunRdsInstanceRecord, call: Pick<CallContext, 'account' | 'region'>): InstanceInfo {
  const info: InstanceInfo = {
    provider: 'aliyun-rds',
    account: call.account,
    region: nonEmpty(record.RegionId) ?? call.region,
    instanceId: String(record.DBInstanceId).trim(),
  };
  const name = nonEmpty(record.DBInstanceDescription);
  if (name) info.name = name;
  const engine = normalizeEngine(record.Engine);
  if (engine) {
    info.engine = engine;
    info.engineName = String(record.Engine);
  }
  const engineVersion = nonEmpty(record.EngineVersion);
  if (engineVersion) info.engineVersion = engineVersion;
  const status = nonEmpty(record.DBInstanceStatus);
  if (status) info.status = status;
  const createdAt = parseAliyunTime(record.CreateTime);
  if (createdAt) info.createdAt = createdAt;
  return info;
}
