/** Huawei RDS v3 ListBackups and ListInstances: filters, offset/limit paging and errors as documented. */
import type { BackupQuery, InstanceData } from '../dataset.js';
import { servedPageSize } from '../shapes.js';
import { parseHuaweiTime } from '../times.js';
import type { HuaweiError } from './errors.js';
import { parameterError, rdsErr } from './errors.js';
import { huaweiBackupStatus, huaweiBackupType, renderHuaweiBackup, renderHuaweiInstance } from './render.js';

const BACKUP_TYPES = new Set(['auto', 'manual', 'fragment', 'incremental']);
const STATUSES = new Set(['BUILDING', 'COMPLETED', 'FAILED']);

type Params = Record<string, string>;

/** The instances one project holds, as its account sees them. */
export interface RdsScope {
  list(): InstanceData[];
  find(instanceId: string): InstanceData | undefined;
}

export function offsetLimit(p: Params): { offset: number; limit: number } | HuaweiError {
  const offsetRaw = p['offset'] ?? '0';
  const limitRaw = p['limit'] ?? '100';
  if (!/^\d+$/.test(offsetRaw)) return parameterError('offset must be a non-negative number.');
  if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 100) return parameterError('limit must be between 1 and 100.');
  return { offset: Number(offsetRaw), limit: Number(limitRaw) };
}

export function listBackups(p: Params, instances: RdsScope) {
  const instanceId = p['instance_id'];
  if (!instanceId) return parameterError('instance_id is required.');
  const ol = offsetLimit(p);
  if ('code' in ol) return ol;
  const begin = p['begin_time'];
  const end = p['end_time'];
  if ((begin === undefined) !== (end === undefined)) return parameterError('begin_time and end_time must be specified together.');
  const query: BackupQuery = {};
  if (begin !== undefined && end !== undefined) {
    const from = parseHuaweiTime(begin);
    const to = parseHuaweiTime(end);
    if (from === undefined) return parameterError('begin_time is not in the format yyyy-mm-ddThh:mm:ssZ.');
    if (to === undefined) return parameterError('end_time is not in the format yyyy-mm-ddThh:mm:ssZ.');
    if (to <= from) return parameterError('end_time must be later than begin_time.');
    query.from = from;
    query.to = to;
  }
  const type = p['backup_type'];
  if (type !== undefined && !BACKUP_TYPES.has(type)) return parameterError('backup_type is invalid.');
  const status = p['status'];
  if (status !== undefined && !STATUSES.has(status)) return parameterError('status is invalid.');
  const backupId = p['backup_id'];

  const inst = instances.find(instanceId);
  if (!inst) return rdsErr(404, 'DBS.200002', 'The DB instance does not exist.');
  // `status` filters SQL Server full backups only, as documented.
  const statusApplies = status !== undefined && inst.seed.engine === 'SQLServer';
  if (type || backupId || statusApplies) {
    query.filter = {
      key: `hw|${type ?? ''}|${backupId ?? ''}|${statusApplies ? status : ''}`,
      test: (b) => (!type || huaweiBackupType(b) === type) && (!backupId || b.id === backupId)
        && (!statusApplies || b.type !== 'full' || huaweiBackupStatus(b) === status),
    };
  }
  const view = inst.query(query);
  const shapes = inst.seed.settings.shapes;
  // A capped page holds fewer rows from the same offset: a client must advance by what it received.
  const limit = servedPageSize(shapes, 'huawei-rds', ol.limit);
  const backups: Array<Record<string, unknown>> = [];
  for (let i = ol.offset; i < Math.min(view.total, ol.offset + limit); i++) {
    const b = view.at(i);
    if (b) backups.push(renderHuaweiBackup(inst.seed, b));
  }
  return { served: inst, body: backupsBody(backups, view.total, shapes.emptyBodies, inst.seed.r) };
}

/**
 * The response's `backups` is optional (omitempty in the SDK models): under `shapes.emptyBodies` an
 * empty page says `"backups": null` or leaves the key out, by instance.
 */
function backupsBody(backups: Array<Record<string, unknown>>, total: number, emptyBodies: boolean, r: number): Record<string, unknown> {
  if (backups.length > 0 || !emptyBodies) return { backups, total_count: total };
  return (r & 1) === 0 ? { backups: null, total_count: total } : { total_count: total };
}

export function listInstances(p: Params, instances: RdsScope) {
  const ol = offsetLimit(p);
  if ('code' in ol) return ol;
  const id = p['id'];
  const name = p['name'];
  const type = p['type'];
  const engine = p['datastore_type'];
  const matching = instances.list().filter((i) =>
    (!id || i.seed.id === id) && (!name || i.seed.name === name)
    && (!type || i.seed.extra['type'] === type) && (!engine || i.seed.engine === engine));
  return {
    instances: matching.slice(ol.offset, ol.offset + ol.limit).map((i) => renderHuaweiInstance(i.seed)),
    total_count: matching.length,
  };
}
