import { aliyunCredentialsChain } from '../../credentials/aliyun.js';
import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paginate.js';
import {
  DEFAULT_WINDOW_START,
  createSource,
  defineProvider,
  type BackupSource,
  type FetchBackupsPageArgs,
  type ProviderContext,
  type ProviderDefinition,
} from '../../source.js';
import { resolveAliyunOptions, type AliyunSourceOptions, type ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { parseEnvelope } from '../shared.js';
import { listKvstoreInstances } from './instances.js';
import { mapBackupsPage } from './map.js';
import { DESCRIBE_BACKUPS_PAGE_SIZE, KVSTORE_API_VERSION, describeBackupsParams } from './request.js';
import { describeBackupsEnvelopeSchema } from './schema.js';

/**
 * Options of `aliyunKvstore`: the common source options plus `region` (required), `signatureVersion`
 * (`'v3'` default, or `'v1'`) and `format` (`'json'` default, or `'xml'`).
 */
export type AliyunKvstoreOptions = AliyunSourceOptions;

/**
 * A source listing Aliyun KVStore (Redis / Tair) backups through `DescribeBackups` (R-kvstore 2015-01-01).
 *
 * The API requires a time window: by default all time, from the instance's creation time when discovery
 * knows it (else 2010-01-01) to now, split in halves when a long window times out. It has no server-side
 * status, mode or type filter: those are applied on the client.
 */
export function aliyunKvstore(options: AliyunKvstoreOptions): BackupSource<'aliyun-kvstore'> {
  const aliyun = resolveAliyunOptions('aliyun-kvstore', options);
  return createSource({
    definition: kvstoreDefinition(aliyun),
    options,
    region: aliyun.region,
    baseUrl: aliyun.baseUrl,
    credentialsChain: aliyunCredentialsChain('aliyun-kvstore'),
  });
}

function kvstoreDefinition(aliyun: ResolvedAliyunOptions): ProviderDefinition<'aliyun-kvstore'> {
  return defineProvider({
    provider: 'aliyun-kvstore',
    paging: { kind: 'page-number', pageSize: DESCRIBE_BACKUPS_PAGE_SIZE },
    capabilities: { pushdown: ['time'], timeWindow: 'required' },
    fetchBackupsPage: (ctx, args) => fetchBackupsPage(ctx, aliyun, args),
    listInstances: (ctx, listOptions) => listKvstoreInstances(ctx, aliyun, listOptions),
  });
}

async function fetchBackupsPage(
  ctx: ProviderContext<'aliyun-kvstore'>,
  aliyun: ResolvedAliyunOptions,
  args: FetchBackupsPageArgs,
): Promise<FetchedPage<Backup<'aliyun-kvstore'>>> {
  // createSource always passes the window for 'required' providers; this only guards a direct call.
  const window = args.window ?? { since: args.instance?.createdAt ?? DEFAULT_WINDOW_START, until: ctx.now() };
  const response = await callAliyunRpc(ctx, {
    action: 'DescribeBackups',
    version: KVSTORE_API_VERSION,
    params: describeBackupsParams({ instanceId: args.instanceId, window, pageNumber: args.page.pageNumber, pageSize: args.page.pageSize }),
    signatureVersion: aliyun.signatureVersion,
    format: aliyun.format,
    instanceId: args.instanceId,
    signal: args.page.signal,
    ...(args.onRetry ? { onRetry: args.onRetry } : {}),
  });
  const envelope = parseEnvelope('aliyun-kvstore', 'DescribeBackups', describeBackupsEnvelopeSchema, response);
  return mapBackupsPage(envelope, { instanceId: args.instanceId, region: aliyun.region, url: response.url });
}
