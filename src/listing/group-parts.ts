import { PaginationError, type ListingFailure } from '../errors.js';
import type { Backup, BackupPart, BackupStatus } from '../model.js';
import { RecentIds } from '../paging/recent-ids.js';

/**
 * Turns the rows of backup jobs into one backup per job. A cluster's backup job is reported as one row per shard,
 * each row carrying one `part` and the job's id; rows of one job are adjacent in the listing (they share a start
 * time) but may straddle a page boundary. A job is held until a page passes without a row of it, so memory holds
 * only the jobs of the last page; a row whose part is the instance itself (a standard instance) is a whole job and is
 * not held. Jobs already emitted are remembered for a few pages, and a row arriving for one of them is reported
 * (never silently dropped, never a second copy of the job).
 */
export class PartGrouper<B extends Backup> {
  private readonly pending = new Map<string, { rows: B[]; lastPage: number }>();
  private readonly emitted = new RecentIds(16);
  private page = -1;

  constructor(private readonly label: string) {}

  /** Adds one page of rows; returns what is complete (in order of first appearance) and late rows as failures. */
  add(rows: readonly B[]): { items: B[]; failures: ListingFailure[] } {
    this.page++;
    const items: B[] = [];
    const failures: ListingFailure[] = [];
    for (const row of rows) {
      if (!row.parts || row.parts.length === 0) {
        items.push(row);
        continue;
      }
      if (this.emitted.has(row.id)) {
        failures.push({
          provider: row.provider,
          account: row.account,
          region: row.region,
          instanceId: row.instanceId,
          recordId: row.parts[0]!.id,
          error: new PaginationError(
            `${this.label}: a part of backup job ${row.id} arrived after the job was listed; the job was listed without it.`,
            { instanceId: row.instanceId },
          ),
        });
        continue;
      }
      if (isWholeJob(row) && !this.pending.has(row.id)) {
        // Nothing to wait for: held a page like a shard, every row of a standard instance stayed alive a round trip
        // longer and was promoted by the young-generation GC (issue 19: a fifth of a KVStore listing's CPU).
        this.emitted.add(row.id, this.page);
        items.push(row);
        continue;
      }
      const job = this.pending.get(row.id);
      if (job) {
        job.rows.push(row);
        job.lastPage = this.page;
      } else {
        this.pending.set(row.id, { rows: [row], lastPage: this.page });
      }
    }
    for (const [id, job] of this.pending) {
      if (job.lastPage < this.page) items.push(this.emit(id, job.rows));
    }
    return { items, failures };
  }

  /** Everything still held, at the end of the walk. */
  flush(): B[] {
    const out: B[] = [];
    for (const [id, job] of this.pending) out.push(this.emit(id, job.rows));
    return out;
  }

  private emit(id: string, rows: B[]): B {
    this.pending.delete(id);
    this.emitted.add(id, this.page);
    return mergeParts(rows);
  }
}

/**
 * A row whose one part is the instance itself: a standard (single-node) instance reports its node as the instance,
 * and its backup job has that one row. Shards of a cluster are nodes of their own (`r-...-db-0`).
 */
function isWholeJob(row: Backup): boolean {
  return row.parts!.length === 1 && row.parts![0]!.nodeId === row.instanceId;
}

const SEVERITY: Record<BackupStatus, number> = { success: 0, unknown: 1, deleting: 2, running: 3, failed: 4 };

/** The worse of two statuses (failed over running over deleting over unknown over success): a whole is as bad as its worst part. */
function worseStatus(a: BackupStatus, b: BackupStatus): BackupStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * One backup from the rows of one job: parts sorted by node id (then id), size the sum of the parts' sizes (absent
 * unless every part has one), status the worst of the parts, start the earliest, end the latest (absent unless every
 * part has one), `raw` and the other fields from the row of the first part.
 */
export function mergeParts<B extends Backup>(rows: readonly B[]): B {
  if (rows.length === 1) return rows[0]!;
  const withPart = rows.map((row) => ({ row, part: row.parts![0]! }));
  withPart.sort((a, b) => compareParts(a.part, b.part));
  const parts: BackupPart[] = [];
  for (const r of rows) for (const p of r.parts ?? []) parts.push(p);
  parts.sort(compareParts);
  const first = withPart[0]!.row;
  const merged = { ...first, parts } as B;
  let size = 0;
  let sized = true;
  let start = first.startTime;
  let end: Date | undefined = first.endTime;
  let status: BackupStatus = first.status;
  let available: boolean | undefined = first.available;
  let expiresAt = first.expiresAt;
  for (const { row, part } of withPart) {
    if (part.sizeBytes === undefined) sized = false;
    else size += part.sizeBytes;
    const partStart = part.startTime ?? row.startTime;
    if (partStart.getTime() < start.getTime()) start = partStart;
    const partEnd = part.endTime ?? row.endTime;
    if (end === undefined || partEnd === undefined) end = undefined;
    else if (partEnd.getTime() > end.getTime()) end = partEnd;
    status = worseStatus(status, part.status);
    if (row.available === false) available = false;
    else if (row.available === undefined && available === true) available = undefined;
    if (row.expiresAt && (!expiresAt || row.expiresAt.getTime() < expiresAt.getTime())) expiresAt = row.expiresAt;
  }
  merged.status = status;
  merged.startTime = start;
  if (end) merged.endTime = end;
  else delete merged.endTime;
  if (sized) merged.sizeBytes = size;
  else delete merged.sizeBytes;
  if (available === undefined) delete merged.available;
  else merged.available = available;
  if (expiresAt) merged.expiresAt = expiresAt;
  return merged;
}

function compareParts(a: BackupPart, b: BackupPart): number {
  const na = a.nodeId ?? '';
  const nb = b.nodeId ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
