import { inspect } from 'node:util';
import type { ProviderName } from './model.js';
import { redact } from './redact.js';

const MARKER = Symbol.for('cloud-backups.error');

/** What every error of this library may carry besides its message. */
export interface CloudBackupsErrorOptions {
  provider?: ProviderName;
  cause?: unknown;
}

/**
 * Base of every error this library throws. `isInstance` works across duplicate copies of the package
 * (it checks a global symbol, not the prototype chain). Messages are scrubbed of signatures and tokens,
 * and `toJSON` / `util.inspect` show only the declared, safe fields.
 *
 * @example
 * ```ts
 * try {
 *   await client.backups().toArray();
 * } catch (e) {
 *   if (e instanceof PartialFailureError) for (const f of e.failures) console.error(f.provider, f.account, f.region, f.instanceId, f.error.name);
 *   else if (CloudBackupsError.isInstance(e)) console.error(e.name, e.message);
 *   else throw e;
 * }
 * ```
 */
export class CloudBackupsError extends Error {
  private readonly [MARKER] = true;
  readonly provider?: ProviderName;

  constructor(message: string, options: CloudBackupsErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: sanitizeCause(options.cause) });
    this.name = new.target.name;
    if (options.provider !== undefined) this.provider = options.provider;
  }

  /**
   * Whether `error` is an error of this library, from this copy of the package or another. It checks the base
   * class's marker only: on a subclass too it answers for every `CloudBackupsError` (use `instanceof` or `name` to
   * tell the kinds apart).
   */
  static isInstance(error: unknown): error is CloudBackupsError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }

  /** The fields worth showing; subclasses add theirs. */
  protected details(): Record<string, unknown> {
    return { provider: this.provider };
  }

  /** `name`, `message`, the declared fields that are set, and the cause's name and message: nothing secret. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [k, v] of Object.entries(this.details())) if (v !== undefined) out[k] = v;
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: this.cause.message };
    return out;
  }

  /** What `console.log` and `util.inspect` show: the stack, the declared fields and the cause; nothing secret. */
  [inspect.custom](): string {
    const fields = Object.entries(this.details())
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${inspect(v, { depth: 2, breakLength: Infinity })}`);
    const head = this.stack ?? `${this.name}: ${this.message}`;
    const cause = this.cause instanceof Error ? `\n  [cause]: ${this.cause.name}: ${this.cause.message}` : '';
    return fields.length > 0 ? `${head} { ${fields.join(', ')} }${cause}` : `${head}${cause}`;
  }
}

/**
 * Never keep a foreign error (an axios error carries the request config, headers and all) as a cause:
 * keep a plain Error with its name, code and a scrubbed message.
 */
function sanitizeCause(cause: unknown): unknown {
  if (CloudBackupsError.isInstance(cause)) return cause;
  if (cause instanceof Error) {
    const plain = new Error(redact(cause.message));
    plain.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (plain as Error & { code?: string }).code = code;
    plain.stack = `${plain.name}: ${plain.message}`;
    return plain;
  }
  return typeof cause === 'string' ? redact(cause) : undefined;
}

/** Invalid options or query, unknown region, missing credentials: the caller must change something. */
export class ConfigurationError extends CloudBackupsError {
  /** The option or query field at fault, when one is. */
  readonly field?: string;
  constructor(message: string, options: CloudBackupsErrorOptions & { field?: string } = {}) {
    super(message, options);
    if (options.field !== undefined) this.field = options.field;
  }
  protected override details(): Record<string, unknown> {
    return { ...super.details(), field: this.field };
  }
}

/** No credentials could be found; `tried` lists every place that was looked at, in order. */
export class CredentialsNotFoundError extends ConfigurationError {
  readonly tried: readonly string[];
  constructor(provider: ProviderName, tried: readonly string[]) {
    super(`${provider}: no credentials found. Tried, in order: ${tried.join('; ')}. Pass \`credentials\` to the source or set one of these.`, {
      provider,
      field: 'credentials',
    });
    this.tried = tried;
  }
  protected override details(): Record<string, unknown> {
    return { ...super.details(), tried: this.tried };
  }
}

/** What a `ProviderApiError` carries about the answer. */
export interface ProviderApiErrorOptions extends CloudBackupsErrorOptions {
  provider: ProviderName;
  code?: string;
  httpStatus?: number;
  requestId?: string;
  retryable?: boolean;
  /** The request URL with every signature and token removed. */
  url?: string;
  /** The API operation, e.g. `DescribeBackups`. */
  operation?: string;
  instanceId?: string;
}

/** The provider answered with an error. */
export class ProviderApiError extends CloudBackupsError {
  declare readonly provider: ProviderName;
  readonly code?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly url?: string;
  readonly operation?: string;
  readonly instanceId?: string;

  constructor(message: string, options: ProviderApiErrorOptions) {
    super(message, options);
    this.retryable = options.retryable ?? false;
    if (options.code !== undefined) this.code = options.code;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.url !== undefined) this.url = redact(options.url);
    if (options.operation !== undefined) this.operation = options.operation;
    if (options.instanceId !== undefined) this.instanceId = options.instanceId;
  }
  protected override details(): Record<string, unknown> {
    return {
      ...super.details(),
      code: this.code,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      retryable: this.retryable,
      operation: this.operation,
      instanceId: this.instanceId,
      url: this.url,
    };
  }
}

