import { z } from 'zod';
import type { CloudBackupsError } from '../../errors.js';
import type { HttpResponse } from '../../http/transport.js';
import { describeAnswer, errorFieldsReader, errorFromAnswer, scalarField, type ErrorContext, type ErrorFields, type ErrorRule } from '../shared/error-response.js';
import { isRecord, scalarText } from '../shared/values.js';
import { CAPITALONLINE_MYSQL } from './endpoints.js';

export interface ClassifyContext {
  /** The action, e.g. `DescribeBackups`. */
  operation: string;
  /** The instance the request was about, when it was about one. */
  instanceId?: string | undefined;
  /** The source's site, named in messages about missing instances. */
  site?: string | undefined;
}

type CapitalOnlineErrorContext = ErrorContext & ClassifyContext;

const text = scalarField;

/** Every MySQL answer is `{Code, Message, Data}`; the request id, when any, is in the body or a header. */
const readFields = errorFieldsReader([
  z.object({ Code: text, Message: text, RequestId: text }).transform((b): ErrorFields => {
    const out: ErrorFields = {};
    if (b.Code !== undefined) out.code = b.Code;
    if (b.Message !== undefined) out.message = b.Message;
    if (b.RequestId !== undefined) out.requestId = b.RequestId;
    return out;
  }),
]);

const what = (c: CapitalOnlineErrorContext) => `${CAPITALONLINE_MYSQL}: ${c.operation}${c.instanceId !== undefined ? ` for instance ${c.instanceId}` : ''} failed`;

/**
 * CapitalOnline documents few codes (400 ArgMissing/InvalidParameter/BadArgs/UnsupportedOperation, 404
 * ResourceNotFound, 409 ResourceInUse, 500 InternalError); authentication failures are undocumented for cdsapi, so
 * only codes that plainly name a signature, an access key or an expired timestamp count as one. A 403 is the
 * platform refusing the operation (its documented 403s are business-state refusals), not a bad key.
 */
const RULES: readonly ErrorRule<CapitalOnlineErrorContext>[] = [
  {
    statuses: [429],
    kind: 'throttled',
    message: (c, said) => `${what(c)}: throttled (${said}). It is retried with backoff; lower the source's rateLimit if it persists.`,
  },
  {
    // A quota is not a rate: it does not pass by waiting (checked before the rate-limit codes below).
    codes: [/quota/i],
    kind: 'rejected',
    message: (c, said) => `${what(c)}: a quota is exhausted (${said}). This does not pass by retrying: raise the quota or reduce what is requested.`,
  },
  {
    codes: [/throttl/i, /^RequestLimitExceeded$/i, /flow_?limit/i, /rate_?limit/i, /^TooManyRequests$/i],
    kind: 'throttled',
    message: (c, said) => `${what(c)}: throttled (${said}). It is retried with backoff; lower the source's rateLimit if it persists.`,
  },
  {
    codes: [/signature/i, /^invalid_?access_?key/i, /^(invalid)?secret_?(id|key)/i, /^(unauthori[sz]ed|authfailure|authenticationfailed)/i, /timestamp/i, /nonce/i],
    kind: 'authentication',
    message: (c, said) =>
      `${what(c)}: authentication was refused (${said}). Check the access key id and secret ` +
      '(CDS_SECRET_ID / CDS_SECRET_KEY or the credentials option) and that the host clock is correct.',
  },
  {
    statuses: [401],
    kind: 'authentication',
    message: (c, said) =>
      `${what(c)}: authentication was refused (${said}). Check the access key id and secret ` +
      '(CDS_SECRET_ID / CDS_SECRET_KEY or the credentials option) and that the host clock is correct.',
  },
  {
    statuses: [403],
    kind: 'permission',
    message: (c, said) =>
      `${what(c)}: the platform refused the operation (${said}). The key is accepted but may not do this (or the instance's state does not allow it); ` +
      'check the account\'s permissions for MySQL and the instance.',
  },
  {
    codes: [/^resourcenotfound$/i],
    kind: 'not-found',
    message: (c, said) =>
      `${CAPITALONLINE_MYSQL}: ${c.operation}: ${c.instanceId !== undefined ? `instance ${c.instanceId} was not found` : 'the resource was not found'} (${said}). ` +
      `Check the instance UUID, and that it belongs to these credentials and to site '${c.site ?? 'cn'}' (each of cn, asia and us is a separate site).`,
  },
  {
    codes: [/^internalerror$/i],
    kind: 'retryable',
    message: (c, said) => `${what(c)}: server error (${said}). It is retried; if it persists, the service is failing.`,
  },
  {
    when: (answer) => answer.status >= 500,
    kind: 'retryable',
    message: (c, said) => `${what(c)}: server error (${said}). It is retried; if it persists, the service is failing.`,
  },
  {
    // The caller must change something, but the error is the provider's answer: its code, status and request id diagnose it.
    codes: [/^(argmissing|invalidparameter|badargs|unsupportedoperation)$/i],
    kind: 'rejected',
    message: (c, said) => `${what(c)}: the request was rejected as invalid (${said}). Check the instance id and the source options; repeating the same request will not help.`,
  },
];

/**
 * Turns a CapitalOnline answer into an error, or undefined when it is a success: a 2xx whose `Code` is `Success`
 * (any case) or absent (a 2xx without any Code is left to the envelope schema, which refuses it).
 */
export function classifyCapitalOnlineResponse(response: HttpResponse, context: ClassifyContext): CloudBackupsError | undefined {
  if (response.status >= 200 && response.status < 300) {
    // What readFields would find as the code (the body's `Code` as text), without its parse: every page asks.
    const code = isRecord(response.body) ? scalarText(response.body.Code) : undefined;
    if (code === undefined || code.toLowerCase() === 'success') return undefined;
  }
  const read = readFields(response.body);
  const fields: ErrorFields = { ...read, requestId: read.requestId ?? scalarText(response.headers['x-request-id']) };
  return errorFromAnswer(RULES, { status: response.status, fields, response }, { ...context, provider: CAPITALONLINE_MYSQL }, describeAnswer(fields, response.status));
}
