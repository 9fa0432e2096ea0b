import { z } from 'zod';
import type { CloudBackupsError } from '../../errors.js';
import type { HttpResponse } from '../../http/transport.js';
import { describeAnswer, errorFieldsReader, errorFromAnswer, scalarField, type ErrorContext, type ErrorFields, type ErrorRule } from '../shared/error-response.js';
import { isRecord, scalarText } from '../shared/values.js';
import type { AliyunProviderName } from './endpoints.js';

/** Where the error happened: named in the messages and kept on the error. */
export interface AliyunErrorContext extends ErrorContext {
  provider: AliyunProviderName;
}

const text = scalarField;
const flat = z.object({ Code: text, Message: text, RequestId: text, Recommend: text }).transform((b): ErrorFields => dropUndefined({ code: b.Code, message: b.Message, requestId: b.RequestId, recommend: b.Recommend }));

/** JSON errors are flat; XML ones sit under `<Error>` (or, rarely, under the `<ActionResponse>` root). */
export const readAliyunError = errorFieldsReader([
  z.object({ Error: flat, RequestId: text }).transform((b) => ({ ...b.Error, requestId: b.Error.requestId ?? b.RequestId })),
  z.record(z.string(), z.unknown()).refine((b) => Object.keys(b).length === 1 && Object.keys(b)[0]!.endsWith('Response') && isRecord(Object.values(b)[0])).transform((b) => flat.parse(Object.values(b)[0])),
  flat,
]);

// pop-core's rule: a body whose `Code` is one of these is a success, any other `Code` is an error.
const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success']);

const RAM_ACTION_PREFIX: Record<AliyunProviderName, string> = { 'aliyun-rds': 'rds', 'aliyun-kvstore': 'kvstore' };
const READ_ONLY_POLICY: Record<AliyunProviderName, string> = {
  'aliyun-rds': 'AliyunRDSReadOnlyAccess',
  'aliyun-kvstore': 'AliyunKvstoreReadOnlyAccess',
};

const where = (c: AliyunErrorContext) => `${c.provider}: ${c.operation}${c.instanceId ? ` for ${c.instanceId}` : ''}`;

/** Aliyun's codes, first match wins. */
const RULES: readonly ErrorRule<AliyunErrorContext>[] = [
  {
    codes: [/throttling/i],
    kind: 'throttled',
    message: (c, said) => `${where(c)} was throttled by Aliyun (${said}). It is retried with backoff; if it persists, lower the concurrency or set the source's rateLimit.`,
  },
  {
    // Every attempt is signed anew with a fresh nonce, so a repeat can only be a gateway hiccup: retry it.
    codes: ['SignatureNonceUsed'],
    kind: 'retryable',
    message: (c, said) => `${where(c)} was refused as a replay (${said}); it is retried with a fresh nonce.`,
  },
  {
    codes: [/ServiceUnavailable/, /InternalError/],
    kind: 'retryable',
    message: (c, said) => `${where(c)} failed on Aliyun's side (${said}); it is retried automatically. If it persists, try again later.`,
  },
  {
    codes: ['InvalidTimeStamp.Expired'],
    kind: 'authentication',
    message: (c, said) =>
      `${where(c)} was rejected (${said}): the local clock is off by more than 15 minutes from Aliyun's. Synchronize the system clock (NTP) and retry.`,
  },
  {
    codes: ['SignatureDoesNotMatch', 'IncompleteSignature', /^InvalidSignature/],
    kind: 'authentication',
    message: (c, said) =>
      `${where(c)} was rejected (${said}): the signature did not match. Check that the AccessKey secret belongs to the AccessKey id ` +
      '(no stray spaces or quotes) and that no proxy rewrites the request.',
  },
  {
    codes: [/^InvalidAccessKeyId/],
    kind: 'authentication',
    message: (c, said) =>
      `${where(c)} was rejected (${said}): Aliyun does not accept this AccessKey id. Check the id, that the key exists and is enabled, ` +
      'and that it belongs to the same Alibaba Cloud site (China or international) as the endpoint.',
  },
  {
    codes: [/^InvalidSecurityToken/, 'MissingSecurityToken'],
    kind: 'authentication',
    message: (c, said) =>
      `${where(c)} was rejected (${said}): the STS security token is invalid or expired. Get fresh temporary credentials ` +
      '(AccessKey id, secret and token together), or give a credentials function so they are refreshed.',
  },
  {
    codes: ['Forbidden.AccessKeyDisabled'],
    kind: 'authentication',
    message: (c, said) => `${where(c)} was rejected (${said}): the AccessKey is disabled. Enable it in the RAM console or use another key.`,
  },
  {
    codes: [/^Forbidden/, /NoPermission/, 'InvalidUserOperatorPermission'],
    kind: 'permission',
    message: (c, said) =>
      `${where(c)} was denied (${said}): the credentials are valid but lack permission. Grant the RAM user or role ` +
      `${RAM_ACTION_PREFIX[c.provider]}:${c.operation} (the ${READ_ONLY_POLICY[c.provider]} policy includes it).`,
  },
  {
    codes: ['InvalidDBInstanceId.NotFound', 'InvalidInstanceId.NotFound', 'InvalidDBInstance.NotFound', 'InvalidDBInstanceName.NotFound'],
    kind: 'not-found',
    message: (c, said) =>
      `${where(c)}: ${c.instanceId ? `instance ${c.instanceId}` : 'the instance'} was not found${c.region ? ` in region ${c.region}` : ''} (${said}). ` +
      "Check the instance id and that the source's region is the instance's region.",
  },
  {
    statuses: [500, 502, 503, 504],
    kind: 'retryable',
    message: (c, said) => `${where(c)} failed on Aliyun's side (${said}); it is retried automatically. If it persists, try again later.`,
  },
];

/** Builds the transport's `interpret` for one Aliyun call: undefined on success, else the typed error. */
export function aliyunErrorInterpreter(context: AliyunErrorContext): (response: HttpResponse) => CloudBackupsError | undefined {
  return (response) => classifyAliyunResponse(context, response);
}

/** Success is a 2xx whose body carries no error `Code`; everything else becomes a typed error. */
export function classifyAliyunResponse(context: AliyunErrorContext, response: HttpResponse): CloudBackupsError | undefined {
  if (isPlainSuccess(response)) return undefined;
  const read = readAliyunError(response.body);
  const failedCode = read.code !== undefined && !SUCCESS_CODES.has(read.code) ? read.code : undefined;
  const ok = response.status >= 200 && response.status < 300;
  if (ok && failedCode === undefined) return undefined;
  const fields: ErrorFields = { ...read, code: failedCode, requestId: read.requestId ?? response.headers['x-acs-request-id'] };
  const said = describeAnswer(fields, response.status, 'RequestId');
  return errorFromAnswer(RULES, { status: response.status, fields, response }, context, said);
}

/**
 * A 2xx JSON answer with none of the places an error code can sit (`Code`, `Error`, a lone `...Response` wrapper):
 * what readAliyunError would find no code in, decided without its three zod parses (every page of a listing asks).
 */
function isPlainSuccess(response: HttpResponse): boolean {
  const body = response.body;
  if (response.status < 200 || response.status >= 300 || !isRecord(body) || 'Code' in body || 'Error' in body) return false;
  let keys = 0;
  let wrapped = false;
  for (const key in body) {
    keys++;
    wrapped = key.endsWith('Response');
    if (keys > 1) return true;
  }
  return !wrapped;
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
