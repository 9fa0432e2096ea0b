/** CapitalOnline MySQL records (DescribeBackups and DescribeDBInstances `Data[]`). */
import type { BackupSeed, InstanceSeed } from '../model.js';
import { beijingWallTime } from '../times.js';

const DESCRIPTIONS = ['before schema migration', 'manual backup', 'pre-upgrade', '手动备份'];

/** What a record says beyond the seed, decided once for the record and its ground truth. */
export interface CapitalOnlineFacts {
  strategy: 'instance' | 'db';
  /** ms; undefined when the record has no BackupFinishTime or an empty one. */
  finish?: number;
  /** The record carries BackupFinishTime at all (added to the API in 2023-12). */
  hasFinishField: boolean;
  /** EndTime is served empty (the client must read BackupFinishTime). */
  endBlank: boolean;
}

/**
 * Under `capitalOnlineDatabaseBackups`: some logical backups are of chosen databases (`BackupStrategy:
 * db`); records carry BackupFinishTime (sometimes "", unrelated to EndTime), and a few have an empty
 * EndTime next to a BackupFinishTime. Otherwise every backup is of the instance and no record has it.
 */
export function capitalOnlineFacts(inst: InstanceSeed, b: BackupSeed): CapitalOnlineFacts {
  if (!inst.settings.shapes.capitalOnlineDatabaseBackups) return { strategy: 'instance', hasFinishField: false, endBlank: false };
  const end = b.end ?? b.start;
  const facts: CapitalOnlineFacts = {
    strategy: b.method === 'logical' && ((b.r >>> 13) & 1) === 1 ? 'db' : 'instance',
    hasFinishField: true,
    endBlank: false,
  };
  if (((b.r >>> 1) & 3) !== 0) {
    facts.finish = end + (((b.r >>> 3) & 0xff) + 1) * 1000;
    facts.endBlank = ((b.r >>> 15) & 7) === 0;
  }
  return facts;
}

export function renderCapitalOnlineBackup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown> {
  const end = b.end ?? b.start;
  const f = capitalOnlineFacts(inst, b);
  // Documented as a string, returned as a number in the examples: serve both.
  const size: number | string = (b.r & 1) === 1 ? String(b.sizeBytes) : b.sizeBytes;
  const record: Record<string, unknown> = {
    BackupId: b.id,
    BackupMode: b.mode === 'manual' ? 'manual' : 'auto',
    BackupSize: size,
    BackupType: b.method === 'logical' ? 'logical-backup' : 'physical-backup',
    Desc: b.mode === 'manual' ? (DESCRIPTIONS[(b.r >>> 11) % DESCRIPTIONS.length] ?? '') : '',
    EndTime: f.endBlank ? '' : beijingWallTime(end),
    InstanceId: inst.id,
    StartTime: beijingWallTime(b.start),
    Status: 'finished',
    BackupStrategy: f.strategy,
  };
  if (f.hasFinishField) record['BackupFinishTime'] = f.finish === undefined ? '' : beijingWallTime(f.finish);
  return record;
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
    // One instance under `shapes.emptyBodies` states its version as a JSON number.
    Version: inst.extra['numericVersion'] ? Number(inst.engineVersion) : inst.engineVersion,
  };
}
