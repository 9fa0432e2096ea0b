import type { HttpResponse } from '../../http/transport.js';
import type { CallContext } from '../../listing/provider.js';
import { signCapitalOnline } from '../../signing/capitalonline.js';
import type { ParamValue } from '../../signing/percent-encode.js';
import { CAPITALONLINE_MYSQL_PATH } from './endpoints.js';
import { attemptSecrets } from '../shared/secrets.js';
import { classifyCapitalOnlineResponse } from './errors.js';

export type CapitalOnlineMysqlAction = 'DescribeBackups' | 'DescribeDBInstances';

export interface CapitalOnlineCall {
  action: CapitalOnlineMysqlAction;
  /** Query parameters of the action; undefined and empty values are dropped by the signer, never sent. */
  params: Record<string, ParamValue>;
  /** The instance the call is about, for error messages. */
  instanceId?: string;
  /** Default: the call context's (the walk's) signal. */
  signal?: AbortSignal;
}

/**
 * Sends one signed GET to `{base}/mysql?Action=...`. Every attempt is signed afresh (new Timestamp and
 * SignatureNonce); only the query is signed, so the host and path need not match anything in the signature.
 */
export async function callCapitalOnlineMysql(ctx: CallContext<'capitalonline-mysql'>, call: CapitalOnlineCall): Promise<HttpResponse> {
  const credentials = await ctx.credentials();
  return ctx.send({
    operation: call.action,
    sign: () => {
      const signed = signCapitalOnline({ method: 'GET', action: call.action, params: call.params }, credentials, ctx.now(), ctx.nonce());
      return { method: 'GET', url: `${ctx.baseUrl}${CAPITALONLINE_MYSQL_PATH}?${signed.query}`, secrets: attemptSecrets(credentials, { signature: String(signed.params.Signature) }) };
    },
    interpret: (response) => classifyCapitalOnlineResponse(response, { operation: call.action, instanceId: call.instanceId, site: ctx.region }),
    signal: call.signal,
  });
}

/** `DescribeBackups` takes the instance UUID and nothing else: no paging, no filters. */
export function describeBackupsParams(instanceId: string): Record<string, ParamValue> {
  return { InstanceUuid: instanceId };
}
