import type { Backup } from '../../model.js';
import type { FetchedPage } from '../../paging/paginate.js';
import { defineProvider, type BackupsPageArgs, type CallContext, type ProviderDefinition } from '../../listing/provider.js';
import { CAPITALONLINE_MYSQL, CAPITALONLINE_SITES, resolveSite, type CapitalOnlineSite } from './endpoints.js';
import { listCapitalOnlineInstances } from './instances.js';
import { mapBackupsPage } from './map.js';
import { callCapitalOnlineMysql, describeBackupsParams } from './request.js';

/**
 * The CapitalOnline MySQL provider for a site and a time zone. `DescribeBackups` returns every backup of an
 * instance at once and takes no filters, so paging is 'single' and all filtering happens client-side.
 */
export function capitalOnlineMysqlProvider(timeZone: string): ProviderDefinition<'capitalonline-mysql'> {
  return defineProvider({
    provider: CAPITALONLINE_MYSQL,
    paging: { kind: 'single' },
    timeWindow: 'none',
    fetchBackupsPage: (call, args) => fetchBackups(call, resolveSite(call.region), timeZone, args),
    listInstances: (call) => listCapitalOnlineInstances(call, timeZone),
    // The three sites are the whole platform: nothing to ask.
    listRegions: async () => [...CAPITALONLINE_SITES],
  });
}

async function fetchBackups(call: CallContext<'capitalonline-mysql'>, site: CapitalOnlineSite, timeZone: string, args: BackupsPageArgs): Promise<FetchedPage<Backup<'capitalonline-mysql'>>> {
  const { instance } = args;
  const response = await callCapitalOnlineMysql(call, {
    action: 'DescribeBackups',
    params: describeBackupsParams(instance.instanceId),
    instanceId: instance.instanceId,
    signal: args.page.signal,
  });
  return mapBackupsPage(response, { account: instance.account, region: instance.region, site, instanceId: instance.instanceId, timeZone });
}
