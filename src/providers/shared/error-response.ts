import { z } from 'zod';
import {
  AuthenticationError,
  ConfigurationError,
  NotFoundError,
  PermissionError,
  ProviderApiError,
  ThrottlingError,
  type CloudBackupsError,
  type ProviderApiErrorOptions,
} from '../../errors.js';
import { parseRetryAfter } from '../../http/retry.js';
import type { HttpResponse } from '../../http/transport.js';
import type { ProviderName } from '../../model.js';
import { scalarText } from './values.js';

/**
 * One way to turn an error answer into one of our errors, configured per provider: a reader for the shapes its
 * error bodies come in, and a table of rules (first match wins) saying what kind of error a code or status is and
 * what to tell the user. Each provider's `errors.ts` is that configuration and nothing else.
 */

/** What an error body says. */
export interface ErrorFields {
  code?: string;
  message?: string;
  requestId?: string;
  /** A link the provider suggests (Aliyun's `Recommend`). */
  recommend?: string;
}

/** An error-body field that may be absent, a string or a number: trimmed text, or undefined. */
export const scalarField = z.unknown().transform((v) => scalarText(v)).optional();

/** Reads error fields with the first of a provider's body shapes that matches; `{}` when none does. */
export function errorFieldsReader(shapes: readonly z.ZodType<ErrorFields>[]): (body: unknown) => ErrorFields {
  return (body) => {
    for (const shape of shapes) {
      const parsed = shape.safeParse(body);
      if (parsed.success && (parsed.data.code !== undefined || parsed.data.message !== undefined)) return parsed.data;
    }
    return {};
  };
}

export type ErrorKind =
  /** Transient refusal: retried with backoff, honouring Retry-After. */
  | 'throttled'
  /** The provider failed (5xx, internal error): retried. */
  | 'retryable'
  /** The credentials were not accepted (bad key, signature, expired token, skewed clock): never retried. */
  | 'authentication'
  /** The credentials are valid but lack the permission: never retried. */
  | 'permission'
  /** The instance (or another named resource) does not exist for these credentials and region. */
  | 'not-found'
  /** The source's configuration is wrong (an unavailable project): a ConfigurationError carrying the answer as cause. */
  | 'configuration'
  /** The request was refused as invalid: repeating it cannot help. */
  | 'rejected';

/** Where the error happened: named in messages and kept on the error. */
export interface ErrorContext {
  provider: ProviderName;
  operation: string;
  instanceId?: string | undefined;
  region?: string | undefined;
  /** The clock an HTTP-date `Retry-After` is measured against. */
  now?: (() => number) | undefined;
}

export interface ErrorRule<C extends ErrorContext> {
  /** Codes this rule covers: exact strings (case-sensitive) or patterns. */
  codes?: readonly (string | RegExp)[];
  /** HTTP statuses this rule covers (any code, or none). */
  statuses?: readonly number[];
  /** A further condition on the answer. */
  when?: (answer: Answer, context: C) => boolean;
  kind: ErrorKind;
  /** The message: what happened and what to do. `said` is the provider's own words (code, message, status, request id). */
  message: (context: C, said: string, answer: Answer) => string;
  /** For 'configuration': the option at fault. */
  field?: string;
}

/** An error answer as the rules see it. */
export interface Answer {
  status: number;
  fields: ErrorFields;
  response: HttpResponse;
}

/** Applies a provider's rules to an error answer; the fallback is a non-retryable ProviderApiError (5xx: retryable). */
export function errorFromAnswer<C extends ErrorContext>(rules: readonly ErrorRule<C>[], answer: Answer, context: C, said: string): CloudBackupsError {
  const { fields, status, response } = answer;
  const options: ProviderApiErrorOptions = {
    provider: context.provider,
    httpStatus: status,
    url: response.url,
    operation: context.operation,
    code: fields.code,
    requestId: fields.requestId,
    instanceId: context.instanceId,
  };
  const rule = rules.find((r) => matches(r, answer, context));
  const where = `${context.provider}: ${context.operation}${context.instanceId !== undefined ? ` for ${context.instanceId}` : ''}`;
  if (!rule) {
    const retryable = status >= 500;
    const see = fields.recommend ? ` See ${fields.recommend}` : '';
    return new ProviderApiError(`${where} failed (${said})${retryable ? '; it is retried automatically' : ''}.${see}`, { ...options, retryable });
  }
  const message = rule.message(context, said, answer);
  switch (rule.kind) {
    case 'throttled':
      return new ThrottlingError(message, { ...options, retryAfterMs: parseRetryAfter(response.headers, context.now?.()) });
    case 'retryable':
      return new ProviderApiError(message, { ...options, retryable: true });
    case 'authentication':
      return new AuthenticationError(message, options);
    case 'permission':
      return new PermissionError(message, options);
    case 'not-found':
      return new NotFoundError(message, options);
    case 'configuration':
      return new ConfigurationError(message, { provider: context.provider, field: rule.field, cause: new ProviderApiError(`${where} (${said})`, options) });
    case 'rejected':
      return new ProviderApiError(message, { ...options, retryable: false });
  }
}

function matches<C extends ErrorContext>(rule: ErrorRule<C>, answer: Answer, context: C): boolean {
  const code = answer.fields.code;
  if (rule.codes && !(code !== undefined && rule.codes.some((c) => (typeof c === 'string' ? c === code : c.test(code))))) return false;
  if (rule.statuses && !rule.statuses.includes(answer.status)) return false;
  return rule.when ? rule.when(answer, context) : true;
}

const MAX_PROVIDER_MESSAGE = 300;

/**
 * A provider's message, safe to show: servers echo the string-to-sign or canonical request (which hold our access key
 * id and any token) in signature errors, so the message is cut before the sentence that starts that echo; 64-digit
 * hex digests are masked; the rest is capped in length.
 */
export function safeServerMessage(message: string): string {
  const echo = message.search(/string\s*to\s*sign|stringtosign|canonical\s*request/i);
  let kept = message;
  if (echo >= 0) {
    // Back to the end of the last complete sentence before the echo, so nothing is cut mid-sentence.
    const before = message.slice(0, echo);
    const end = Math.max(before.lastIndexOf('. '), before.lastIndexOf('.\n'), before.lastIndexOf('。'));
    kept = end >= 0 ? before.slice(0, end + 1) : before;
  }
  kept = kept.replace(/[0-9a-f]{64}/gi, '[REDACTED]').replace(/\s+/g, ' ').trim().replace(/[\s:,]+$/, '');
  return kept.length > MAX_PROVIDER_MESSAGE ? `${kept.slice(0, MAX_PROVIDER_MESSAGE)}…` : kept;
}

/** "Code: message, HTTP 400, RequestId X": the provider's own words, made safe, with its own name for a request id. */
export function describeAnswer(fields: ErrorFields, status: number, requestIdLabel = 'request id'): string {
  const parts: string[] = [];
  const message = fields.message !== undefined ? safeServerMessage(fields.message) : undefined;
  if (fields.code !== undefined) parts.push(message ? `${fields.code}: ${message}` : fields.code);
  else if (message) parts.push(message);
  parts.push(`HTTP ${status}`);
  if (fields.requestId !== undefined) parts.push(`${requestIdLabel} ${fields.requestId}`);
  return parts.join(', ');
}
