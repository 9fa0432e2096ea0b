import { aliyunCredentialsChain } from '../../credentials/aliyun.js';
import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paginate.js';
import { createSource, defineProvider, type BackupSource, type FetchBackupsPageArgs, type ProviderContext, type ProviderDefinition } from '../../source.js';
import { resolveAliyunOptions, type AliyunSourceOptions, type ResolvedAliyunOptions } from '../aliyun-common/options.js';
import { callAliyunRpc } from '../aliyun-common/rpc-call.js';
import { mapRecords, parseEnvelope, toNumber } from '../shared.js';
import { listRdsInstances } from './instances.js';
import { mapRdsBackup } from './map.js';
import { DESCRIBE_BACKUPS_PAGE_SIZE, RDS_API_VERSION, describeBackupsParams } from './request.js';
import { aliyunRdsBackupRecordSchema, describeBackupsResponseSchema } from './schema.js';

/** Options of `aliyunRds`: the common source options plus `region`, `signatureVersion` and `format`. */
export type AliyunRdsOptions = AliyunSourceOptions;

const OPERATION = 'DescribeBackups';

/**
 * Aliyun ApsaraDB RDS (MySQL, PostgreSQL, SQL Server, MariaDB) backups of one region.
 *
 * ```ts
 * aliyunRds({ region: 'cn-hangzhou' })   // credentials from the Aliyun env/file chain; instances discovered
 * ```
 */
export function aliyunRds(options: AliyunRdsOptions): BackupSource<'aliyun-rds'> {
  const resolved = resolveAliyunOptions('aliyun-rds', options);
  return createSource({
    definition: aliyunRdsProvider(resolved),
    options,
    region: resolved.region,
    baseUrl: resolved.baseUrl,
    credentialsChain: aliyunCredentialsChain('aliyun-rds'),
  });
}

/** The RDS provider definition for resolved options (exported for the contract suite and the emulator's tests). */
export function aliyunRdsProvider(resolved: ResolvedAliyunOptions): ProviderDefinition<'aliyun-rds'> {
  return defineProvider({
    provider: 'aliyun-rds',
    paging: { kind: 'page-number', pageSize: DESCRIBE_BACKUPS_PAGE_SIZE },
    capabilities: { pushdown: ['status', 'mode', 'type', 'time'], timeWindow: 'optional' },
    fetchBackupsPage: (ctx, args) => fetchRdsBackupsPage(ctx, resolved, args),
    listInstances: (ctx, listOptions) => listRdsInstances(ctx, resolved, listOptions),
  });
}

async function fetchRdsBackupsPage(
  ctx: ProviderContext<'aliyun-rds'>,
  resolved: ResolvedAliyunOptions,
  args: FetchBackupsPageArgs,
): Promise<FetchedPage<Backup<'aliyun-rds'>>> {
  const { instanceId } = args;
  const response = await callAliyunRpc(ctx, {
    action: OPERATION,
    version: RDS_API_VERSION,
    params: describeBackupsParams({ instanceId, query: args.query, page: args.page, now: ctx.now(), ...(args.window ? { window: args.window } : {}) }),
    signatureVersion: resolved.signatureVersion,
    format: resolved.format,
    instanceId,
    signal: args.page.signal,
    ...(args.onRetry ? { onRetry: args.onRetry } : {}),
  });
  const envelope = parseEnvelope('aliyun-rds', OPERATION, describeBackupsResponseSchema, response);
  const context = { instanceId, region: resolved.region };
  const { items, failures } = mapRecords({
    provider: 'aliyun-rds',
    instanceId,
    region: resolved.region,
    records: envelope.Items,
    schema: aliyunRdsBackupRecordSchema,
    map: (record) => mapRdsBackup(record, context),
    rawId: (record) => rawBackupId(record),
    url: response.url,
  });
  const total = toNumber(envelope.TotalRecordCount);
  return { items, failures, received: envelope.Items.length, ...(total !== undefined ? { total } : {}) };
}

function rawBackupId(record: unknown): string | undefined {
  const id = typeof record === 'object' && record !== null ? (record as { BackupId?: unknown }).BackupId : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
