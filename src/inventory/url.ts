import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../errors.js';

/** Where the inventory lives when no url is given: a directory beside the caller's working directory. */
export const DEFAULT_INVENTORY_DIR = './.cloud-backups-db';

export type InventoryLocation =
  | { engine: 'pglite'; dataDir: string }
  | { engine: 'pglite'; memory: true }
  | { engine: 'postgres'; connectionString: string };

const HINT = 'Pass a directory (embedded database, e.g. ./.cloud-backups-db), memory:// (embedded, in memory) or postgres://user:password@host:5432/db (a PostgreSQL server).';

/** Reads `openInventory`'s `url`: a directory path, `file://`, `memory://`, or `postgres://` / `postgresql://`. */
export function parseInventoryUrl(url: string | undefined): InventoryLocation {
  if (url === undefined) return { engine: 'pglite', dataDir: resolve(DEFAULT_INVENTORY_DIR) };
  if (typeof url !== 'string' || url.trim() === '') {
    throw new ConfigurationError(`openInventory: url must be a non-empty string. ${HINT}`, { field: 'url' });
  }
  const value = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return { engine: 'pglite', dataDir: resolve(value) };
  if (scheme === 'memory') {
    if (value.length > 'memory://'.length) {
      throw new ConfigurationError(`openInventory: memory:// takes nothing after it (got ${JSON.stringify(value)}); every open makes a new, empty database.`, { field: 'url' });
    }
    return { engine: 'pglite', memory: true };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { engine: 'postgres', connectionString: value };
  if (scheme === 'file') return { engine: 'pglite', dataDir: fileURLToPath(value) };
  throw new ConfigurationError(`openInventory: unsupported url scheme "${scheme}://". ${HINT}`, { field: 'url' });
}

/** The url as safe to show: a server url without its password. */
export function describeLocation(location: InventoryLocation): string {
  if (location.engine === 'postgres') {
    try {
      const u = new URL(location.connectionString);
      if (u.password) u.password = '***';
      return u.toString();
    } catch {
      return 'postgres://(unparsable url)';
    }
  }
  return 'memory' in location ? 'memory://' : location.dataDir;
}
