import { ResponseValidationError } from '../../errors.js';
import type { CallContext } from '../../listing/provider.js';
import type { Engine, InstanceInfo } from '../../model.js';
import { paginate } from '../../paging/paginate.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { parseAliyunTime } from '../aliyun-common/time.js';
import { normalizeEngine } from '../shared/engine.js';
import { parseEnvelope, toIssues } from '../shared/records.js';
import { nonEmpty, toNumber } from '../shared/values.js';
import { DESCRIBE_INSTANCES_PAGE_SIZE, KVSTORE_API_VERSION, describeInstancesParams } from './request.js';
import { aliyunKvstoreInstanceRecordSchema, describeInstancesEnvelopeSchema, type AliyunKvstoreInstanceRecord } from './schema.js';

/** `InstanceInfo.kind` of an instance whose backups only `DescribeClusterBackupList` lists. */
export const CLOUD_NATIVE_CLUSTER = 'cloud-native-cluster';

/**
 * Every KVStore instance of the call's region, through `DescribeInstances` paged by the shared paginator
 * (50 per page, the API's maximum). Each instance carries its creation time, which bounds its default backup window.
 */
export async function listKvstoreInstances(call: CallContext<'aliyun-kvstore'>, aliyun: ResolvedAliyunOptions): Promise<InstanceInfo[]> {
  const out: InstanceInfo[] = [];
  const pages = paginate<InstanceInfo>({
    strategy: { kind: 'page-number', pageSizes: { min: 1, max: DESCRIBE_INSTANCES_PAGE_SIZE } },
    idOf: (instance) => instance.instanceId,
    signal: call.signal,
    label: `aliyun-kvstore DescribeInstances in ${call.region}`,
    fetchPage: async (page) => {
      const response = await callAliyunRpc(call, {
        action: 'DescribeInstances',
        version: KVSTORE_API_VERSION,
        params: describeInstancesParams(call.region, page),
        signatureVersion: aliyun.signatureVersion,
        format: aliyun.format,
        signal: page.signal,
      });
      const envelope = parseEnvelope('aliyun-kvstore', 'DescribeInstances', describeInstancesEnvelopeSchema, response);
      const items = envelope.Instances.map((record) => toInstanceInfo(record, call, response.url, response.text));
      return { items, total: toNumber(envelope.TotalCount) };
    },
  });
  for await (const page of pages) out.push(...page.items);
  return out;
}

/**
 * An instance record without a usable id cannot be listed, and dropping it would hide an instance:
 * the discovery fails with the record's validation issues instead.
 */
function toInstanceInfo(record: unknown, call: Pick<CallContext, 'account' | 'region'>, url: string, body: string): InstanceInfo {
  const parsed = aliyunKvstoreInstanceRecordSchema.safeParse(record);
  if (!parsed.success) {
    throw new ResponseValidationError('aliyun-kvstore: DescribeInstances returned an instance record we cannot read; report it with the excerpt below.', {
      provider: 'aliyun-kvstore',
      issues: toIssues(parsed.error),
      body,
      url,
    });
  }
  return mapInstance(parsed.data, call);
}

/**
 * Maps one `Instances.KVStoreInstance` record. Pure. A cluster whose nodes are `MASTER_SLAVE` or `STAND_ALONE` is a
 * cloud-native one (classic nodes are `double`/`single`): `DescribeBackups` does not apply to it.
 */
export function mapInstance(record: AliyunKvstoreInstanceRecord, call: Pick<CallContext, 'account' | 'region'>): InstanceInfo {
  const info: InstanceInfo = {
    provider: 'aliyun-kvstore',
    account: call.account,
    region: nonEmpty(record.RegionId) ?? call.region,
    instanceId: String(record.InstanceId).trim(),
  };
  const name = nonEmpty(record.InstanceName);
  if (name) info.name = name;
  // Redis, Tair or Memcache, as the API names the instance's product; an instance that says nothing is Redis.
  const engine: Engine = normalizeEngine(record.InstanceType) ?? 'redis';
  info.engine = engine;
  if (record.InstanceType) info.engineName = record.InstanceType;
  const engineVersion = nonEmpty(record.EngineVersion);
  if (engineVersion) info.engineVersion = engineVersion;
  const status = nonEmpty(record.InstanceStatus);
  if (status) info.status = status;
  const createdAt = parseAliyunTime(record.CreateTime);
  if (createdAt) info.createdAt = createdAt;
  const node = record.NodeType?.trim().toUpperCase();
  if (record.ArchitectureType?.trim().toLowerCase() === 'cluster' && (node === 'MASTER_SLAVE' || node === 'STAND_ALONE')) info.kind = CLOUD_NATIVE_CLUSTER;
  return info;
}
