import { ConfigurationError } from '../errors.js';
import type { ClientBackupQuery } from '../listing/client.js';
import { checkKnownKeys } from '../known-keys.js';
import { DAY_MS } from './lookback.js';
import { parseDuration, type Duration } from './duration.js';

/** How an audit runs; every field is optional. */
export interface AuditOptions extends Pick<ClientBackupQuery, 'providers' | 'instances' | 'signal'> {
  /** The instant the audit judges at. Default: the current time. Pin it to make an audit reproducible. */
  now?: Date;
  /**
   * The least history counted in `instances[].counts` (and `cloud_backups_backups`): the audit window reaches at
   * least this far back, further when a rule needs it (`maxAge`, `consecutiveDays`). Default `'1d'`.
   */
  window?: Duration;
  /** Read backup policies even when `minRetentionDays` is not checked (for `cloud_backups_policy_retention_seconds`). */
  policies?: boolean;
}

export const DEFAULT_AUDIT_WINDOW_MS = DAY_MS;

const COMMON_KEYS = ['now', 'window', 'policies', 'signal'] as const;

/** The options every audit takes, whatever it reads from, validated. */
export interface ResolvedCommonOptions {
  now: Date;
  windowMs: number;
  policies: boolean | undefined;
  signal: AbortSignal | undefined;
}

export interface ResolvedAuditOptions extends ResolvedCommonOptions {
  selection: Pick<ClientBackupQuery, 'providers' | 'instances'>;
}

/** Who validates: the name messages start with, the options it adds to the common ones, and its clock. */
export interface AuditOptionsContext {
  /** Default 'audit'. */
  label?: string;
  /** Further option names the caller accepts (and validates itself). */
  extraKeys?: readonly string[];
  /** Default `now`: the current time. */
  now?: () => Date;
}

/** Validates `client.audit`'s options at the call: a bad field is a ConfigurationError naming it. */
export function resolveAuditOptions(input: AuditOptions | undefined): ResolvedAuditOptions {
  const common = resolveCommonAuditOptions(input, { extraKeys: ['providers', 'instances'] });
  const selection: Pick<ClientBackupQuery, 'providers' | 'instances'> = {};
  if (input?.providers !== undefined) selection.providers = input.providers;
  if (input?.instances !== undefined) selection.instances = input.instances;
  return { ...common, selection };
}

/**
 * Validates the options every audit shares (now, window, policies, signal) and refuses any name neither they nor
 * `context.extraKeys` know, with a "did you mean". A bad field is a ConfigurationError naming it.
 */
export function resolveCommonAuditOptions(input: unknown, context: AuditOptionsContext = {}): ResolvedCommonOptions {
  const label = context.label ?? 'audit';
  const keys: readonly string[] = [...COMMON_KEYS, ...(context.extraKeys ?? [])];
  const options = input ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(`${label}: options must be an object such as { now: new Date() }.`, { field: 'options' });
  }
  const given = options as Record<string, unknown>;
  checkKnownKeys(label, given, keys, 'option');
  const { now, signal, policies, window } = given;
  if (now !== undefined && !(now instanceof Date && !Number.isNaN(now.getTime()))) {
    throw new ConfigurationError(`${label}: now must be a valid Date (the instant the audit judges at).`, { field: 'now' });
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ConfigurationError(`${label}: signal must be an AbortSignal.`, { field: 'signal' });
  }
  if (policies !== undefined && typeof policies !== 'boolean') {
    throw new ConfigurationError(`${label}: policies must be true or false.`, { field: 'policies' });
  }
  return {
    now: now ?? (context.now ? context.now() : new Date()),
    windowMs: window === undefined ? DEFAULT_AUDIT_WINDOW_MS : parseDuration(window, 'window'),
    policies,
    signal,
  };
}
