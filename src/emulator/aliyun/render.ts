/** Aliyun RDS and KVStore records, in the shapes (and JSON types) the real APIs return. */
import type { BackupSeed, InstanceSeed } from '../model.js';
import { aliyunTime } from '../times.js';

const STATUS: Record<string, string> = { success: 'Success', failed: 'Failed' };
const METHOD: Record<string, string> = { physical: 'Physical', logical: 'Logical', snapshot: 'Snapshot' };

export const rdsBackupStatus = (b: BackupSeed): string => STATUS[b.status] ?? 'Failed';
export const rdsBackupMode = (b: BackupSeed): string => (b.mode === 'manual' ? 'Manual' : 'Automated');
export const rdsBackupType = (b: BackupSeed): string => (b.type === 'incremental' ? 'IncrementalBackup' : 'FullBackup');

function stamp(ms: number): string {
  return aliyunTime(ms).replace(/[-:TZ]/g, '');
}

function downloadUrls(inst: InstanceSeed, b: BackupSeed, host: string): { pub: string; intranet: string } {
  if (b.status !== 'success' || b.method === 'snapshot') return { pub: '', intranet: '' };
  const region = inst.region;
  const path = `custins${String(inst.extra['custins'] ?? inst.extra['port'] ?? 0)}/hins${host}_data_${stamp(b.start)}.tar.gz`;
  const query = `?OSSAccessKeyId=LTAI****&Expires=${Math.floor((b.end ?? b.start) / 1000) + 7 * 86_400}&Signature=****`;
  return {
    pub: `http://rdsbak-${region}.oss-${region}.aliyuncs.com/${path}${query}`,
    intranet: `http://rdsbak-${region}.oss-${region}-internal.aliyuncs.com/${path}${query}`,
  };
}

export function renderRdsBackup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown> {
  const baseHost = Number(inst.extra['hostInstanceId'] ?? 1);
  const host = String(b.r % 4 === 0 ? baseHost + 1 : baseHost);
  const ok = b.status === 'success';
  const urls = downloadUrls(inst, b, host);
  const links = ok && b.method === 'logical'
    ? ['app', 'reporting'].map((db) => ({
        DataBase: db,
        DownloadLink: `${urls.pub}&dbList=${db}`,
        IntranetDownloadLink: `${urls.intranet}&dbList=${db}`,
      }))
    : [];
  return {
    BackupDownloadLinkByDB: { BackupDownloadLinkByDB: links },
    BackupDownloadURL: urls.pub,
    BackupEndTime: aliyunTime(b.end ?? b.start),
    BackupId: b.id,
    BackupInitiator: b.mode === 'manual' ? 'User' : 'System',
    BackupIntranetDownloadURL: urls.intranet,
    BackupMethod: METHOD[b.method] ?? 'Physical',
    BackupMode: rdsBackupMode(b),
    BackupSize: b.sizeBytes,
    BackupStartTime: aliyunTime(b.start),
    BackupStatus: rdsBackupStatus(b),
    BackupType: rdsBackupType(b),
    Checksum: ok ? String(1_000_000_000 + (b.r % 8_999_999_999)) : '',
    ConsistentTime: ok && inst.engine === 'MySQL' && inst.engineVersion === '5.6' && b.type === 'full' ? Math.floor((b.end ?? b.start) / 1000) : 0,
    CopyOnlyBackup: inst.engine === 'SQLServer' ? '0' : '',
    DBInstanceId: inst.id,
    Encryption: '{}',
    Engine: inst.engine,
    EngineVersion: inst.engineVersion,
    HostInstanceID: host,
    IsAvail: ok ? 1 : 0,
    MetaStatus: ok ? (inst.engine === 'MySQL' ? 'OK' : '') : 'EMPTY',
    StorageClass: '0',
    StoreStatus: b.mode === 'manual' ? 'Enabled' : 'Disabled',
  };
}

export function renderKvstoreBackup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown> {
  const ok = b.status === 'success';
  const file = `${inst.id}/hins${b.jobId}_data_${stamp(b.start)}.rdb`;
  const region = inst.region;
  return {
    BackupDBNames: 'all',
    BackupDownloadURL: ok ? `https://rdsbak-${region}.oss-${region}.aliyuncs.com/${file}?Expires=****` : '',
    BackupEndTime: aliyunTime(b.end ?? b.start),
    BackupId: b.numericId,
    BackupIntranetDownloadURL: ok ? `https://rdsbak-${region}.oss-${region}-internal.aliyuncs.com/${file}?Expires=****` : '',
    BackupJobID: b.jobId,
    BackupMethod: METHOD[b.method] ?? 'Physical',
    BackupMode: rdsBackupMode(b),
    BackupSize: b.sizeBytes,
    BackupStartTime: aliyunTime(b.start),
    BackupStatus: rdsBackupStatus(b),
    BackupType: rdsBackupType(b),
    EngineVersion: inst.engineVersion,
    ExpectExpireTime: aliyunTime(b.start + 7 * 86_400_000),
    NodeInstanceId: inst.id,
    RecoverConfigMode: '',
  };
}

export function renderRdsInstance(inst: InstanceSeed): Record<string, unknown> {
  const domain = inst.engine === 'PostgreSQL' ? 'pg' : inst.engine === 'SQLServer' ? 'sqlserver' : 'mysql';
  return {
    Category: inst.extra['category'],
    ConnectionMode: 'Standard',
    ConnectionString: `${inst.id}.${domain}.rds.aliyuncs.com`,
    CreateTime: aliyunTime(inst.createdAt),
    DBInstanceClass: inst.extra['dbInstanceClass'],
    DBInstanceDescription: inst.name,
    DBInstanceId: inst.id,
    DBInstanceNetType: 'Intranet',
    DBInstanceStatus: 'Running',
    DBInstanceStorageType: inst.extra['storageType'],
    DBInstanceType: 'Primary',
    DeletionProtection: false,
    Engine: inst.engine,
    EngineVersion: inst.engineVersion,
    ExpireTime: '',
    InstanceNetworkType: 'VPC',
    LockMode: 'Unlock',
    LockReason: '',
    MutriORsignle: false,
    PayType: 'Postpaid',
    ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: [] },
    RegionId: inst.region,
    ResourceGroupId: 'rg-acfmemulator',
    Tips: '',
    TipsLevel: 0,
    VSwitchId: inst.extra['vSwitchId'],
    VpcCloudInstanceId: inst.id,
    VpcId: inst.extra['vpcId'],
    ZoneId: inst.zone,
  };
}

export function renderKvstoreInstance(inst: InstanceSeed): Record<string, unknown> {
  const cluster = inst.extra['architectureType'] === 'cluster';
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
    NodeType: cluster ? 'double' : 'MASTER_SLAVE',
    PackageType: 'standard',
    Port: inst.extra['port'],
    PrivateIp: `172.16.${inst.r % 256}.${(inst.r >>> 8) % 254 + 1}`,
    QPS: 100000,
    RegionId: inst.region,
    ResourceGroupId: 'rg-acfmemulator',
    ShardCount: cluster ? 2 : 1,
    Tags: { Tag: [] },
    UserName: inst.id,
    VSwitchId: inst.extra['vSwitchId'],
    VpcId: inst.extra['vpcId'],
    ZoneId: inst.zone,
  };
}
