import type { CallContext } from '../../listing/provider.js';
import type { InstanceInfo } from '../../model.js';
import { parseEnvelope } from '../shared/records.js';
import { mapCapitalOnlineInstance } from './map.js';
import { callCapitalOnlineMysql } from './request.js';
import { describeDbInstancesResponseSchema } from './schema.js';

/**
 * Lists the site's MySQL instances with `DescribeDBInstances`, which has no paging: one call returns all.
 * Read-only replicas (`RoGroups`) are not listed: backups belong to the primary instance.
 */
export async function listCapitalOnlineInstances(call: CallContext<'capitalonline-mysql'>, timeZone: string): Promise<InstanceInfo[]> {
  const response = await callCapitalOnlineMysql(call, { action: 'DescribeDBInstances', params: {} });
  const envelope = parseEnvelope(call.provider, 'DescribeDBInstances', describeDbInstancesResponseSchema, response);
  const byId = new Map<string, InstanceInfo>();
  for (const record of envelope.Data) {
    if (!byId.has(record.InstanceUuid)) {
      byId.set(record.InstanceUuid, mapCapitalOnlineInstance(record, { account: call.account, site: call.region, timeZone }));
    }
  }
  return [...byId.values()];
}
