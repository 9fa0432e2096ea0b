import type { CloudBackupsError } from '../errors.js';
import type { AttemptBudget } from './attempt-budget.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Full URL, query included, exactly as it was signed. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Values to remove from every error this attempt produces, however a server echoes them: the access key secret,
   * the security token, and the signature(s) computed for this attempt. Pattern-based redaction stays as a second line.
   */
  secrets?: readonly string[];
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON or XML (by content type), or undefined when empty. */
  body: unknown;
  /** The request URL with signatures and tokens masked, for error messages. */
  url: string;
  /**
   * Removes this attempt's `secrets` from an error made later from this response (a body that fails the schema):
   * call it on any error that quotes the body or the URL. Present when the request carried secrets.
   */
  scrubError?: <E extends Error>(error: E) => E;
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: CloudBackupsError;
}

export interface SendOptions {
  /** The API action, for error messages (`DescribeBackups`). */
  operation: string;
  /** Builds and signs the request; called again for every attempt, so each carries a fresh timestamp and nonce. */
  sign: (attempt: number) => HttpRequest | Promise<HttpRequest>;
  /** Turns an answered response into an error when it is one (provider-specific codes and shapes). */
  interpret?: (response: HttpResponse) => CloudBackupsError | undefined;
  /** Default: the signal of the walk the call belongs to. */
  signal?: AbortSignal;
  /** A deadline for each attempt (connect, headers and body together), in ms. Default: the transport's. */
  timeoutMs?: number;
  /** False when the caller has a better answer to a timeout than repeating it (splitting a time window). */
  retryTimeouts?: boolean;
  /**
   * Time allowed for failing, shared by every request of its owner (one instance's walk): every failed attempt and
   * every backoff wait is spent on it, and no retry is made once it is exhausted (nor one whose wait would exhaust it).
   */
  budget?: AttemptBudget;
}
