import type { InstanceInfo } from '../../model.js';
import type { ListInstancesOptions, ProviderContext } from '../../source.js';
import { parseEnvelope } from '../shared.js';
import { mapCapitalOnlineInstance } from './map.js';
import { callCapitalOnlineMysql } from './request.js';
import { describeDbInstancesResponseSchema } from './schema.js';

/**
 * Lists the site's MySQL instances with `DescribeDBInstances`, which has no paging: one call returns all.
 * Read-only replicas (`RoGroups`) are not listed: backups belong to the primary instance.
 */
export async function listCapitalOnlineInstances(
  ctx: ProviderContext<'capitalonline-mysql'>,
  options: ListInstancesOptions,
  timeZone: string,
): Promise<InstanceInfo[]> {
  const response = await callCapitalOnlineMysql(ctx, {
    action: 'DescribeDBInstances',
    params: {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const envelope = parseEnvelope(ctx.provider, 'DescribeDBInstances', describeDbInstancesResponseSchema, response);
  const byId = new Map<string, InstanceInfo>();
  for (const record of envelope.Data ?? []) {
    if (!byId.has(record.InstanceUuid)) {
      byId.set(record.InstanceUuid, mapCapitalOnlineInstance(record, { ...(ctx.region !== undefined ? { region: ctx.region } : {}), timeZone }));
    }
  }
  return [...byId.values()];
}
