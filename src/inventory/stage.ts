import type { Backup } from '../index.js';
import { COLUMN_LIST, RECORD_TYPE, toRecord } from './columns.js';
import type { SqlExecutor } from './driver.js';
import { toJsonText } from './json.js';

/** Rows per staging statement: large enough to amortize a round trip, small enough to keep memory flat. */
export const DEFAULT_BATCH_SIZE = 1000;

const INSERT_BATCH = `INSERT INTO cloud_backups.sync_stage (run_id, ${COLUMN_LIST})
  SELECT $1::bigint, ${COLUMN_LIST} FROM jsonb_to_recordset($2::jsonb) AS r(${RECORD_TYPE})`;

/**
 * Collects what a run lists and writes it to the staging table in multi-row statements (one jsonb array
 * parameter per batch). Nothing is merged here: each instance is merged in its own transaction once the
 * listing knows whether that instance was complete.
 */
export class StageWriter {
  private buffer: Record<string, unknown>[] = [];

  constructor(
    private readonly db: SqlExecutor,
    private readonly runId: number,
    private readonly batchSize: number = DEFAULT_BATCH_SIZE,
  ) {}

  async add(backups: readonly Backup[]): Promise<void> {
    for (const b of backups) {
      this.buffer.push(toRecord(b));
      if (this.buffer.length >= this.batchSize) await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await this.db.query(INSERT_BATCH, [this.runId, toJsonText(batch)]);
  }
}

/** Drops a run's staging rows (after its merge, or a crashed run's, found later). */
export async function clearStage(db: SqlExecutor, runId: number): Promise<void> {
  await db.query('DELETE FROM cloud_backups.sync_stage WHERE run_id = $1', [runId]);
}
