import type { SqlDriver, SqlExecutor, SqlRow } from './driver.js';
import { loadPeer } from './optional-peer.js';

export interface PgDriverOptions {
  connectionString: string;
  /** Connections at most; a sync uses a few (its listing's staging writes, its merges, its lease heartbeat). */
  poolSize: number;
}

/** A PostgreSQL server through `pg`'s pool: many collectors, one database. */
export async function openPgDriver(options: PgDriverOptions): Promise<SqlDriver> {
  const pg = await loadPeer('pg', () => import('pg'), 'An inventory on a PostgreSQL server (postgres://...)');
  // `pg` is CommonJS: its exports arrive as the default export (named ones may be missing under ESM).
  const { Pool } = pg.default;
  const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize, application_name: 'cloud-backups inventory' });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    // Fail at open, with the server's own message, rather than at the first sync.
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  let closed = false;
  return {
    engine: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params ? [...params] : undefined)).rows as SqlRow[],
    transaction: async (work) => {
      const client = await pool.connect();
      const tx: SqlExecutor = { query: async (sql, params) => (await client.query(sql, params ? [...params] : undefined)).rows as SqlRow[] };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        // A connection whose ROLLBACK fails is broken: release it destroyed rather than back to the pool.
        const rollback = await client.query('ROLLBACK').then(
          () => undefined,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        client.release(rollback);
        throw error;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
