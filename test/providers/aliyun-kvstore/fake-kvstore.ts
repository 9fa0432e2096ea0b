/**
 * A scripted R-kvstore gateway for the end-to-end tests: checks every signature the way the service does,
 * requires the DescribeBackups window, filters by it at minute precision and pages like the real API.
 */
import type { RecordedRequest, ScriptedResponse } from '../../helpers/test-server.js';
import { errorAnswer, jsonAnswer, queryParams, verifyAcs3, verifyRpcV1, xmlAnswer } from '../aliyun-common/aliyun-server.js';

export interface FakeKvstoreOptions {
  secret: string;
  /** `Backups.Backup` records in the SDK shape, any order (served newest first). */
  backups?: Record<string, unknown>[];
  /** `Instances.KVStoreInstance` records. */
  instances?: Record<string, unknown>[];
  /** Fault injection: an answer for this request instead of the normal one. */
  override?: (call: FakeCall) => ScriptedResponse | undefined | Promise<ScriptedResponse | undefined>;
}

/** One request as the fake understood it. */
export interface FakeCall {
  request: RecordedRequest;
  action: string;
  params: Map<string, string>;
  /** The 1-based position of this call among all calls. */
  index: number;
}

const MINUTE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z$/;
const PAGE_SIZES = new Set([30, 50, 100, 200, 300]);

export function fakeKvstore(options: FakeKvstoreOptions) {
  const calls: FakeCall[] = [];
  const handler = async (request: RecordedRequest): Promise<ScriptedResponse> => {
    const params = queryParams(request);
    const v3 = typeof request.headers.authorization === 'string';
    const action = v3 ? String(request.headers['x-acs-action'] ?? '') : (params.get('Action') ?? '');
    const call: FakeCall = { request, action, params, index: calls.length + 1 };
    calls.push(call);
    const xml = params.get('Format') === 'XML';
    const fail = (status: number, Code: string, Message: string) =>
      errorAnswer(status, { Code, Message, RequestId: `REQ-${call.index}` }, { xml });

    const problem = v3 ? verifyAcs3(request, options.secret) : verifyRpcV1(request, options.secret);
    if (problem) return fail(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation (${problem}).`);
    const version = v3 ? request.headers['x-acs-version'] : params.get('Version');
    if (version !== '2015-01-01') return fail(400, 'InvalidVersion', `Specified parameter Version is not valid: ${String(version)}.`);

    const override = await options.override?.(call);
    if (override) return override;

    if (action === 'DescribeBackups') return describeBackups(params, options.backups ?? [], xml, call.index, fail);
    if (action === 'DescribeInstances') return describeInstances(params, options.instances ?? [], xml, call.index, fail);
    return fail(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method: ${action}`);
  };
  return { handler, calls };
}

type Fail = (status: number, code: string, message: string) => ScriptedResponse;

function describeBackups(params: Map<string, string>, backups: Record<string, unknown>[], xml: boolean, index: number, fail: Fail): ScriptedResponse {
  const instanceId = params.get('InstanceId');
  if (!instanceId) return fail(400, 'MissingInstanceId', 'InstanceId is mandatory for this action.');
  const start = params.get('StartTime');
  const end = params.get('EndTime');
  if (start === undefined) return fail(400, 'MissingStartTime', 'StartTime is mandatory for this action.');
  if (end === undefined) return fail(400, 'MissingEndTime', 'EndTime is mandatory for this action.');
  if (!MINUTE.test(start)) return fail(400, 'InvalidStartTime.Malformed', 'The Specified parameter StartTime is not valid.');
  if (!MINUTE.test(end)) return fail(400, 'InvalidEndTime.Malformed', 'The Specified parameter EndTime is not valid.');
  const from = Date.parse(start.replace('Z', ':00Z'));
  const to = Date.parse(end.replace('Z', ':00Z'));
  if (to <= from) return fail(400, 'InvalidEndTime.Malformed', 'EndTime must be later than StartTime.');
  const pageSize = Number(params.get('PageSize') ?? 30);
  const pageNumber = Number(params.get('PageNumber') ?? 1);
  if (!PAGE_SIZES.has(pageSize)) return fail(400, 'InvalidParameter', `PageSize must be 30, 50, 100, 200 or 300, got ${pageSize}.`);
  const inWindow = backups
    .filter((b) => {
      const t = Date.parse(String(b.BackupStartTime));
      return t >= from && t <= to;
    })
    .sort((a, b) => Date.parse(String(b.BackupStartTime)) - Date.parse(String(a.BackupStartTime)));
  const page = inWindow.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const body = { RequestId: `REQ-${index}`, PageNumber: pageNumber, PageSize: pageSize, TotalCount: inWindow.length, Backups: { Backup: page } };
  return xml ? xmlAnswer(toXml('DescribeBackupsResponse', body)) : jsonAnswer(body);
}

function describeInstances(params: Map<string, string>, instances: Record<string, unknown>[], xml: boolean, index: number, fail: Fail): ScriptedResponse {
  const region = params.get('RegionId');
  const pageSize = Number(params.get('PageSize') ?? 30);
  const pageNumber = Number(params.get('PageNumber') ?? 1);
  if (pageSize > 50) return fail(400, 'InvalidParameter', `PageSize must not exceed 50, got ${pageSize}.`);
  const inRegion = instances.filter((i) => region === undefined || i.RegionId === region);
  const page = inRegion.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const body = { RequestId: `REQ-${index}`, PageNumber: pageNumber, PageSize: pageSize, TotalCount: inRegion.length, Instances: { KVStoreInstance: page } };
  return xml ? xmlAnswer(toXml('DescribeInstancesResponse', body)) : jsonAnswer(body);
}

/** Aliyun's XML: an element per field, a repeated element per list item. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element(root, value)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object' && value !== null) {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  const text = value === undefined || value === null ? '' : String(value);
  return `<${name}>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${name}>`;
}

/** `count` backups of one instance, one a day backwards from `newest`, in the SDK's JSON shape. */
export function dailyBackups(count: number, newest: string, firstId = 1_000_000): Record<string, unknown>[] {
  const day = 86_400_000;
  const t0 = Date.parse(newest);
  return Array.from({ length: count }, (_, i) => ({
    BackupId: firstId + count - i,
    BackupStatus: i % 10 === 3 ? 'Failed' : 'Success',
    BackupStartTime: new Date(t0 - i * day).toISOString().replace('.000Z', 'Z'),
    BackupEndTime: new Date(t0 - i * day + 150_000).toISOString().replace('.000Z', 'Z'),
    BackupType: 'FullBackup',
    BackupMode: i % 7 === 0 ? 'Manual' : 'Automated',
    BackupMethod: 'Physical',
    BackupSize: 1024 * (i + 1),
    BackupDBNames: 'all',
    BackupDownloadURL: '',
    BackupIntranetDownloadURL: '',
    EngineVersion: '7.0',
    NodeInstanceId: 'r-node',
  }));
}
