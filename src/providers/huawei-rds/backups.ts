import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paginate.js';
import type { FetchBackupsPageArgs, ProviderContext } from '../../source.js';
import { parseEnvelope } from '../shared.js';
import { backupTypePushdown, timeWindowParams } from './list-params.js';
import { mapBackupsPage } from './map.js';
import type { ProjectIdResolver } from './project.js';
import { huaweiGet } from './request.js';
import { listBackupsEnvelopeSchema } from './schema.js';

/** `limit` is 1..100; the largest page means the fewest round trips. */
export const LIST_BACKUPS_PAGE_SIZE = 100;

/**
 * The "now" an open-ended window is computed from, once per walk: every page of one walk must ask for the same
 * window, or offsets could shift between pages. The paginator gives all pages of one walk the same signal,
 * and each walk (each iteration of a listing) its own, so the signal identifies the walk.
 */
const walkClock = new WeakMap<AbortSignal, Date>();

function walkNow(ctx: ProviderContext<'huawei-rds'>, walk: AbortSignal): Date {
  let now = walkClock.get(walk);
  if (!now) {
    now = ctx.now();
    walkClock.set(walk, now);
  }
  return now;
}

/** One page of `GET /v3/{project_id}/backups` for one instance, mapped. */
export async function fetchBackupsPage(
  ctx: ProviderContext<'huawei-rds'>,
  projectIds: ProjectIdResolver,
  args: FetchBackupsPageArgs,
): Promise<FetchedPage<Backup<'huawei-rds'>>> {
  const projectId = await projectIds(ctx, args.page.signal);
  const operation = 'ListBackups';
  const response = await huaweiGet(ctx, {
    operation,
    baseUrl: ctx.baseUrl,
    pathTemplate: '/v3/{project_id}/backups',
    projectId,
    instanceId: args.instanceId,
    query: {
      instance_id: args.instanceId,
      backup_type: backupTypePushdown(args.query),
      offset: args.page.offset,
      limit: args.page.pageSize,
      ...timeWindowParams(args.query, walkNow(ctx, args.page.signal)),
    },
    signal: args.page.signal,
    ...(args.onRetry ? { onRetry: args.onRetry } : {}),
  });
  const envelope = parseEnvelope('huawei-rds', operation, listBackupsEnvelopeSchema, response);
  return mapBackupsPage(envelope, {
    instanceId: args.instanceId,
    ...(ctx.region !== undefined ? { region: ctx.region } : {}),
    url: response.url,
  });
}
