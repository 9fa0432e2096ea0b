/** CapitalOnline MySQL records (DescribeBackups and DescribeDBInstances `Data[]`). */
import type { BackupSeed, InstanceSeed } from '../model.js';
import { beijingWallTime } from '../times.js';

const DESCRIPTIONS = ['before schema migration', 'manual backup', 'pre-upgrade', '手动备份'];

export function renderCapitalOnlineBackup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown> {
  const end = b.end ?? b.start;
  // Documented as a string, returned as a number in the examples: serve both.
  const size: number | string = (b.r & 1) === 1 ? String(b.sizeBytes) : b.sizeBytes;
  // BackupFinishTime (added 2023-12) is sometimes "" and unrelated to EndTime.
  const finish = ((b.r >>> 1) & 3) === 0 ? '' : beijingWallTime(end + (((b.r >>> 3) & 0xff) + 1) * 1000);
  return {
    BackupId: b.id,
    BackupMode: b.mode === 'manual' ? 'manual' : 'auto',
    BackupSize: size,
    BackupType: b.method === 'logical' ? 'logical-backup' : 'physical-backup',
    Desc: b.mode === 'manual' ? (DESCRIPTIONS[(b.r >>> 11) % DESCRIPTIONS.length] ?? '') : '',
    EndTime: beijingWallTime(end),
    InstanceId: inst.id,
    StartTime: beijingWallTime(b.start),
    Status: 'finished',
    BackupStrategy: b.method === 'logical' && ((b.r >>> 13) & 1) === 1 ? 'db' : 'instance',
    BackupFinishTime: finish,
  };
}

export function renderCapitalOnlineInstance(inst: InstanceSeed): Record<string, unknown> {
  return {
    Cpu: inst.extra['cpu'],
    CreatedTime: beijingWallTime(inst.createdAt),
    Disks: inst.extra['disks'],
    DisplayName: inst.extra['displayName'],
    IP: inst.extra['ip'],
    InstanceName: inst.name,
    InstanceUuid: inst.id,
    LinkType: 'default_link',
    LinkTypeStr: '默认链路',
    MasterInfo: '',
    Port: inst.extra['port'],
    ProjectName: '默认项目组',
    Ram: inst.extra['ram'],
    RegionId: inst.region,
    RelationService: null,
    ResourceId: inst.extra['resourceId'],
    RoGroups: [],
    Status: 'RUNNING',
    StatusStr: '运行中',
    SubProductKey: inst.extra['subProductKey'],
    SubProductName: inst.extra['subProductName'],
    Tags: [],
    VdcId: inst.extra['vdcId'],
    VdcName: inst.extra['vdcName'],
    Version: inst.engineVersion,
  };
}
