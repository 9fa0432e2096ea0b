import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgServer {
  /** postgres://... for `openInventory` (the `pg` path) */
  url: string;
  close(): Promise<void>;
}

/**
 * A PostgreSQL server for the `pg` path without installing one: PGlite served over the wire protocol.
 * The socket server multiplexes its connections onto PGlite's one session, running one transaction at a
 * time: the concurrency the tests see is the protocol's, not a server's parallelism.
 */
export async function startPgServer(): Promise<PgServer> {
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
