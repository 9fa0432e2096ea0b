import { ConfigurationError } from '../errors.js';
import type { ClientBackupQuery } from '../listing/client.js';
import { closestMatch } from '../suggest.js';
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
  /** Read backup policies even when `minRetentionDays` is not checked (for `cloud_backups_policy_retention_days`). */
  policies?: boolean;
}

export const DEFAULT_AUDIT_WINDOW_MS = DAY_MS;

const KEYS = ['now', 'window', 'policies', 'providers', 'instances', 'signal'] as const;

export interface ResolvedAuditOptions {
  now: Date;
  windowMs: number;
  policies: boolean | undefined;
  selection: Pick<ClientBackupQuery, 'providers' | 'instances'>;
  signal: AbortSignal | undefined;
}

/** Validates the options at the call: a bad field is a ConfigurationError naming it. */
export function resolveAuditOptions(input: AuditOptions | undefined): ResolvedAuditOptions {
  const options = input ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError('audit: options must be an object such as { now: new Date() }.', { field: 'options' });
  }
  for (const key of Object.keys(options)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const hint = closestMatch(key, KEYS);
      throw new ConfigurationError(`audit: unknown option "${key}".${hint ? ` Did you mean "${hint}"?` : ''} Options: ${KEYS.join(', ')}.`, { field: key });
    }
  }
  if (options.now !== undefined && !(options.now instanceof Date && !Number.isNaN(options.now.getTime()))) {
    throw new ConfigurationError('audit: now must be a valid Date (the instant the audit judges at).', { field: 'now' });
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ConfigurationError('audit: signal must be an AbortSignal.', { field: 'signal' });
  }
  if (options.policies !== undefined && typeof options.policies !== 'boolean') {
    throw new ConfigurationError('audit: policies must be true or false.', { field: 'policies' });
  }
  const selection: Pick<ClientBackupQuery, 'providers' | 'instances'> = {};
  if (options.providers !== undefined) selection.providers = options.providers;
  if (options.instances !== undefined) selection.instances = options.instances;
  return {
    now: options.now ?? new Date(),
    windowMs: options.window === undefined ? DEFAULT_AUDIT_WINDOW_MS : parseDuration(options.window, 'window'),
    policies: options.policies,
    selection,
    signal: options.signal,
  };
}
