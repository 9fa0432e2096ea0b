import { ConfigurationError } from '../../index.js';
import { DEFAULT_INVENTORY_DIR, openInventory, type Inventory } from '../../inventory/index.js';
import { UsageError } from '../exit-codes.js';

/** `--db`'s help: where the inventory lives. */
export const DB_HELP = `the inventory: a directory (embedded PostgreSQL through PGlite; default ${DEFAULT_INVENTORY_DIR}) or postgres://user:password@host:5432/db (a server)`;

/**
 * Opens the inventory `--db` names. `create` false for commands that only read: a mistyped path is then an error
 * that says so, not a new, empty database. The library's errors about the url are retold with `--db`.
 */
export async function openDb(url: string | undefined, create: boolean): Promise<Inventory> {
  try {
    return await openInventory({ url: url ?? DEFAULT_INVENTORY_DIR, create });
  } catch (error) {
    if (error instanceof ConfigurationError && error.field === 'url') throw new UsageError(`--db: ${error.message.replace(/^openInventory: url /, '')}`);
    throw error;
  }
}
