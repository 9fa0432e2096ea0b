import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';

export interface PgServer {
  /** postgres://... for `openInventory` (the `pg` path) */
  url: string;
  close(): Promise<void>;
}

/**
 * A PostgreSQL server for the `pg` path. By default, without installing one: PGlite served over the wire protocol
 * (the socket server multiplexes its connections onto PGlite's one session, running one transaction at a time: the
 * concurrency the tests see is the protocol's, not a server's parallelism).
 *
 * With `CLOUD_BACKUPS_TEST_PG_URL` set (e.g. `postgres://postgres@127.0.0.1:5432/postgres`), a real server instead:
 * each call creates a fresh database on it and drops it at close, so the same tests check the SQL against real
 * PostgreSQL and its real concurrency.
 */
export async function startPgServer(): Promise<PgServer> {
  const real = process.env.CLOUD_BACKUPS_TEST_PG_URL;
  if (real) return freshDatabase(real);
  const db = await PGlite.create('memory://');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

let databases = 0;

async function freshDatabase(serverUrl: string): Promise<PgServer> {
  const name = `cloud_backups_test_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    close: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
