import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { defineProvider, type BackupsPageArgs, type CallContext, type ProviderDefinition } from '../../listing/provider.js';
import type { ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { listRdsInstances } from './instances.js';
import { listRdsRegions } from './regions.js';
import { mapBackupsPage } from './map.js';
import { fetchRdsBackupPolicy } from './policy.js';
import { DESCRIBE_BACKUPS_PAGE_SIZES, RDS_API_VERSION, describeBackupsParams } from './request.js';

const OPERATION = 'DescribeBackups';

/** The RDS provider definition for resolved options. */
export function aliyunRdsProvider(aliyun: ResolvedAliyunOptions): ProviderDefinition<'aliyun-rds'> {
  return defineProvider({
    provider: 'aliyun-rds',
    paging: { kind: 'page-number', pageSizes: DESCRIBE_BACKUPS_PAGE_SIZES },
    // StartTime/EndTime are optional; Aliyun warns that long ranges time out, so a window can be split.
    timeWindow: 'optional',
    fetchBackupsPage: (call, args) => fetchRdsBackupsPage(call, aliyun, args),
    listInstances: (call) => listRdsInstances(call, aliyun),
    listRegions: (call) => listRdsRegions(call, aliyun),
    fetchBackupPolicy: (call, instance) => fetchRdsBackupPolicy(call, aliyun, instance),
  });
}

async function fetchRdsBackupsPage(call: CallContext<'aliyun-rds'>, aliyun: ResolvedAliyunOptions, args: BackupsPageArgs): Promise<FetchedPage<Backup<'aliyun-rds'>>> {
  const { instance } = args;
  const response = await callAliyunRpc(call, {
    action: OPERATION,
    version: RDS_API_VERSION,
    params: describeBackupsParams({ instanceId: instance.instanceId, query: args.query, page: args.page, window: args.window, now: call.walkNow }),
    signatureVersion: aliyun.signatureVersion,
    format: aliyun.format,
    instanceId: instance.instanceId,
    signal: args.page.signal,
  });
  return mapBackupsPage(response, { account: instance.account, region: instance.region, instanceId: instance.instanceId, now: call.walkNow });
}
