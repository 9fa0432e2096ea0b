/** The Aliyun actions served: paging, filters and validation as the real APIs do them. */
import type { Env } from '../api.js';
import type { BackupQuery, InstanceData, ProviderData } from '../dataset.js';
import { kvstoreRegionsBody, rdsRegionsBody } from './regions.js';
import type { BackupSeed } from '../model.js';
import { parseAliyunMinute } from '../times.js';
import type { AliyunError } from './errors.js';
import { aliyunErr, invalidParam, missing } from './errors.js';
import {
  rdsBackupMode, rdsBackupStatus, rdsBackupType,
  renderKvstoreBackup, renderKvstoreInstance, renderRdsBackup, renderRdsInstance,
} from './render.js';

export interface ActionResult {
  body: Record<string, unknown>;
  instanceId?: string;
  /** The instance whose page was served (drift applies to it). */
  served?: InstanceData;
}

type Params = Record<string, string>;

/** What an action may read: its product's data, seen by the calling account. */
export interface ActionContext {
  data: ProviderData;
  env: Env;
  account: string;
}

const RDS_PAGE_SIZES = new Set([30, 50, 100]);
const KVSTORE_PAGE_SIZES = new Set([30, 50, 100, 200, 300]);
const MAX_INT = 2_147_483_647;

function intParam(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= MAX_INT ? n : undefined;
}

interface Window { from?: number; to?: number }

function timeWindow(p: Params, startError: AliyunError, endError: AliyunError): Window | AliyunError {
  const w: Window = {};
  if (p['StartTime']) {
    const t = parseAliyunMinute(p['StartTime']);
    if (t === undefined) return startError;
    w.from = t;
  }
  if (p['EndTime']) {
    const t = parseAliyunMinute(p['EndTime']);
    if (t === undefined) return endError;
    w.to = t;
  }
  if (w.from !== undefined && w.to !== undefined && w.to <= w.from) {
    return aliyunErr(400, 'InvalidParameterCombination', 'The end time must be greater than the start time');
  }
  return w;
}

const isError = (v: object): v is AliyunError => 'code' in v && 'status' in v;

function page(inst: InstanceData, query: BackupQuery, pageNumber: number, pageSize: number): { total: number; items: BackupSeed[] } {
  const view = inst.query(query);
  const items: BackupSeed[] = [];
  for (let i = (pageNumber - 1) * pageSize; i < Math.min(view.total, pageNumber * pageSize); i++) {
    const b = view.at(i);
    if (b) items.push(b);
  }
  return { total: view.total, items };
}

export function rdsDescribeBackups(p: Params, { data, env, account }: ActionContext): ActionResult | AliyunError {
  const instanceId = p['DBInstanceId'];
  if (!instanceId) return missing('DBInstanceId');
  const pageSize = intParam(p['PageSize'], 30);
  // The documented answer for a page size outside 30/50/100.
  if (pageSize === undefined || !RDS_PAGE_SIZES.has(pageSize)) {
    return aliyunErr(403, 'InvalidMaxRecordsPerPage.Malformed', 'Specified record number is not valid.');
  }
  const pageNumber = intParam(p['PageNumber'], 1);
  if (pageNumber === undefined) return aliyunErr(400, 'InvalidPageNumbers.Malformed', 'Specified page number is not valid.');
  const w = timeWindow(p,
    aliyunErr(400, 'InvalidStartTime.Format', 'Specified start time is not valid.'),
    aliyunErr(400, 'InvalidEndTime.Format', 'Specified end time is not valid.'));
  if (isError(w)) return w;
  const inst = data.find(account, instanceId);
  if (!inst) return aliyunErr(400, 'InvalidDBInstanceId.NotFound', 'The DBInstanceId provided does not exist in records.');

  const status = p['BackupStatus'];
  const mode = p['BackupMode'];
  const type = p['BackupType'];
  const id = p['BackupId'];
  const query: BackupQuery = { ...w };
  if (status || mode || type || id) {
    query.filter = {
      key: `rds|${status ?? ''}|${mode ?? ''}|${type ?? ''}|${id ?? ''}`,
      test: (b) => (!status || rdsBackupStatus(b) === status) && (!mode || rdsBackupMode(b) === mode)
        && (!type || rdsBackupType(b) === type) && (!id || b.id === id),
    };
  }
  const { total, items } = page(inst, query, pageNumber, pageSize);
  return {
    instanceId,
    served: inst,
    body: {
      Items: { Backup: items.map((b) => renderRdsBackup(inst.seed, b)) },
      PageNumber: String(pageNumber),
      PageRecordCount: String(items.length),
      RequestId: env.requestId,
      TotalEcsSnapshotSize: 0,
      TotalRecordCount: String(total),
    },
  };
}

