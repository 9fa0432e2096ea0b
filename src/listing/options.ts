import { z } from 'zod';
import type { CredentialsInput } from '../credentials/types.js';
import { ConfigurationError } from '../errors.js';
import type { RateLimitOptions } from '../http/rate-limit.js';
import type { RetryOptions } from '../http/retry.js';
import type { ProviderName } from '../model.js';
import { closestMatch } from '../suggest.js';

/** The longest delay Node's timers accept (2^31 - 1 ms, about 24.8 days); anything longer fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Options every source factory accepts. */
export interface CommonSourceOptions {
  /** Default: the provider's environment/file chain, resolved lazily on the first request. */
  credentials?: CredentialsInput;
  /** A label carried on every backup, failure and progress event of this source. Default `default`. */
  account?: string;
  /** A base URL replacing the real host (https, or http to loopback only): how tests point a source at the emulator. */
  endpoint?: string;
  /** Instances to list; default: discover every instance through the provider's instance API. */
  instances?: readonly string[];
  /** A deadline for each request (connect, headers and body), in ms. Default 30,000. */
  timeoutMs?: number;
  /**
   * The time an instance (or a region's discovery) may spend failing: failed attempts, waits before retries and
   * window splits together. Successful requests cost nothing. Default 120,000: a dead endpoint fails an instance
   * after at most this plus one `timeoutMs`.
   */
  instanceBudgetMs?: number;
  /** A proxy URL (`http://user:pass@host:3128`), or `false` for none. Default: `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`. */
  proxy?: string | false;
  /** Retry policy (on by default), or false. */
  retry?: RetryOptions | false;
  /** A token bucket for this source's requests. Default: none (throttling answers are retried with backoff). */
  rateLimit?: RateLimitOptions;
  /** Aborts every listing of this source. */
  signal?: AbortSignal;
  /** Pages in flight per instance once the total is known. Default 4. */
  pageConcurrency?: number;
  /** Hard cap on pages per instance. Default 10,000. */
  maxPages?: number;
}

/** A whole number of milliseconds that Node's timers can wait for. */
export function durationMs(name: string, min = 1, max = MAX_TIMER_MS) {
  return z
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(min, `${name} must be between ${min} and ${max} ms`)
    .max(max, `${name} must be between ${min} and ${max} ms (longer waits overflow Node's timers)`);
}

export function wholeNumber(name: string, min: number, max: number) {
  return z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number between ${min} and ${max}`)
    .min(min, `${name} must be between ${min} and ${max}`)
    .max(max, `${name} must be between ${min} and ${max}`);
}

const credentialsObjectSchema = z
  .object({
    accessKeyId: z.string({ error: 'credentials.accessKeyId must be a non-empty string' }).min(1, 'credentials.accessKeyId must be a non-empty string'),
    accessKeySecret: z.string({ error: 'credentials.accessKeySecret must be a non-empty string' }).min(1, 'credentials.accessKeySecret must be a non-empty string'),
    securityToken: z.string({ error: 'credentials.securityToken must be a string' }).optional(),
    expiration: z.date({ error: 'credentials.expiration must be a Date' }).optional(),
  })
  .strict();

export const retrySchema = z.union([
  z.literal(false),
  z
    .object({
      maxAttempts: wholeNumber('retry.maxAttempts', 1, 20).optional(),
      baseDelayMs: durationMs('retry.baseDelayMs', 0).optional(),
      maxDelayMs: durationMs('retry.maxDelayMs', 0).optional(),
      budget: wholeNumber('retry.budget', 0, 1_000_000).optional(),
    })
    .strict(),
], { error: 'retry must be false or an object such as { maxAttempts: 4 }' });

export const rateLimitSchema = z
  .object({
    // At least one request per 2^31 - 1 ms: slower rates overflow Node's timers.
    requestsPerSecond: z
      .number({ error: 'rateLimit.requestsPerSecond must be a number' })
      .min(0.001, 'rateLimit.requestsPerSecond must be between 0.001 and 100000')
      .max(100_000, 'rateLimit.requestsPerSecond must be between 0.001 and 100000'),
    burst: wholeNumber('rateLimit.burst', 1, 100_000).optional(),
  })
  .strict();

/** The common options' schema; each factory extends it with its own options and makes it strict. */
export const commonOptionsShape = {
  credentials: z
    .union([z.custom<() => unknown>((v) => typeof v === 'function'), credentialsObjectSchema], {
      error: 'credentials must be { accessKeyId, accessKeySecret, securityToken? } or a function returning that',
    })
    .optional(),
  account: z.string({ error: 'account must be a string' }).min(1, 'account must be a non-empty label').max(128, 'account must be at most 128 characters').optional(),
  endpoint: z.string({ error: 'endpoint must be a URL string' }).optional(),
  instances: z
    .array(z.string({ error: 'instances must hold instance id strings' }).trim().min(1, 'instances must not hold empty ids').max(256, 'an instance id is at most 256 characters'), {
      error: 'instances must be an array of instance id strings',
    })
    .optional(),
  timeoutMs: durationMs('timeoutMs').optional(),
  instanceBudgetMs: durationMs('instanceBudgetMs').optional(),
  proxy: z.union([z.literal(false), z.string().url('proxy must be a URL such as http://proxy.example:3128, or false')], { error: 'proxy must be a URL string or false' }).optional(),
  retry: retrySchema.optional(),
  rateLimit: rateLimitSchema.optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal, { error: 'signal must be an AbortSignal' }).optional(),
  pageConcurrency: wholeNumber('pageConcurrency', 1, 64).optional(),
  maxPages: wholeNumber('maxPages', 1, 1_000_000).optional(),
};

/**
 * Validates a factory's options against its schema, at the call: a typo, a value out of range or an unknown key
 * (at any depth) is a `ConfigurationError` naming the field, the allowed values and the nearest known key.
 */
export function parseOptions<S extends z.ZodType>(label: string, schema: S, input: unknown, provider?: ProviderName): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigurationError(`${label}: pass an options object.`, { provider, field: 'options' });
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const at = issue.path.length > 0 ? `${field}.${key}` : key;
    const known = knownKeys(schema, issue.path);
    const hint = closestMatch(key, known);
    throw new ConfigurationError(
      `${label}: unknown option "${at}".${hint ? ` Did you mean "${hint}"?` : ''} Known options${issue.path.length > 0 ? ` of ${field}` : ''}: ${known.join(', ')}.`,
      { provider, field: at },
    );
  }
  throw new ConfigurationError(`${label}: ${messageOf(issue, field)}.`, { provider, field: field || 'options' });
}

function messageOf(issue: z.core.$ZodIssue, field: string): string {
  const text = issue.message;
  // Our own messages start with the field name; zod's defaults do not.
  return field && !text.startsWith(field.split('.')[0]!) ? `${field}: ${text}` : text;
}

/** The keys an object schema knows at `path` (through optional wrappers and unions), for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const key of path) current = current ? objectOf(current)?.shape[key as string] : undefined;
  const object = current ? objectOf(current) : undefined;
  return object ? Object.keys(object.shape) : [];
}

function objectOf(schema: z.ZodType): z.ZodObject | undefined {
  let s: z.ZodType = schema;
  for (let i = 0; i < 5; i++) {
    if (s instanceof z.ZodObject) return s;
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodUnion) {
      const found = (s.options as z.ZodType[]).map(objectOf).find((o) => o !== undefined);
      return found;
    } else return undefined;
  }
  return undefined;
}
