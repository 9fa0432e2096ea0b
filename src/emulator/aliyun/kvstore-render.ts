/**
 * Aliyun KVStore records: DescribeBackups rows (`Backups.Backup[]`, one per backup or per shard of a
 * job), DescribeClusterBackupList items (`ClusterBackups[]` with their shard `Backups[]`, field types
 * from r-kvstore20150101 6.4), and DescribeInstances `Instances.KVStoreInstance[]`.
 */
import type { BackupSeed, InstanceSeed } from '../model.js';
import { DAY_MS } from '../profile.js';
import { aliyunTime } from '../times.js';
import { aliyunBackupMethod, aliyunBackupMode, aliyunBackupStatus, aliyunBackupType, fileStamp, spell } from './enums.js';
import type { Part } from './kvstore-parts.js';
import { partsOf, shardNodeId } from './kvstore-parts.js';

/** Backup sets are kept 7 days (the KVStore default retention); the rows say when each expires. */
export const kvstoreExpiry = (b: BackupSeed): number => b.start + 7 * DAY_MS;

const PART_STATUS: Record<string, string> = { success: 'Success', failed: 'Failed' };

function fileUrl(inst: InstanceSeed, file: string, internal: boolean): string {
  const r = inst.region;
  return `https://rdsbak-${r}.oss-${r}${internal ? '-internal' : ''}.aliyuncs.com/${file}?Expires=****`;
}

/** One DescribeBackups row: the whole backup of a standard instance, or one shard's part of a cluster job. */
export function renderKvstoreRow(inst: InstanceSeed, b: BackupSeed, part: Part = partsOf(inst, b, 1)[0] as Part): Record<string, unknown> {
  const ok = part.status === 'success';
  const single = part.nodeId === inst.id;
  const file = single
    ? `${inst.id}/hins${b.jobId}_data_${fileStamp(aliyunTime(b.start))}.rdb`
    : `${part.nodeId}/hins${b.jobId}${part.k}_data_${fileStamp(aliyunTime(part.start))}.rdb`;
  return {
    BackupDBNames: 'all',
    BackupDownloadURL: ok ? fileUrl(inst, file, false) : '',
    BackupEndTime: aliyunTime(part.end ?? part.start),
    BackupId: part.id,
    BackupIntranetDownloadURL: ok ? fileUrl(inst, file, true) : '',
    BackupJobID: b.jobId,
    BackupMethod: spell(inst, b, aliyunBackupMethod(b)),
    BackupMode: spell(inst, b, aliyunBackupMode(b)),
    BackupSize: part.sizeBytes,
    BackupStartTime: aliyunTime(part.start),
    BackupStatus: spell(inst, b, single ? aliyunBackupStatus(b) : PART_STATUS[part.status] ?? 'Failed'),
    BackupType: spell(inst, b, aliyunBackupType(b)),
    EngineVersion: inst.engineVersion,
    ExpectExpireTime: aliyunTime(kvstoreExpiry(b)),
    NodeInstanceId: part.nodeId,
    RecoverConfigMode: '',
  };
}

/** `cb-` and 16 lower-case characters, unique per backup (the numeric id is). */
export function clusterBackupId(b: BackupSeed): string {
  return `cb-${`${b.numericId.toString(36)}${b.r.toString(36)}`.padStart(16, '0')}`;
}

const CLUSTER_STATUS: Record<string, string> = { success: 'OK', failed: 'Failed', running: 'RUNNING' };
const SHARD_STATUS: Record<string, string> = { success: 'OK', failed: 'ERROR', running: 'RUNNING' };

/** Cluster-level IsAvail is a number, shard-level a string, as the 6.4 model types them. */
export function clusterIsAvail(b: BackupSeed): 0 | 1 {
  return b.status === 'success' ? 1 : 0;
}

/** One DescribeClusterBackupList item: a cloud-native cluster's backup with one shard backup per shard. */
export function renderClusterBackup(inst: InstanceSeed, b: BackupSeed, withShards = true): Record<string, unknown> {
  const parts = partsOf(inst, b, Number(inst.extra['shardCount'] ?? 1));
  const size = parts.reduce((sum, p) => sum + p.sizeBytes, 0);
  const item: Record<string, unknown> = {
    ClusterBackupId: clusterBackupId(b),
    ClusterBackupStatus: CLUSTER_STATUS[b.status] ?? 'Failed',
    ClusterBackupStartTime: aliyunTime(b.start),
    ClusterBackupEndTime: aliyunTime(b.end ?? b.start),
    ClusterBackupMode: aliyunBackupMode(b),
    ClusterBackupSize: String(size),
    ExpectExpireTime: aliyunTime(kvstoreExpiry(b)),
    IsAvail: clusterIsAvail(b),
    Progress: '100%',
    ShardClassMemory: 2048,
  };
  if (withShards) {
    item['Backups'] = parts.map((p) => {
      const ok = p.status === 'success';
      const name = `hins${b.jobId}${p.k}_data_${fileStamp(aliyunTime(p.start))}.rdb`;
      return {
        BackupId: String(p.id),
        BackupName: name,
        InstanceName: shardNodeId(inst, p.k),
        BackupStatus: SHARD_STATUS[p.status] ?? 'ERROR',
        BackupStartTime: aliyunTime(p.start),
        BackupEndTime: aliyunTime(p.end ?? p.start),
        BackupSize: String(p.sizeBytes),
        BackupDownloadURL: ok ? fileUrl(inst, `${p.nodeId}/${name}`, false) : '',
        BackupIntranetDownloadURL: ok ? fileUrl(inst, `${p.nodeId}/${name}`, true) : '',
        Engine: 'redis',
        IsAvail: ok ? '1' : '0',
        RecoverConfigMode: '',
        ExtraInfo: { CustinsDbVersion: inst.engineVersion },
      };
    });
  }
  return item;
}

export function renderKvstoreInstance(inst: InstanceSeed): Record<string, unknown> {
  return {
    ArchitectureType: inst.extra['architectureType'],
    Bandwidth: 96,
    Capacity: inst.extra['capacity'],
    ChargeType: 'PostPaid',
    CloudType: 'cloud',
    ConnectionDomain: `${inst.id}.redis.rds.aliyuncs.com`,
    Connections: 10000,
    CreateTime: aliyunTime(inst.createdAt),
    EditionType: 'Community',
    EndTime: '',
    EngineVersion: inst.engineVersion,
    HasRenewChangeOrder: false,
    InstanceClass: inst.extra['instanceClass'],
    InstanceId: inst.id,
    InstanceName: inst.name,
    InstanceStatus: 'Normal',
    InstanceType: 'Redis',
    IsRds: true,
    NetworkType: 'VPC',
    NodeType: inst.extra['nodeType'],
    PackageType: 'standard',
    Port: inst.extra['port'],
    PrivateIp: `172.16.${inst.r % 256}.${(inst.r >>> 8) % 254 + 1}`,
    QPS: 100000,
    RegionId: inst.region,
    ResourceGroupId: 'rg-acfmemulator',
    ...(inst.extra['shardClass'] ? { ShardClass: inst.extra['shardClass'] } : {}),
    ShardCount: inst.extra['shardCount'],
    Tags: { Tag: [] },
    UserName: inst.id,
    VSwitchId: inst.extra['vSwitchId'],
    VpcId: inst.extra['vpcId'],
    ZoneId: inst.zone,
  };
}
