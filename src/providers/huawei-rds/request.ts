import type { HttpResponse } from '../../http/transport.js';
import type { CallContext, TimeWindow } from '../../listing/provider.js';
import { signHuawei, type ParamValue } from '../../signing/index.js';
import { DEFAULT_WINDOW_START } from '../../listing/windows.js';
import type { NormalizedQuery } from '../../query.js';
import { attemptSecrets } from '../shared/secrets.js';
import { classifyHuaweiResponse } from './errors.js';
import { HUAWEI_BACKUP_KINDS, UNKNOWN_BACKUP_KIND, type BackupKind, type HuaweiBackupTypeValue } from './map.js';
import { formatHuaweiTime } from './time.js';

/**
 * What the official SDK sends on every RDS and IAM call, GET included: its HcClient turns any JSON content type
 * into exactly `application/json`, and the signer signs it.
 */
export const HUAWEI_CONTENT_TYPE = 'application/json';

export interface HuaweiGetArgs {
  /** For error messages: `ListBackups`. */
  operation: string;
  /** The base URL to call (RDS, or IAM for project lookups), no trailing slash. */
  baseUrl: string;
  /** Path below the base URL, `{project_id}` standing for the project, e.g. `/v3/{project_id}/backups`. */
  pathTemplate: string;
  query: Record<string, ParamValue>;
  /** Fills `{project_id}` and is sent (and signed) as `X-Project-Id`, as the SDK's BasicCredentials do; absent for IAM calls. */
  projectId?: string;
  /** Names the instance in errors (a not-found error names it). */
  instanceId?: string;
  /** Default: the call context's (the walk's) signal. */
  signal?: AbortSignal;
}

/**
 * One signed GET through the shared transport. Every attempt is signed afresh (a new X-Sdk-Date), and the
 * query goes on the wire exactly as it was signed, so `+` in a time offset is `%2B`, never a literal `+`.
 */
export function huaweiGet(ctx: CallContext<'huawei-rds'>, args: HuaweiGetArgs): Promise<HttpResponse> {
  const base = new URL(args.baseUrl);
  // A base URL may carry a path prefix; it is part of what the server sees, so it is part of what is signed.
  const prefix = base.pathname.replace(/\/+$/, '').split('/').map(decodeSegment).join('/');
  const path = args.projectId === undefined ? args.pathTemplate : args.pathTemplate.replaceAll('{project_id}', args.projectId);
  const api = `GET ${args.pathTemplate}`;
  return ctx.send({
    operation: args.operation,
    signal: args.signal,
    sign: async () => {
      const credentials = await ctx.credentials();
      const signed = signHuawei(
        {
          method: 'GET',
          host: base.host,
          path: `${prefix}${path}`,
          query: args.query,
          headers: {
            'content-type': HUAWEI_CONTENT_TYPE,
            ...(args.projectId !== undefined ? { 'x-project-id': args.projectId } : {}),
          },
        },
        credentials,
        ctx.now(),
      );
      return {
        method: 'GET',
        url: signed.query === '' ? `${base.origin}${signed.path}` : `${base.origin}${signed.path}?${signed.query}`,
        headers: signed.headers,
        secrets: attemptSecrets(credentials, { authorization: signed.headers.authorization }),
      };
    },
    interpret: (response) =>
      classifyHuaweiResponse(response, { operation: args.operation, api, instanceId: args.instanceId, region: ctx.region, now: () => ctx.now().getTime() }),
  });
}

/** The signer encodes path segments itself, so an already-encoded prefix segment is decoded first. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The `backup_type` to send, when the query's mode and type filters admit exactly one Huawei type.
 *
 * A backup passes the client-side filter when its (mode, type) is admitted. Pushing a value down is safe only
 * when no other record could pass: so never when an undocumented type (mapped to unknown/unknown) would pass,
 * and only when exactly one documented type does. Examples: type 'differential' -> fragment; type 'incremental'
 * -> incremental; mode 'manual' -> manual (fragment's mode is 'unknown'); automated + full -> auto;
 * type 'full' alone (auto or manual) or mode 'automated' alone (auto or incremental) -> nothing pushed.
 */
export function backupTypePushdown(query: Pick<NormalizedQuery, 'mode' | 'type'>): HuaweiBackupTypeValue | undefined {
  if (!query.mode && !query.type) return undefined;
  const admits = (kind: BackupKind) => (!query.mode || query.mode.has(kind.mode)) && (!query.type || query.type.has(kind.type));
  if (admits(UNKNOWN_BACKUP_KIND)) return undefined;
  const candidates = (Object.keys(HUAWEI_BACKUP_KINDS) as HuaweiBackupTypeValue[]).filter((value) => admits(HUAWEI_BACKUP_KINDS[value]));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The gateway accepts an X-Sdk-Date up to 15 minutes from its own clock; a backup the server stamps up to that
 * much "after" our now is still one the caller asked for when it gave no upper bound.
 */
const CLOCK_SKEW_ALLOWANCE_MS = 15 * 60_000;
const SECOND_MS = 1000;

/**
 * `begin_time` and `end_time`, always together (the API rejects one without the other), or neither.
 * A missing lower bound becomes 2010-01-01 (before Huawei Cloud RDS existed); a missing upper bound, now plus
 * the clock-skew allowance. Bounds are widened to whole seconds (the API's precision); the client filters exactly.
 */
export function timeWindowParams(window: TimeWindow, now: Date): { begin_time?: string; end_time?: string } {
  if (!window.since && !window.until) return {};
  const end = window.until ? ceilToSecond(window.until.getTime()) : ceilToSecond(now.getTime() + CLOCK_SKEW_ALLOWANCE_MS);
  let begin = window.since ? floorToSecond(window.since.getTime()) : DEFAULT_WINDOW_START.getTime();
  // end must be after begin; a window that could match nothing still has to be a valid request.
  if (begin >= end) begin = end - SECOND_MS;
  return { begin_time: formatHuaweiTime(new Date(begin)), end_time: formatHuaweiTime(new Date(end)) };
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / SECOND_MS) * SECOND_MS;
}

function ceilToSecond(ms: number): number {
  return Math.ceil(ms / SECOND_MS) * SECOND_MS;
}
