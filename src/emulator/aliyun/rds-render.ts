/** Aliyun RDS records (DescribeBackups `Items.Backup[]`, DescribeDBInstances `Items.DBInstance[]`), as the real API types them. */
import type { BackupSeed, InstanceSeed } from '../model.js';
import { DAY_MS } from '../profile.js';
import { aliyunTime } from '../times.js';
import { aliyunBackupMethod, aliyunBackupMode, aliyunBackupStatus, aliyunBackupType, fileStamp, spell } from './enums.js';

/** What a record says about availability and download, decided once for the record and its ground truth. */
export interface RdsFacts {
  isAvail: 0 | 1;
  storageClass: '0' | '1';
  /** ms; only under `shapes.rdsAvailability`. */
  expectExpire?: number;
  downloadUrl: string;
  intranetUrl: string;
  /** ms, as the URL states it; undefined when there is no URL. */
  urlExpires?: number;
  /** Databases with their own download links (logical backups). */
  databases: string[];
}

const bits = (r: number, shift: number, width: number): number => (r >>> shift) & ((1 << width) - 1);

function hostInstanceId(inst: InstanceSeed, b: BackupSeed): string {
  const base = Number(inst.extra['hostInstanceId'] ?? 1);
  return String(b.r % 4 === 0 ? base + 1 : base);
}

/**
 * Download links are pre-signed OSS URLs whose expiry is only in the URL: `Expires` (unix seconds,
 * OSS V1) by default; under `rdsAvailability`, signed at the anchor, either V1 or V4 (`x-oss-date`
 * plus `x-oss-expires` seconds).
 */
function downloadUrls(inst: InstanceSeed, b: BackupSeed): { pub: string; intranet: string; expires?: number } {
  if (b.status !== 'success' || b.method === 'snapshot') return { pub: '', intranet: '' };
  const region = inst.region;
  const path = `custins${String(inst.extra['custins'] ?? inst.extra['port'] ?? 0)}/hins${hostInstanceId(inst, b)}_data_${fileStamp(aliyunTime(b.start))}.tar.gz`;
  let query: string;
  let expires: number;
  if (!inst.settings.shapes.rdsAvailability) {
    expires = Math.floor((b.end ?? b.start) / 1000) + 7 * 86_400;
    query = `?OSSAccessKeyId=LTAI****&Expires=${expires}&Signature=****`;
    expires *= 1000;
  } else if ((b.r & 1) === 0) {
    expires = inst.settings.anchor + 2 * 3_600_000;
    query = `?OSSAccessKeyId=LTAI5tEMULATOROSS&Expires=${expires / 1000}&Signature=${signature(b)}`;
  } else {
    const date = fileStamp(aliyunTime(inst.settings.anchor)).replace(/^(\d{8})/, '$1T') + 'Z';
    expires = inst.settings.anchor + 3_600_000;
    query = `?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=LTAI5tEMULATOROSS%2F${date.slice(0, 8)}%2F${region}%2Foss%2Faliyun_v4_request`
      + `&x-oss-date=${date}&x-oss-expires=3600&x-oss-signature=${b.r.toString(16).padStart(8, '0').repeat(8)}`;
  }
  return {
    pub: `http://rdsbak-${region}.oss-${region}.aliyuncs.com/${path}${query}`,
    intranet: `http://rdsbak-${region}.oss-${region}-internal.aliyuncs.com/${path}${query}`,
    expires,
  };
}

function signature(b: BackupSeed): string {
  return `${b.r.toString(36).padStart(7, '0')}${b.numericId.toString(36)}%2B${(b.r >>> 3).toString(36)}%3D`;
}

export function rdsFacts(inst: InstanceSeed, b: BackupSeed): RdsFacts {
  const ok = b.status === 'success';
  const urls = downloadUrls(inst, b);
  const facts: RdsFacts = {
    isAvail: ok ? 1 : 0,
    storageClass: '0',
    downloadUrl: urls.pub,
    intranetUrl: urls.intranet,
    databases: ok && b.method === 'logical' ? ['app', 'reporting'] : [],
  };
  if (urls.expires !== undefined) facts.urlExpires = urls.expires;
  if (inst.settings.shapes.rdsAvailability) {
    const end = b.end ?? b.start;
    const old = inst.settings.anchor - b.start > 30 * DAY_MS;
    const archived = ok && old && bits(b.r, 26, 2) === 0;
    if (ok && (bits(b.r, 22, 4) === 0 || b.unavailable)) facts.isAvail = 0;
    if (archived) facts.storageClass = '1';
    // Archived sets are kept for years; some sets (per-set retention) expire a day after they end.
    facts.expectExpire = end + (archived ? 730 : bits(b.r, 28, 3) === 0 ? 1 : 365) * DAY_MS;
  }
  return facts;
}

export function renderRdsBackup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown> {
  const ok = b.status === 'success';
  const f = rdsFacts(inst, b);
  const links = f.databases.map((db) => ({
    DataBase: db,
    DownloadLink: `${f.downloadUrl}&dbList=${db}`,
    IntranetDownloadLink: `${f.intranetUrl}&dbList=${db}`,
  }));
  const record: Record<string, unknown> = {
    BackupDownloadLinkByDB: { BackupDownloadLinkByDB: links },
    BackupDownloadURL: f.downloadUrl,
    BackupEndTime: aliyunTime(b.end ?? b.start),
    BackupId: b.id,
    BackupInitiator: b.mode === 'manual' ? 'User' : 'System',
    BackupIntranetDownloadURL: f.intranetUrl,
    BackupMethod: spell(inst, b, aliyunBackupMethod(b)),
    BackupMode: spell(inst, b, aliyunBackupMode(b)),
    BackupSize: b.sizeBytes,
    BackupStartTime: aliyunTime(b.start),
    BackupStatus: spell(inst, b, aliyunBackupStatus(b)),
    BackupType: spell(inst, b, aliyunBackupType(b)),
    Checksum: ok ? String(1_000_000_000 + (b.r % 8_999_999_999)) : '',
    ConsistentTime: ok && inst.engine === 'MySQL' && inst.engineVersion === '5.6' && b.type === 'full' ? Math.floor((b.end ?? b.start) / 1000) : 0,
    CopyOnlyBackup: inst.engine === 'SQLServer' ? '0' : '',
    DBInstanceId: inst.id,
    Encryption: '{}',
    Engine: inst.engine,
    EngineVersion: inst.engineVersion,
    HostInstanceID: hostInstanceId(inst, b),
    IsAvail: f.isAvail,
    MetaStatus: ok ? (inst.engine === 'MySQL' ? 'OK' : '') : 'EMPTY',
    StorageClass: f.storageClass,
    StoreStatus: b.mode === 'manual' ? 'Enabled' : 'Disabled',
  };
  if (f.expectExpire !== undefined) record['ExpectExpireTime'] = aliyunTime(f.expectExpire);
  return record;
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
