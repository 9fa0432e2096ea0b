import { defineProvider, type ProviderDefinition } from '../../source.js';
import { mapRecords, parseEnvelope } from '../shared.js';
import { CAPITALONLINE_MYSQL } from './endpoints.js';
import { listCapitalOnlineInstances } from './instances.js';
import { mapCapitalOnlineBackup } from './map.js';
import { callCapitalOnlineMysql, describeBackupsParams } from './request.js';
import { capitalOnlineBackupRecordSchema, describeBackupsResponseSchema } from './schema.js';

/**
 * The CapitalOnline MySQL provider for a given time zone. `DescribeBackups` returns every backup of an
 * instance at once and takes no filters, so paging is 'single' and all filtering happens client-side.
 */
export function capitalOnlineMysqlProvider(timeZone: string): ProviderDefinition<'capitalonline-mysql'> {
  return defineProvider({
    provider: CAPITALONLINE_MYSQL,
    paging: { kind: 'single' },
    capabilities: { pushdown: [], timeWindow: 'none' },
    fetchBackupsPage: async (ctx, { instanceId, page, onRetry }) => {
      const response = await callCapitalOnlineMysql(ctx, {
        action: 'DescribeBackups',
        params: describeBackupsParams(instanceId),
        instanceId,
        signal: page.signal,
        ...(onRetry ? { onRetry } : {}),
      });
      const envelope = parseEnvelope(ctx.provider, 'DescribeBackups', describeBackupsResponseSchema, response);
      const records = envelope.Data ?? [];
      const region = ctx.region;
      const { items, failures } = mapRecords({
        provider: ctx.provider,
        instanceId,
        ...(region !== undefined ? { region } : {}),
        records,
        schema: capitalOnlineBackupRecordSchema,
        map: (record) => mapCapitalOnlineBackup(record, { instanceId, timeZone, ...(region !== undefined ? { region } : {}) }),
        rawId: backupIdOf,
        url: response.url,
      });
      return { items, failures, received: records.length };
    },
    listInstances: (ctx, options) => listCapitalOnlineInstances(ctx, options, timeZone),
  });
}

function backupIdOf(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as { BackupId?: unknown }).BackupId;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
