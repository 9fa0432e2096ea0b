import type { HttpResponse, RetryEvent } from '../../http/transport.js';
import type { ProviderContext } from '../../source.js';
import { signHuawei, type ParamValue } from '../../signing/index.js';
import { classifyHuaweiResponse } from './errors.js';

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
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
}

/**
 * One signed GET through the shared transport. Every attempt is signed afresh (a new X-Sdk-Date), and the
 * query goes on the wire exactly as it was signed, so `+` in a time offset is `%2B`, never a literal `+`.
 */
export function huaweiGet(ctx: ProviderContext<'huawei-rds'>, args: HuaweiGetArgs): Promise<HttpResponse> {
  const base = new URL(args.baseUrl);
  // A base URL may carry a path prefix; it is part of what the server sees, so it is part of what is signed.
  const prefix = base.pathname.replace(/\/+$/, '').split('/').map(decodeSegment).join('/');
  const path = args.projectId === undefined ? args.pathTemplate : args.pathTemplate.replaceAll('{project_id}', args.projectId);
  const api = `GET ${args.pathTemplate}`;
  return ctx.send({
    operation: args.operation,
    ...(args.signal ? { signal: args.signal } : {}),
    ...(args.onRetry ? { onRetry: args.onRetry } : {}),
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
      };
    },
    interpret: (response) =>
      classifyHuaweiResponse(response, {
        operation: args.operation,
        api,
        ...(args.instanceId !== undefined ? { instanceId: args.instanceId } : {}),
        now: () => ctx.now().getTime(),
      }),
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
