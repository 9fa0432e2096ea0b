/** Huawei RDS v3 records (ListBackups `backups[]`, ListInstances `instances[]`). */
import type { BackupSeed, InstanceSeed } from '../model.js';
import { huaweiTime } from '../times.js';

const STATUS: Record<string, string> = { success: 'COMPLETED', running: 'BUILDING', failed: 'FAILED', deleting: 'DELETING' };

/** Huawei's `type` mixes mode and kind. */
export function huaweiBackupType(b: BackupSeed): string {
  if (b.type === 'incremental') return 'incremental';
  if (b.type === 'differential') return 'fragment';
  return b.mode === 'manual' ? 'manual' : 'auto';
}

export const huaweiBackupStatus = (b: BackupSeed): string => STATUS[b.status] ?? 'FAILED';

const offsetOf = (inst: InstanceSeed): number => Number(inst.extra['offsetMinutes'] ?? 480);

export function renderHuaweiBackup(inst: InstanceSeed, b: BackupSeed): Record<string, unknown> {
  const offset = offsetOf(inst);
  const record: Record<string, unknown> = {
    id: b.id,
    name: `${inst.name}-${huaweiTime(b.start, offset).slice(0, 19).replace(/[-:T]/g, '')}`,
    type: huaweiBackupType(b),
    size: Math.round(b.sizeBytes / 1024),
    status: huaweiBackupStatus(b),
    begin_time: huaweiTime(b.start, offset),
    // A backup still building has no end yet; the API keeps the field, empty.
    end_time: b.end === undefined ? '' : huaweiTime(b.end, offset),
    datastore: { type: inst.engine, version: inst.engineVersion },
    instance_id: inst.id,
    associated_with_ddm: false,
  };
  if (inst.engine === 'SQLServer' && b.type === 'full') {
    record['databases'] = (b.r & 1) === 0 ? [{ name: 'app' }, { name: 'reporting' }] : [{ name: 'app' }];
  }
  return record;
}

export function renderHuaweiInstance(inst: InstanceSeed): Record<string, unknown> {
  const offset = offsetOf(inst);
  const ha = inst.extra['type'] === 'Ha';
  const windowStart = 2 + (inst.r % 20);
  const hh = (h: number): string => String(h % 24).padStart(2, '0');
  const nodes = [{ id: `${inst.id.slice(0, 32)}no${inst.id.slice(-2)}`, name: `${inst.name}_node0`, role: 'master', status: 'ACTIVE', availability_zone: inst.zone }];
  if (ha) nodes.push({ id: `${inst.id.slice(0, 31)}1no${inst.id.slice(-2)}`, name: `${inst.name}_node1`, role: 'slave', status: 'ACTIVE', availability_zone: inst.zone });
  return {
    id: inst.id,
    status: 'ACTIVE',
    name: inst.name,
    port: inst.extra['port'],
    type: inst.extra['type'],
    ...(ha ? { ha: { replication_mode: inst.engine === 'SQLServer' ? 'sync' : 'async' } } : {}),
    region: inst.region,
    datastore: { type: inst.engine, version: inst.engineVersion },
    created: huaweiTime(inst.createdAt, offset),
    updated: huaweiTime(inst.createdAt + 3_600_000, offset),
    db_user_name: inst.engine === 'SQLServer' ? 'rdsuser' : 'root',
    vpc_id: inst.extra['vpcId'],
    subnet_id: inst.extra['subnetId'],
    security_group_id: inst.extra['securityGroupId'],
    flavor_ref: inst.extra['flavor'],
    volume: { type: 'CLOUDSSD', size: inst.extra['volumeSize'] },
    switch_strategy: 'reliability',
    backup_strategy: { start_time: `${hh(windowStart)}:00-${hh(windowStart + 1)}:00`, keep_days: 7 },
    maintenance_window: '02:00-06:00',
    nodes,
    related_instance: [],
    disk_encryption_id: '',
    enterprise_project_id: '0',
    time_zone: offset === 0 ? 'UTC' : 'UTC+08:00',
    charge_info: { charge_mode: 'postPaid' },
    tags: [],
    private_ips: [inst.extra['privateIp']],
    public_ips: [],
    alias: '',
  };
}
