/** RDS (2014-08-15) actions: DescribeBackups, DescribeBackupPolicy, DescribeDBInstances, DescribeRegions. */
import type { BackupQuery } from '../dataset.js';
import { servedPageSize } from '../shapes.js';
import type { ActionContext, ActionResult, Params } from './action.js';
import { instancePage, intParam, isError, lyingTotal, pageOf, timeWindow } from './action.js';
import { aliyunBackupMode, aliyunBackupStatus, aliyunBackupType } from './enums.js';
import type { AliyunError } from './errors.js';
import { aliyunErr, missing } from './errors.js';
import { rdsPolicyBody } from './policy.js';
import { rdsRegionsBody } from './regions.js';
import { renderRdsBackup, renderRdsInstance } from './rds-render.js';

const RDS_PAGE_SIZES = new Set([30, 50, 100]);

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
      test: (b) => (!status || aliyunBackupStatus(b) === status) && (!mode || aliyunBackupMode(b) === mode)
        && (!type || aliyunBackupType(b) === type) && (!id || b.id === id),
    };
  }
  const view = inst.query(query);
  // A capped page holds fewer rows; pages are counted in the capped size, as a clamping server does.
  const items = pageOf(view, pageNumber, servedPageSize(inst.seed.settings.shapes, 'aliyun-rds', pageSize));
  const body = {
    Items: { Backup: items.map((b) => renderRdsBackup(inst.seed, b)) },
    PageNumber: String(pageNumber),
    PageRecordCount: String(items.length),
    RequestId: env.requestId,
    TotalEcsSnapshotSize: 0,
    TotalRecordCount: String(view.total),
  };
  return {
    instanceId,
    served: inst,
    body,
    badTotal: (v) => lyingTotal(body, v, { total: 'TotalRecordCount', asText: true, emptied: () => ({ Items: { Backup: [] }, PageRecordCount: '0' }) }),
  };
}

export function rdsDescribeDbInstances(p: Params, ctx: ActionContext): ActionResult | AliyunError {
  if (!p['RegionId']) return missing('RegionId');
  const r = instancePage(ctx, p, 'DBInstanceId', 100);
  if (isError(r)) return r;
  return {
    body: {
      Items: { DBInstance: r.items.map((i) => renderRdsInstance(i.seed)) },
      PageNumber: r.pageNumber,
      PageRecordCount: r.items.length,
      RequestId: ctx.env.requestId,
      TotalRecordCount: r.total,
    },
  };
}

export function rdsDescribeRegions(p: Params, { env }: ActionContext): ActionResult {
  return { body: { RequestId: env.requestId, ...rdsRegionsBody(p['AcceptLanguage']) } };
}

const POLICY_MODES = new Set(['DataBackupPolicy', 'LogBackupPolicy']);

export function rdsDescribeBackupPolicy(p: Params, { data, env, account }: ActionContext): ActionResult | AliyunError {
  const instanceId = p['DBInstanceId'];
  if (!instanceId) return missing('DBInstanceId');
  const mode = p['BackupPolicyMode'];
  if (mode && !POLICY_MODES.has(mode)) return aliyunErr(400, 'InvalidBackupPolicyMode', 'The specified parameter BackupPolicyMode is not valid.');
  const inst = data.find(account, instanceId);
  if (!inst) return aliyunErr(400, 'InvalidDBInstanceId.NotFound', 'The DBInstanceId provided does not exist in records.');
  return { instanceId, body: { ...rdsPolicyBody(inst, env.now()), RequestId: env.requestId } };
}
