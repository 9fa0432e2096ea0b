/**
 * KVStore backups as the API reports them: a standard instance's backup is one row; a classic
 * cluster (under `shapes.kvstoreClusters`) reports one row per shard of each job, with its own
 * BackupId, NodeInstanceId and size and the job's BackupJobID; a cloud-native cluster's backup
 * has one shard backup per shard inside its DescribeClusterBackupList item. Derived from the job's
 * seed, so a million jobs cost nothing until a page asks for them.
 */
import type { BackupView } from '../dataset.js';
import type { BackupSeed, InstanceSeed } from '../model.js';
import type { EmulatedStatus } from '../types.js';

export interface Part {
  /** Shard index (0 for a standard instance). */
  k: number;
  /** The part's numeric BackupId. */
  id: number;
  nodeId: string;
  status: EmulatedStatus;
  sizeBytes: number;
  start: number;
  end?: number;
}

export const isCloudNative = (inst: InstanceSeed): boolean => inst.extra['kind'] === 'cloud-native-cluster';

/** Rows per job in DescribeBackups: a shard count for a classic cluster under the shape, else 1. */
export function rowsPerJob(inst: InstanceSeed): number {
  const sharded = inst.settings.shapes.kvstoreClusters && inst.extra['kind'] === 'cluster';
  return sharded ? Number(inst.extra['shardCount'] ?? 1) : 1;
}

/** Node ids: the shard instances of a cluster are `<instance>-db-<k>`. */
export const shardNodeId = (inst: InstanceSeed, k: number): string => `${inst.id}-db-${k}`;

/**
 * The job's parts in shard order. Sizes split the job's size exactly; a failed job has one failed
 * shard; shards start up to a second apart and end up to a second apart, the earliest start and the
 * latest end being the job's own.
 */
export function partsOf(inst: InstanceSeed, b: BackupSeed, shards: number): Part[] {
  if (shards <= 1) {
    const part: Part = { k: 0, id: b.numericId, nodeId: inst.id, status: b.status, sizeBytes: b.sizeBytes, start: b.start };
    if (b.end !== undefined) part.end = b.end;
    return [part];
  }
  const weights = Array.from({ length: shards }, (_, k) => 4 + ((b.r >>> (k % 29)) & 3));
  const totalWeight = weights.reduce((a, w) => a + w, 0);
  const failedShard = b.status === 'failed' ? b.r % shards : -1;
  const parts: Part[] = [];
  let assigned = 0;
  for (let k = 0; k < shards; k++) {
    const size = k === shards - 1 ? b.sizeBytes - assigned : Math.floor((b.sizeBytes * (weights[k] ?? 4)) / totalWeight);
    assigned += size;
    const part: Part = {
      k, id: b.numericId + k, nodeId: shardNodeId(inst, k),
      status: k === failedShard ? 'failed' : b.status === 'failed' ? 'success' : b.status,
      sizeBytes: size,
      start: b.start + (k & 1) * 1000,
    };
    if (b.end !== undefined) part.end = b.end - ((k & 2) >> 1) * 1000;
    parts.push(part);
  }
  return parts;
}

/** The order the API lists a job's rows in: newest start first, then shard order (not node-id order). */
export function servedOrder(parts: readonly Part[]): Part[] {
  return [...parts].sort((a, b) => b.start - a.start || a.k - b.k);
}

/** The order a client lists parts in (contracts: by node id, then id, as strings). */
export function clientOrder(parts: readonly Part[]): Part[] {
  const key = (p: Part): [string, string] => [p.nodeId, String(p.id)];
  return [...parts].sort((a, b) => {
    const [na, ia] = key(a);
    const [nb, ib] = key(b);
    return na !== nb ? (na < nb ? -1 : 1) : ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}

export interface Row {
  b: BackupSeed;
  part: Part;
}

/** DescribeBackups rows over a newest-first view of jobs: row i is shard (i mod n) of job (i div n), lazily. */
export function rowView(inst: InstanceSeed, jobs: BackupView): { total: number; at(i: number): Row | undefined } {
  const n = rowsPerJob(inst);
  return {
    total: jobs.total * n,
    at(i) {
      const b = jobs.at(Math.floor(i / n));
      if (!b) return undefined;
      const part = servedOrder(partsOf(inst, b, n))[i % n];
      return part ? { b, part } : undefined;
    },
  };
}