/** Wrong, unknown or expired credentials, a bad signature or a skewed clock. Never retried. */
export class AuthenticationError extends ProviderApiError {
  constructor(message: string, options: ProviderApiErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}

/** The credentials are valid but lack the permission for this API. Never retried. */
export class PermissionError extends ProviderApiError {
  constructor(message: string, options: ProviderApiErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}

/** The instance (or another named resource) does not exist for these credentials and region. */
export class NotFoundError extends ProviderApiError {}

/** The provider throttled us. Retryable; `retryAfterMs` is the provider's hint when it gave one. */
export class ThrottlingError extends ProviderApiError {
  readonly retryAfterMs?: number;
  constructor(message: string, options: ProviderApiErrorOptions & { retryAfterMs?: number }) {
    super(message, { ...options, retryable: true });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
  protected override details(): Record<string, unknown> {
    return { ...super.details(), retryAfterMs: this.retryAfterMs };
  }
}

/** Why a request got no complete answer: a `timeout` (`timeoutMs`), a `connection` reset or refusal, or another `network` error. */
export type TransportErrorKind = 'timeout' | 'connection' | 'network';

/** The request never got a complete answer: timeout, reset, refused connection. Retryable. */
export class TransportError extends CloudBackupsError {
  readonly kind: TransportErrorKind;
  readonly url?: string;
  readonly retryable = true;
  constructor(message: string, options: CloudBackupsErrorOptions & { kind: TransportErrorKind; url?: string }) {
    super(message, options);
    this.kind = options.kind;
    if (options.url !== undefined) this.url = redact(options.url);
  }
  protected override details(): Record<string, unknown> {
    return { ...super.details(), kind: this.kind, url: this.url };
  }
}

/** One way a response did not match the API's schema: where (`path`) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The provider answered, but not in a shape we can read (malformed, truncated, or a schema mismatch). */
export class ResponseValidationError extends CloudBackupsError {
  readonly issues: readonly ValidationIssue[];
  /** The first few hundred characters of the body, for diagnosis. */
  readonly bodyExcerpt: string;
  readonly url?: string;
  readonly retryable: boolean;
  constructor(
    message: string,
    options: CloudBackupsErrorOptions & { issues?: readonly ValidationIssue[]; body?: string; url?: string; retryable?: boolean },
  ) {
    super(message, options);
    this.issues = options.issues ?? [];
    this.bodyExcerpt = redact(excerpt(options.body ?? ''));
    this.retryable = options.retryable ?? false;
    if (options.url !== undefined) this.url = redact(options.url);
  }
  protected override details(): Record<string, unknown> {
    return { ...super.details(), issues: this.issues, bodyExcerpt: this.bodyExcerpt, url: this.url };
  }
}

/**
 * A paginated API misbehaved: it repeated a page, the walk reached the page cap, or rows the reported total
 * promised could not be reached. `listed` and `expected` say how far the walk got.
 */
export class PaginationError extends CloudBackupsError {
  readonly instanceId?: string;
  /** Distinct rows the walk saw. */
  readonly listed?: number;
  /** Rows the API's total promised. */
  readonly expected?: number;
  constructor(message: string, options: CloudBackupsErrorOptions & { instanceId?: string | undefined; listed?: number; expected?: number } = {}) {
    super(message, options);
    if (options.instanceId !== undefined) this.instanceId = options.instanceId;
    if (options.listed !== undefined) this.listed = options.listed;
    if (options.expected !== undefined) this.expected = options.expected;
  }
  protected override details(): Record<string, unknown> {
    return { ...super.details(), instanceId: this.instanceId, listed: this.listed, expected: this.expected };
  }
}

/** The caller aborted the listing (its `signal`), or broke out of the iteration. */
export class AbortError extends CloudBackupsError {
  constructor(message = 'The operation was aborted', options: CloudBackupsErrorOptions = {}) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/** One failed unit of work: a source, a region, an instance, or a single record that could not be mapped. */
export interface ListingFailure {
  provider: ProviderName;
  /** The source's account label. */
  account: string;
  region?: string;
  instanceId?: string;
  /** Present when one record failed to map; the rest of its page was still yielded. */
  recordId?: string;
  error: CloudBackupsError;
}

/** Some backups could be listed and some could not; every other backup was yielded before this was thrown. */
export class PartialFailureError extends CloudBackupsError {
  readonly failures: readonly ListingFailure[];
  constructor(failures: readonly ListingFailure[]) {
    const lines = failures.map((f) => `  - ${describeFailure(f)}`);
    super(`${failures.length} part(s) of the listing failed; every other backup was listed:\n${lines.join('\n')}`);
    this.failures = failures;
  }
  protected override details(): Record<string, unknown> {
    return {
      failures: this.failures.map((f) => ({ ...f, error: f.error.toJSON() })),
    };
  }
}

/** One line for a failure: `provider / account / region / instance / record: ErrorName: message`. */
export function describeFailure(f: ListingFailure): string {
  const where = [f.provider, f.account, f.region, f.instanceId, f.recordId && `record ${f.recordId}`].filter(Boolean).join(' / ');
  return `${where}: ${f.error.name}: ${f.error.message}`;
}

function excerpt(body: string, max = 300): string {
  return body.length <= max ? body : `${body.slice(0, max)}… (${body.length} chars)`;
}

/** Turns anything thrown into one of ours, so failures can be listed uniformly. */
export function toCloudBackupsError(error: unknown, provider?: ProviderName): CloudBackupsError {
  if (CloudBackupsError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CloudBackupsError(message, { cause: error, provider });
}
