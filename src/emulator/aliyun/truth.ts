/**
 * What a correct client lists from Aliyun records (contracts section 1): RDS availability from
 * IsAvail / StorageClass / ExpectExpireTime; one KVStore backup per job (id = BackupJobID, parts
 * sorted by node id, worst status, earliest start, latest end, summed size); a cloud-native
 * cluster's backup by its ClusterBackupId (type full, method unstated).
 */
import type { TruthMapping } from '../cloud.js';
import type { BackupSeed, InstanceSeed } from '../model.js';
import { engineOf, seedTruth, withDefined } from '../truth.js';
import type { EmulatedPart } from '../types.js';
import type { Part } from './kvstore-parts.js';
import { clientOrder, isCloudNative, partsOf, rowsPerJob } from './kvstore-parts.js';
import { clusterBackupId, clusterIsAvail, kvstoreExpiry, renderClusterBackup, renderKvstoreInstance, renderKvstoreRow } from './kvstore-render.js';
import { kvstorePolicyTruth, rdsPolicyTruth } from './policy.js';
import { rdsFacts, renderRdsBackup, renderRdsInstance } from './rds-render.js';

export const rdsTruth: TruthMapping = {
  instanceRecord: renderRdsInstance,
  policy: rdsPolicyTruth,
  backup(inst, b, now) {
    const f = rdsFacts(inst, b);
    const out = seedTruth(b, renderRdsBackup(inst, b), 'instance');
    const expired = f.expectExpire !== undefined && f.expectExpire <= now;
    out.available = f.isAvail === 1 && f.storageClass !== '1' && !expired;
    const hasUrl = f.downloadUrl !== '' || f.intranetUrl !== '';
    return withDefined(out, {
      engine: engineOf(inst.engine),
      engineVersion: inst.engineVersion,
      expiresAt: f.expectExpire === undefined ? undefined : new Date(f.expectExpire),
      databases: f.databases.length > 0 ? f.databases : undefined,
      downloadUrl: f.downloadUrl,
      intranetDownloadUrl: f.intranetUrl,
      downloadUrlExpiresAt: hasUrl && f.urlExpires !== undefined ? new Date(f.urlExpires) : undefined,
    });
  },
};

function part(p: Part): EmulatedPart {
  const out: EmulatedPart = { id: String(p.id), nodeId: p.nodeId, status: p.status, sizeBytes: p.sizeBytes, startTime: new Date(p.start) };
  if (p.end !== undefined) out.endTime = new Date(p.end);
  return out;
}

function jobTruth(inst: InstanceSeed, b: BackupSeed, now: number) {
  const parts = clientOrder(partsOf(inst, b, rowsPerJob(inst)));
  const first = parts[0] as Part;
  const raw = renderKvstoreRow(inst, b, first);
  const out = seedTruth(b, raw, 'instance');
  out.id = kvstoreJobId(inst, b);
  out.parts = parts.map(part);
  const expiry = kvstoreExpiry(b);
  // The rows say nothing about availability, only when the set expires.
  if (expiry <= now) out.available = false;
  return withDefined(out, {
    engine: 'redis',
    engineVersion: inst.engineVersion,
    expiresAt: new Date(expiry),
    downloadUrl: raw['BackupDownloadURL'] as string,
    intranetDownloadUrl: raw['BackupIntranetDownloadURL'] as string,
  });
}

function clusterTruth(inst: InstanceSeed, b: BackupSeed, now: number) {
  const parts = clientOrder(partsOf(inst, b, Number(inst.extra['shardCount'] ?? 1)));
  const out = seedTruth(b, renderClusterBackup(inst, b), 'instance');
  out.id = kvstoreJobId(inst, b);
  // The list has no type or method: its sets are full backups of an unstated method.
  out.type = 'full';
  out.method = 'unknown';
  out.parts = parts.map(part);
  const expiry = kvstoreExpiry(b);
  out.available = clusterIsAvail(b) === 1 && expiry > now;
  return withDefined(out, { engine: 'redis', engineVersion: inst.engineVersion, expiresAt: new Date(expiry) });
}

/** A KVStore backup's id in the model: its ClusterBackupId (cloud-native cluster), else its job's BackupJobID. */
function kvstoreJobId(inst: InstanceSeed, b: BackupSeed): string {
  return isCloudNative(inst) ? clusterBackupId(b) : String(b.jobId);
}

export const kvstoreTruth: TruthMapping = {
  instanceRecord: renderKvstoreInstance,
  policy: kvstorePolicyTruth,
  backup: (inst, b, now) => (isCloudNative(inst) ? clusterTruth(inst, b, now) : jobTruth(inst, b, now)),
  id: kvstoreJobId,
};