export function kvstoreDescribeBackups(p: Params, { data, env, account }: ActionContext): ActionResult | AliyunError {
  const instanceId = p['InstanceId'];
  if (!instanceId) return missing('InstanceId');
  if (!p['StartTime']) return missing('StartTime');
  if (!p['EndTime']) return missing('EndTime');
  const w = timeWindow(p,
    aliyunErr(400, 'InvalidStartTime.Malformed', 'The Specified parameter StartTime is not valid.'),
    aliyunErr(400, 'InvalidEndTime.Malformed', 'The Specified parameter EndTime is not valid.'));
  if (isError(w)) return w;
  const pageSize = intParam(p['PageSize'], 30);
  if (pageSize === undefined || !KVSTORE_PAGE_SIZES.has(pageSize)) return invalidParam('PageSize');
  const pageNumber = intParam(p['PageNumber'], 1);
  if (pageNumber === undefined) return invalidParam('PageNumber');
  const inst = data.find(account, instanceId);
  if (!inst) return aliyunErr(404, 'InvalidInstanceId.NotFound', 'The specified instance does not exist.');

  const backupId = p['BackupId'];
  const jobId = p['BackupJobId'];
  const query: BackupQuery = { ...w };
  if (backupId || jobId) {
    query.filter = {
      key: `kv|${backupId ?? ''}|${jobId ?? ''}`,
      test: (b) => (!backupId || String(b.numericId) === backupId) && (!jobId || String(b.jobId) === jobId),
    };
  }
  const { total, items } = page(inst, query, pageNumber, pageSize);
  return {
    instanceId,
    served: inst,
    body: {
      RequestId: env.requestId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: total,
      Backups: { Backup: items.map((b) => renderKvstoreBackup(inst.seed, b)) },
      FullStorageSize: inst.seed.dataSizeBytes,
      LogStorageSize: 0,
      FreeSize: 0,
    },
  };
}

function instancePage({ data, account }: ActionContext, p: Params, idsParam: string, maxPageSize: number):
  { pageNumber: number; pageSize: number; total: number; items: InstanceData[] } | AliyunError {
  const pageSize = intParam(p['PageSize'], 30);
  if (pageSize === undefined || pageSize > maxPageSize) return invalidParam('PageSize');
  const pageNumber = intParam(p['PageNumber'], 1);
  if (pageNumber === undefined) return invalidParam('PageNumber');
  const idList = p[idsParam];
  const ids = idList ? new Set(idList.split(',').map((s) => s.trim())) : undefined;
  const region = p['RegionId'];
  const engine = p['Engine'];
  const matching = data.list(account, region || undefined).filter((i) => (!ids || ids.has(i.seed.id)) && (!engine || i.seed.engine === engine));
  return { pageNumber, pageSize, total: matching.length, items: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) };
}

export function rdsDescribeDbInstances(p: Params, ctx: ActionContext): ActionResult | AliyunError {
  if (!p['RegionId']) return missing('RegionId');
  const env = ctx.env;
  const r = instancePage(ctx, p, 'DBInstanceId', 100);
  if (isError(r)) return r;
  return {
    body: {
      Items: { DBInstance: r.items.map((i) => renderRdsInstance(i.seed)) },
      PageNumber: r.pageNumber,
      PageRecordCount: r.items.length,
      RequestId: env.requestId,
      TotalRecordCount: r.total,
    },
  };
}

export function kvstoreDescribeInstances(p: Params, ctx: ActionContext): ActionResult | AliyunError {
  const env = ctx.env;
  const r = instancePage(ctx, p, 'InstanceIds', 50);
  if (isError(r)) return r;
  return {
    body: {
      Instances: { KVStoreInstance: r.items.map((i) => renderKvstoreInstance(i.seed)) },
      PageNumber: r.pageNumber,
      PageSize: r.pageSize,
      RequestId: env.requestId,
      TotalCount: r.total,
    },
  };
}

export function rdsDescribeRegions(p: Params, { env }: ActionContext): ActionResult {
  return { body: { RequestId: env.requestId, ...rdsRegionsBody(p['AcceptLanguage']) } };
}

export function kvstoreDescribeRegions(p: Params, { env }: ActionContext): ActionResult {
  return { body: { RequestId: env.requestId, ...kvstoreRegionsBody(p['AcceptLanguage']) } };
}
