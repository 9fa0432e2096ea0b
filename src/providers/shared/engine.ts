import type { Engine } from '../../model.js';
import { enumMapping } from './enums.js';

/** Every spelling of an engine name the providers use (case does not matter). */
const ENGINE_NAMES: Readonly<Record<string, Engine>> = {
  mysql: 'mysql',
  postgresql: 'postgresql',
  postgres: 'postgresql',
  pg: 'postgresql',
  sqlserver: 'sqlserver',
  'sql server': 'sqlserver',
  'microsoft sql server': 'sqlserver',
  mssql: 'sqlserver',
  mariadb: 'mariadb',
  redis: 'redis',
  tair: 'tair',
  memcache: 'memcache',
  memcached: 'memcache',
};

const toEngine = enumMapping(ENGINE_NAMES, 'other');

/** The engine in our lower-case vocabulary: undefined when the provider says nothing, `other` when we do not know it. */
export function normalizeEngine(value: unknown): Engine | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return toEngine(value);
}
