import { ResponseValidationError } from '../../errors.js';
import type { InstanceInfo } from '../../model.js';
import { paginate } from '../../paginate.js';
import type { ListInstancesOptions, ProviderContext } from '../../source.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { nonEmpty, parseEnvelope, toIssues, toNumber } from '../shared.js';
import { DESCRIBE_INSTANCES_PAGE_SIZE, KVSTORE_API_VERSION, describeInstancesParams } from './request.js';
import {
  aliyunKvstoreInstanceRecordSchema,
  describeInstancesEnvelopeSchema,
  type AliyunKvstoreInstanceRecord,
} from './schema.js';

/**
 * Every KVStore instance of the source's region, through `DescribeInstances` paged by the shared paginator
 * (50 per page, the API's maximum). Each instance carries its creation time, which bounds its default backup window.
 */
export async function listKvstoreInstances(
  ctx: ProviderContext<'aliyun-kvstore'>,
  aliyun: ResolvedAliyunOptions,
  options: ListInstancesOptions,
): Promise<InstanceInfo[]> {
  const out: InstanceInfo[] = [];
  const pages = paginate<InstanceInfo>({
    strategy: { kind: 'page-number', pageSize: DESCRIBE_INSTANCES_PAGE_SIZE },
    idOf: (instance) => instance.instanceId,
    ...(options.signal ? { signal: options.signal } : {}),
    label: `aliyun-kvstore DescribeInstances in ${aliyun.region}`,
    fetchPage: async (page) => {
      const response = await callAliyunRpc(ctx, {
        action: 'DescribeInstances',
        version: KVSTORE_API_VERSION,
        params: describeInstancesParams({ region: aliyun.region, pageNumber: page.pageNumber, pageSize: page.pageSize }),
        signatureVersion: aliyun.signatureVersion,
        format: aliyun.format,
        signal: page.signal,
      });
      const envelope = parseEnvelope('aliyun-kvstore', 'DescribeInstances', describeInstancesEnvelopeSchema, response);
      const items = envelope.Instances.map((record) => toInstanceInfo(record, aliyun.region, response.url, response.text));
      const total = toNumber(envelope.TotalCount);
      return { items, received: items.length, ...(total !== undefined ? { total } : {}) };
    },
  });
  for await (const page of pages) out.push(...page.items);
  return out;
}

/**
 * An instance record without a usable id cannot be listed, and dropping it would hide an instance:
 * the discovery fails with the record's validation issues instead.
 */
function toInstanceInfo(record: unknown, region: string, url: string, body: string): InstanceInfo {
  const parsed = aliyunKvstoreInstanceRecordSchema.safeParse(record);
  if (!parsed.success) {
    throw new ResponseValidationError('aliyun-kvstore: DescribeInstances returned an instance record we cannot read; report it with the excerpt below.', {
      provider: 'aliyun-kvstore',
      issues: toIssues(parsed.error),
      body,
      url,
    });
  }
  return mapInstance(parsed.data, region);
}

/** Maps one `Instances.KVStoreInstance` record. Pure. */
export function mapInstance(record: AliyunKvstoreInstanceRecord, region: string): InstanceInfo {
  const name = nonEmpty(record.InstanceName);
  const engineVersion = nonEmpty(record.EngineVersion);
  const status = nonEmpty(record.InstanceStatus);
  const createdAt = parseAliyunTime(record.CreateTime);
  return {
    provider: 'aliyun-kvstore',
    instanceId: String(record.InstanceId).trim(),
    region: nonEmpty(record.RegionId) ?? region,
    ...(name !== undefined ? { name } : {}),
    // Redis, Tair or Memcache, as the API names the instance's product.
    engine: nonEmpty(record.InstanceType)?.toLowerCase() ?? 'redis',
    ...(engineVersion !== undefined ? { engineVersion } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}
