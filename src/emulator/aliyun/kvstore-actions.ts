/** KVStore (2015-01-01) actions: DescribeBackups, DescribeClusterBackupList, DescribeBackupPolicy, DescribeInstances, DescribeRegions. */
import type { BackupQuery, InstanceData } from '../dataset.js';
import { servedPageSize } from '../shapes.js';
import type { ActionContext, ActionResult, Params } from './action.js';
import { instancePage, intParam, isError, lyingTotal, pageOf, timeWindow } from './action.js';
import type { AliyunError } from './errors.js';
import { aliyunErr, invalidParam, missing } from './errors.js';
import type { Row } from './kvstore-parts.js';
import { isCloudNative, rowView, rowsPerJob } from './kvstore-parts.js';
import { clusterBackupId, renderClusterBackup, renderKvstoreInstance, renderKvstoreRow } from './kvstore-render.js';
import { kvstorePolicyBody } from './policy.js';
import { kvstoreRegionsBody } from './regions.js';

const KVSTORE_PAGE_SIZES = new Set([30, 50, 100, 200, 300]);
const CLUSTER_LIST_PAGE_SIZES = new Set([30, 50, 100, 200, 300, 5, 10, 15, 20]);
const NOT_FOUND = (): AliyunError => aliyunErr(404, 'InvalidInstanceId.NotFound', 'The specified instance does not exist.');

/** The checks both backup lists make, in the order the API makes them. */
function listRequest(p: Params, ctx: ActionContext, pageSizes: ReadonlySet<number>): { inst: InstanceData; query: BackupQuery; pageSize: number; pageNumber: number } | AliyunError {
  const instanceId = p['InstanceId'];
  if (!instanceId) return missing('InstanceId');
  if (!p['StartTime']) return missing('StartTime');
  if (!p['EndTime']) return missing('EndTime');
  const w = timeWindow(p,
    aliyunErr(400, 'InvalidStartTime.Malformed', 'The Specified parameter StartTime is not valid.'),
    aliyunErr(400, 'InvalidEndTime.Malformed', 'The Specified parameter EndTime is not valid.'));
  if (isError(w)) return w;
  const pageSize = intParam(p['PageSize'], 30);
  if (pageSize === undefined || !pageSizes.has(pageSize)) return invalidParam('PageSize');
  const pageNumber = intParam(p['PageNumber'], 1);
  if (pageNumber === undefined) return invalidParam('PageNumber');
  const inst = ctx.data.find(ctx.account, instanceId);
  if (!inst) return NOT_FOUND();
  return { inst, query: { ...w }, pageSize, pageNumber };
}

/**
 * One row per backup, or per shard of a cluster job (rows of a job adjacent, newest job first). A
 * cloud-native cluster's backups are not here: "this operation does not apply to cloud-native
 * cluster instances", so it lists none (see DescribeClusterBackupList).
 */
export function kvstoreDescribeBackups(p: Params, ctx: ActionContext): ActionResult | AliyunError {
  const req = listRequest(p, ctx, KVSTORE_PAGE_SIZES);
  if (isError(req)) return req;
  const { inst, query, pageSize, pageNumber } = req;
  const seed = inst.seed;
  const backupId = p['BackupId'];
  const jobId = p['BackupJobId'];
  const n = rowsPerJob(seed);
  if (backupId || jobId) {
    query.filter = {
      key: `kv|${backupId ?? ''}|${jobId ?? ''}`,
      test: (b) => (!jobId || String(b.jobId) === jobId)
        && (!backupId || (Number(backupId) >= b.numericId && Number(backupId) < b.numericId + n)),
    };
  }
  const jobs = isCloudNative(seed) ? { total: 0, at: () => undefined } : inst.query(query);
  let rows: { total: number; at(i: number): Row | undefined } = rowView(seed, jobs);
  if (backupId) {
    // One shard of a job: only its row.
    const only = pageOf(rows, 1, rows.total).filter((r) => String(r.part.id) === backupId);
    rows = { total: only.length, at: (i) => only[i] };
  }
  const items = pageOf(rows, pageNumber, servedPageSize(seed.settings.shapes, 'aliyun-kvstore', pageSize));
  const body = {
    RequestId: ctx.env.requestId,
    PageNumber: pageNumber,
    // Echoes the size asked for, even when fewer rows were served.
    PageSize: pageSize,
    TotalCount: rows.total,
    Backups: { Backup: items.map((r) => renderKvstoreRow(seed, r.b, r.part)) },
    FullStorageSize: seed.dataSizeBytes,
    LogStorageSize: 0,
    FreeSize: 0,
  };
  return {
    instanceId: seed.id,
    served: inst,
    body,
    badTotal: (v) => lyingTotal(body, v, { total: 'TotalCount', emptied: () => ({ Backups: { Backup: [] } }) }),
  };
}

/**
 * DescribeClusterBackupList (GET only; RegionId required; no total: a client pages until a short
 * page). Lists a cloud-native cluster's backups; any other instance has none here.
 */
export function kvstoreDescribeClusterBackupList(p: Params, ctx: ActionContext): ActionResult | AliyunError {
  if (ctx.method !== 'GET') return aliyunErr(403, 'UnsupportedHTTPMethod', 'This http method is not supported.');
  if (!p['RegionId']) return missing('RegionId');
  const req = listRequest(p, ctx, CLUSTER_LIST_PAGE_SIZES);
  if (isError(req)) return req;
  const { inst, query, pageSize, pageNumber } = req;
  const seed = inst.seed;
  if (seed.region !== p['RegionId']) return NOT_FOUND();
  const wanted = p['ClusterBackupId'];
  if (wanted) query.filter = { key: `cb|${wanted}`, test: (b) => clusterBackupId(b) === wanted };
  const jobs = isCloudNative(seed) ? inst.query(query) : { total: 0, at: () => undefined };
  const withShards = (p['NoShardBackup'] ?? '').toLowerCase() !== 'true';
  const items = pageOf(jobs, pageNumber, pageSize).map((b) => renderClusterBackup(seed, b, withShards));
  return {
    instanceId: seed.id,
    served: inst,
    body: {
      RequestId: ctx.env.requestId,
      ClusterBackups: items,
      PageNumber: pageNumber,
      PageSize: pageSize,
      MaxResults: items.length,
      FullStorageSize: seed.dataSizeBytes,
      LogStorageSize: 0,
      FreeSize: 0,
    },
  };
}

export function kvstoreDescribeInstances(p: Params, ctx: ActionContext): ActionResult | AliyunError {
  const r = instancePage(ctx, p, 'InstanceIds', 50);
  if (isError(r)) return r;
  return {
    body: {
      Instances: { KVStoreInstance: r.items.map((i) => renderKvstoreInstance(i.seed)) },
      PageNumber: r.pageNumber,
      PageSize: r.pageSize,
      RequestId: ctx.env.requestId,
      TotalCount: r.total,
    },
  };
}

export function kvstoreDescribeRegions(p: Params, { env }: ActionContext): ActionResult {
  return { body: { RequestId: env.requestId, ...kvstoreRegionsBody(p['AcceptLanguage']) } };
}

export function kvstoreDescribeBackupPolicy(p: Params, { data, env, account }: ActionContext): ActionResult | AliyunError {
  const instanceId = p['InstanceId'];
  if (!instanceId) return missing('InstanceId');
  const inst = data.find(account, instanceId);
  if (!inst) return NOT_FOUND();
  return { instanceId, body: { ...kvstorePolicyBody(inst, env.now()), RequestId: env.requestId } };
}
