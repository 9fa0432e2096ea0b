import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { defineProvider, type BackupsPageArgs, type CallContext, type ProviderDefinition } from '../../listing/provider.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { CLOUD_NATIVE_CLUSTER, listKvstoreInstances } from './instances.js';
import { listKvstoreRegions } from './regions.js';
import { mapBackupsPage, mapClusterBackupsPage, type KvstoreMapContext } from './map.js';
import { fetchKvstoreBackupPolicy } from './policy.js';
import { BACKUPS_PAGE_SIZES, KVSTORE_API_VERSION, describeBackupsParams, describeClusterBackupListParams } from './request.js';

/**
 * KVStore (Redis, Tair, Memcache). `DescribeBackups` requires a time window (all time by default, from the instance's
 * creation when known) and has no server-side status, mode or type filter. A cluster reports one row per shard of a
 * backup job: rows are deduplicated by their own id and merged into one backup per job. Cloud-native clusters are not
 * served by `DescribeBackups` at all: their backups come from `DescribeClusterBackupList`.
 */
export function kvstoreProvider(aliyun: ResolvedAliyunOptions): ProviderDefinition<'aliyun-kvstore'> {
  return defineProvider({
    provider: 'aliyun-kvstore',
    paging: { kind: 'page-number', pageSizes: BACKUPS_PAGE_SIZES },
    timeWindow: 'required',
    rowIdOf: (b) => ('BackupId' in b.raw ? String(b.raw.BackupId).trim() : b.id),
    fetchBackupsPage: (call, args) =>
      args.instance.kind === CLOUD_NATIVE_CLUSTER ? fetchClusterBackupsPage(call, aliyun, args) : fetchBackupsPage(call, aliyun, args),
    listInstances: (call) => listKvstoreInstances(call, aliyun),
    listRegions: (call) => listKvstoreRegions(call, aliyun),
    fetchBackupPolicy: (call, instance) => fetchKvstoreBackupPolicy(call, aliyun, instance),
  });
}

function mapContext(call: CallContext<'aliyun-kvstore'>, args: BackupsPageArgs): KvstoreMapContext {
  const { instance } = args;
  return { account: instance.account, region: instance.region, instanceId: instance.instanceId, engine: instance.engine, now: call.walkNow };
}

async function fetchBackupsPage(call: CallContext<'aliyun-kvstore'>, aliyun: ResolvedAliyunOptions, args: BackupsPageArgs): Promise<FetchedPage<Backup<'aliyun-kvstore'>>> {
  const instanceId = args.instance.instanceId;
  const response = await callAliyunRpc(call, {
    action: 'DescribeBackups',
    version: KVSTORE_API_VERSION,
    params: describeBackupsParams({ instanceId, window: args.window ?? {}, now: call.walkNow, page: args.page }),
    signatureVersion: aliyun.signatureVersion,
    format: aliyun.format,
    instanceId,
    signal: args.page.signal,
  });
  return mapBackupsPage(response, mapContext(call, args));
}

/** One page of a cloud-native cluster's backups. The API is GET-only and reports no total. */
async function fetchClusterBackupsPage(call: CallContext<'aliyun-kvstore'>, aliyun: ResolvedAliyunOptions, args: BackupsPageArgs): Promise<FetchedPage<Backup<'aliyun-kvstore'>>> {
  const { instance } = args;
  const response = await callAliyunRpc(call, {
    action: 'DescribeClusterBackupList',
    version: KVSTORE_API_VERSION,
    method: 'GET',
    params: describeClusterBackupListParams({ region: instance.region, instanceId: instance.instanceId, window: args.window ?? {}, now: call.walkNow, page: args.page }),
    signatureVersion: aliyun.signatureVersion,
    format: aliyun.format,
    instanceId: instance.instanceId,
    signal: args.page.signal,
  });
  return mapClusterBackupsPage(response, mapContext(call, args));
}
