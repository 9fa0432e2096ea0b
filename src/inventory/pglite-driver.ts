import type { SqlDriver, SqlExecutor, SqlParam, SqlRow } from './driver.js';
import { lockDataDir } from './dir-lock.js';
import { loadPeer } from './optional-peer.js';

/**
 * The embedded engine: PGlite (PostgreSQL compiled to WASM) in this process, on a directory or in memory.
 * It has one connection; PGlite queues statements and runs a transaction exclusively, which is what the
 * sync's per-instance transactions need.
 */
export async function openPgliteDriver(target: { dataDir: string } | { memory: true }): Promise<SqlDriver> {
  const { PGlite } = await loadPeer('@electric-sql/pglite', () => import('@electric-sql/pglite'), 'An embedded inventory (a directory or memory://)');
  const unlock = 'dataDir' in target ? lockDataDir(target.dataDir) : undefined;
  let db;
  try {
    db = await PGlite.create('dataDir' in target ? target.dataDir : 'memory://', {
      // Checkpoints recycle WAL down to these bounds (PostgreSQL's default keeps up to 1 GB): the sync
      // checkpoints after each run, since single-user PostgreSQL never checkpoints on its own.
      startParams: [...PGlite.defaultStartParams, '-c', 'max_wal_size=32MB', '-c', 'min_wal_size=32MB'],
    });
  } catch (error) {
    unlock?.();
    throw error;
  }
  const executor = (q: { query: (sql: string, params?: SqlParam[]) => Promise<{ rows: unknown[] }> }): SqlExecutor => ({
    query: async (sql, params) => (await q.query(sql, params ? [...params] : undefined)).rows as SqlRow[],
  });
  const open = db;
  let closed = false;
  return {
    engine: 'pglite',
    ...executor(open),
    transaction: (work) => open.transaction((tx) => work(executor(tx))),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await open.close();
      } finally {
        unlock?.();
      }
    },
  };
}
