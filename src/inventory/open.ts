import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { SqlDriver } from './driver.js';
import { inventoryAudit } from './audit.js';
import * as history from './history.js';
import { migrate } from './migrate.js';
import { listRuns } from './runs.js';
import { openPgDriver } from './pg-driver.js';
import { openPgliteDriver } from './pglite-driver.js';
import { policies, savePolicies } from './policies.js';
import { runSync } from './sync.js';
import type { Inventory, InventoryOptions } from './types.js';
import { checkKnownKeys } from '../known-keys.js';
import { INVENTORY_KEYS } from './known-keys.js';
import { describeLocation, parseInventoryUrl, type InventoryLocation } from './url.js';

/** What `openInventory` takes; anything else is a typo to name, not to ignore. */
const OPTIONS: Record<keyof InventoryOptions, true> = { url: true, now: true, poolSize: true, create: true };
const OPTION_KEYS: readonly string[] = Object.keys(OPTIONS);

const DEFAULT_POOL_SIZE = 4;

/**
 * Opens (creating when needed) the backup inventory and brings its schema up to date. Close it when done:
 * an embedded database holds its directory until then. A directory or `memory://` needs the optional peer
 * `@electric-sql/pglite`, a `postgres://` url the optional peer `pg`.
 *
 * @example
 * ```ts
 * import { openInventory } from 'cloud-backups/inventory';
 *
 * const inventory = await openInventory({ url: './.cloud-backups-db' });   // or 'memory://', or 'postgres://user:pass@host/db'
 * const run = await inventory.sync(client);                                // client: a BackupClient
 * console.log(run.status, run.new, run.changed, run.gone);
 * await inventory.close();
 * ```
 */
export async function openInventory(options: InventoryOptions = {}): Promise<Inventory> {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('openInventory: pass an options object such as { url: "./.cloud-backups-db" }.', { field: 'options' });
  checkKnownKeys('openInventory', options, OPTION_KEYS, 'option');
  const location = parseInventoryUrl(options.url);
  const now = options.now ?? (() => new Date());
  if (typeof now !== 'function') throw new ConfigurationError('openInventory: now must be a function returning a Date.', { field: 'now' });
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isSafeInteger(poolSize) || poolSize < 2) {
    // The lease renewal and the listing's staging writes run beside each merge transaction.
    throw new ConfigurationError(`openInventory: poolSize must be a whole number of at least 2, got ${String(poolSize)}.`, { field: 'poolSize' });
  }
  const create = options.create ?? true;
  if (!create && location.engine === 'pglite' && 'dataDir' in location && !existsSync(join(location.dataDir, 'PG_VERSION'))) {
    throw missing(location);
  }
  const db = await openDriver(location, poolSize);
  let schemaVersion: number;
  try {
    if (!create && !(await hasSchema(db))) throw missing(location);
    schemaVersion = await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return makeInventory(db, location, schemaVersion, now);
}

function missing(location: InventoryLocation): ConfigurationError {
  return new ConfigurationError(
    `There is no inventory at ${describeLocation(location)}. Check the path or url, or create it with a first sync (cloud-backups sync --db ...).`,
    { field: 'url' },
  );
}

async function hasSchema(db: SqlDriver): Promise<boolean> {
  const [row] = await db.query(`SELECT to_regclass('cloud_backups.schema_migrations') IS NOT NULL AS present`);
  return row?.present === true;
}

function openDriver(location: InventoryLocation, poolSize: number): Promise<SqlDriver> {
  if (location.engine === 'postgres') return openPgDriver({ connectionString: location.connectionString, poolSize });
  return openPgliteDriver('memory' in location ? { memory: true } : { dataDir: location.dataDir });
}

function makeInventory(db: SqlDriver, location: InventoryLocation, schemaVersion: number, now: () => Date): Inventory {
  return {
    engine: db.engine,
    location: describeLocation(location),
    schemaVersion,
    sync: async (client, query, options) => {
      checkKnownKeys('sync options', options, INVENTORY_KEYS.syncOptions);
      return runSync({ db, now }, client, query, options);
    },
    changes: async (query) => {
      checkKnownKeys('changes', query, INVENTORY_KEYS.changes);
      return history.changes(db, query);
    },
    lastSuccess: async (filter) => {
      checkKnownKeys('lastSuccess', filter, INVENTORY_KEYS.filter);
      return history.lastSuccess(db, filter);
    },
    coverage: async (query) => {
      checkKnownKeys('coverage', query, INVENTORY_KEYS.coverage);
      return history.coverage(db, query, now());
    },
    sizes: async (query) => {
      checkKnownKeys('sizes', query, INVENTORY_KEYS.sizes);
      return history.sizes(db, query, now());
    },
    backups: (query) => {
      checkKnownKeys('backups', query, INVENTORY_KEYS.backups);
      return history.backups(db, query);
    },
    instances: async (filter) => {
      checkKnownKeys('instances', filter, INVENTORY_KEYS.filter);
      return history.instances(db, filter);
    },
    runs: async (options = {}) => {
      checkKnownKeys('runs', options, INVENTORY_KEYS.runs);
      const limit = options.limit ?? 20;
      if (!Number.isSafeInteger(limit) || limit < 1) throw new ConfigurationError(`runs: limit must be a positive whole number, got ${String(limit)}.`, { field: 'limit' });
      return listRuns(db, limit);
    },
    savePolicies: async (list, options = {}) => {
      checkKnownKeys('savePolicies options', options, INVENTORY_KEYS.savePolicies);
      return savePolicies(db, list, options.fetchedAt ?? now());
    },
    policies: async (filter) => {
      checkKnownKeys('policies', filter, INVENTORY_KEYS.filter);
      return policies(db, filter);
    },
    audit: (rules, options) => inventoryAudit({ db, clock: now }, rules, options),
    close: () => db.close(),
  };
}
