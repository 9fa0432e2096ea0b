import { ConfigurationError } from '../errors.js';
import type { SyncQuery } from './types.js';

const ALLOWED = new Set(['providers', 'instances', 'since', 'until', 'signal']);
const BACKUP_FILTERS = new Set(['status', 'mode', 'type', 'method']);

/** The parts of a sync query the sync itself uses (the client validates the rest when it lists). */
export interface CheckedSyncQuery {
  query: SyncQuery;
  since: Date | undefined;
  until: Date | undefined;
  signal: AbortSignal | undefined;
}

export function checkSyncQuery(input: unknown): CheckedSyncQuery {
  if (input === undefined) return { query: {}, since: undefined, until: undefined, signal: undefined };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigurationError('sync: the query must be an object such as { providers: ["aliyun-rds"] }.', { field: 'query' });
  }
  const q = input as Record<string, unknown>;
  for (const key of Object.keys(q)) {
    if (BACKUP_FILTERS.has(key)) {
      throw new ConfigurationError(
        `sync: the query cannot filter by ${key}. A sync must see every backup of an instance to know which are gone, ` +
          'so backups a filter hides would be marked gone. Filter when reading the history instead; since/until narrow a sync safely.',
        { field: key },
      );
    }
    if (!ALLOWED.has(key)) throw new ConfigurationError(`sync: unknown query field "${key}". Allowed: ${[...ALLOWED].join(', ')}.`, { field: key });
  }
  const since = optionalDate(q.since, 'since');
  const until = optionalDate(q.until, 'until');
  if (since && until && since.getTime() >= until.getTime()) {
    throw new ConfigurationError(`sync: since (${since.toISOString()}) must be before until (${until.toISOString()}).`, { field: 'since' });
  }
  const signal = q.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new ConfigurationError('sync: signal must be an AbortSignal.', { field: 'signal' });
  return { query: q as SyncQuery, since, until, signal };
}

function optionalDate(v: unknown, field: string): Date | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new ConfigurationError(`sync: ${field} must be a valid Date.`, { field });
  return v;
}
