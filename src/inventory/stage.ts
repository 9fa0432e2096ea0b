import type { Backup } from '../index.js';
import { toRecord } from './columns.js';
import type { SqlExecutor, SqlParam } from './driver.js';
import { instanceKey } from './ledger.js';
import { toJsonText } from './json.js';

/** Backups per staged chunk: one instance's, as one JSON text. */
export const DEFAULT_BATCH_SIZE = 1000;
/** Backups held in memory at most before every partial chunk is written. */
const MAX_BUFFERED = 5000;
/** Chunks per INSERT. */
const CHUNKS_PER_STATEMENT = 50;

/**
 * A run stages what it lists in a table of its own, dropped when the run ends: dropping frees the space at
 * once, where deleted rows would wait for a VACUUM (PGlite has no autovacuum). Unlogged: after a crash its
 * content is garbage anyway, so it costs no WAL. The name is built from the run id, a number the database
 * generated (checked to be one), never from listed data.
 */
export function stageTable(runId: number): string {
  if (!Number.isSafeInteger(runId) || runId < 1) throw new Error(`inventory: invalid run id ${String(runId)}`);
  return `cloud_backups.sync_stage_${runId}`;
}

/**
 * A staged row is a chunk of one instance's backups as JSON text, parsed once, by the merge. Parsing is the
 * dominant cost of writing a backup (its raw record is most of it); staging typed rows would pay it twice.
 * EXTERNAL storage: chunks are written once and read once, not worth compressing.
 */
export async function createStage(db: SqlExecutor, runId: number): Promise<void> {
  const table = stageTable(runId);
  await db.query(
    `CREATE UNLOGGED TABLE ${table} (seq bigint GENERATED ALWAYS AS IDENTITY, provider text NOT NULL, account text NOT NULL, instance_id text NOT NULL, body text NOT NULL)`,
  );
  await db.query(`ALTER TABLE ${table} ALTER COLUMN body SET STORAGE EXTERNAL`);
}

/** Drops a run's staging table (after its merge, or a crashed run's, found later). */
export async function dropStage(db: SqlExecutor, runId: number): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${stageTable(runId)}`);
}

interface Chunk {
  provider: string;
  account: string;
  instanceId: string;
  records: Record<string, unknown>[];
}

/**
 * Collects what a run lists, per instance, and writes it to the run's staging table in chunks (many chunks
 * per statement). Memory stays bounded: a full chunk is written at once, and every partial one when the
 * buffer holds MAX_BUFFERED backups. Nothing is merged here: each instance is merged in its own transaction
 * once the listing knows whether that instance was complete.
 */
export class StageWriter {
  private readonly chunks = new Map<string, Chunk>();
  private buffered = 0;
  private readonly table: string;

  constructor(
    private readonly db: SqlExecutor,
    runId: number,
    private readonly chunkSize: number = DEFAULT_BATCH_SIZE,
  ) {
    this.table = stageTable(runId);
  }

  async add(backups: readonly Backup[]): Promise<void> {
    const full: Chunk[] = [];
    for (const b of backups) {
      const key = instanceKey(b.provider, b.account, b.instanceId);
      let chunk = this.chunks.get(key);
      if (!chunk) {
        chunk = { provider: b.provider, account: b.account, instanceId: b.instanceId, records: [] };
        this.chunks.set(key, chunk);
      }
      chunk.records.push(toRecord(b));
      this.buffered++;
      if (chunk.records.length >= this.chunkSize) {
        full.push(chunk);
        this.chunks.delete(key);
        this.buffered -= chunk.records.length;
      }
    }
    await this.write(full);
    if (this.buffered >= MAX_BUFFERED) await this.flush();
  }

  async flush(): Promise<void> {
    const all = [...this.chunks.values()];
    this.chunks.clear();
    this.buffered = 0;
    await this.write(all);
  }

  private async write(chunks: readonly Chunk[]): Promise<void> {
    for (let i = 0; i < chunks.length; i += CHUNKS_PER_STATEMENT) {
      const part = chunks.slice(i, i + CHUNKS_PER_STATEMENT);
      const params: SqlParam[] = [];
      const rows = part.map((c) => {
        params.push(c.provider, c.account, c.instanceId, toJsonText(c.records));
        const n = params.length;
        return `($${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
      });
      await this.db.query(`INSERT INTO ${this.table} (provider, account, instance_id, body) VALUES ${rows.join(', ')}`, params);
    }
  }
}
