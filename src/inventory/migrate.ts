import { CloudBackupsError } from '../errors.js';
import type { SqlDriver } from './driver.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/**
 * The advisory lock key migrations hold (any fixed number; this one is ours alone). Two processes opening one
 * server database at once queue on it, so the second sees the first's tables instead of racing to create
 * them. (PGlite runs one transaction at a time anyway.)
 */
const MIGRATION_LOCK = 7_365_102_118;

/** Applies every migration not yet applied, all in one transaction. Returns the schema version. */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  return driver.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query('CREATE SCHEMA IF NOT EXISTS cloud_backups');
    await tx.query(
      `CREATE TABLE IF NOT EXISTS cloud_backups.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await tx.query('SELECT version FROM cloud_backups.schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new CloudBackupsError(
        `This inventory has schema version ${newest}, newer than this cloud-backups knows (${known}): a newer cloud-backups wrote it. Upgrade cloud-backups to use it.`,
      );
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO cloud_backups.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return known;
  });
}
