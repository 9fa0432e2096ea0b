import {
  BACKUP_METHODS,
  BACKUP_MODES,
  BACKUP_STATUSES,
  BACKUP_TYPES,
  type Backup,
  type BackupMethod,
  type BackupMode,
  type BackupStatus,
  type BackupType,
} from './model.js';
import { ConfigurationError } from './errors.js';
import { closestMatch } from './suggest.js';

/** One value, or a list meaning "any of these". */
export type OneOrMany<T> = T | readonly T[];

/** What to list. Every field is optional; an empty query lists everything. */
export interface BackupQuery {
  status?: OneOrMany<BackupStatus>;
  mode?: OneOrMany<BackupMode>;
  type?: OneOrMany<BackupType>;
  method?: OneOrMany<BackupMethod>;
  /** Inclusive lower bound on `startTime`. */
  since?: Date;
  /** Exclusive upper bound on `startTime`. */
  until?: Date;
  signal?: AbortSignal;
}

/** A validated query: enum filters as sets (absent = no filter), bounds as Dates. */
export interface NormalizedQuery {
  status?: ReadonlySet<BackupStatus>;
  mode?: ReadonlySet<BackupMode>;
  type?: ReadonlySet<BackupType>;
  method?: ReadonlySet<BackupMethod>;
  since?: Date;
  until?: Date;
  signal?: AbortSignal;
}

const ENUM_FIELDS = {
  status: BACKUP_STATUSES,
  mode: BACKUP_MODES,
  type: BACKUP_TYPES,
  method: BACKUP_METHODS,
} as const;

export const QUERY_FIELDS = ['status', 'mode', 'type', 'method', 'since', 'until', 'signal'] as const;

/**
 * Validates a query at the boundary. JavaScript callers get the mistakes TypeScript would have caught:
 * a misspelt enum value, a string where a Date belongs, an empty or inverted time range.
 * `extraKeys` lets a caller (the client) accept its own additional fields.
 */
export function normalizeQuery(input: unknown, extraKeys: readonly string[] = []): NormalizedQuery {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigurationError(`Invalid query: expected an object, got ${describe(input)}.`, { field: 'query' });
  }
  const q = input as Record<string, unknown>;
  const allowed = new Set<string>([...QUERY_FIELDS, ...extraKeys]);
  for (const key of Object.keys(q)) {
    if (!allowed.has(key)) {
      throw new ConfigurationError(`Invalid query: unknown field "${key}". Allowed fields: ${[...allowed].join(', ')}.`, {
        field: key,
      });
    }
  }
  const out: {
    -readonly [K in keyof NormalizedQuery]: NormalizedQuery[K];
  } = {};
  out.status = enumSet('status', q.status, ENUM_FIELDS.status);
  out.mode = enumSet('mode', q.mode, ENUM_FIELDS.mode);
  out.type = enumSet('type', q.type, ENUM_FIELDS.type);
  out.method = enumSet('method', q.method, ENUM_FIELDS.method);
  out.since = dateField('since', q.since);
  out.until = dateField('until', q.until);
  if (out.since && out.until && out.since.getTime() >= out.until.getTime()) {
    throw new ConfigurationError(
      `Invalid query: since (${out.since.toISOString()}) must be earlier than until (${out.until.toISOString()}); ` +
        'a backup matches when since <= startTime < until.',
      { field: 'since' },
    );
  }
  if (q.signal !== undefined) {
    if (!(q.signal instanceof AbortSignal)) {
      throw new ConfigurationError(`Invalid query: signal must be an AbortSignal, got ${describe(q.signal)}.`, { field: 'signal' });
    }
    out.signal = q.signal;
  }
  for (const key of Object.keys(out) as (keyof NormalizedQuery)[]) if (out[key] === undefined) delete out[key];
  return out;
}

function enumSet<T extends string>(field: string, value: unknown, allowed: readonly T[]): Set<T> | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (values.length === 0) {
    throw new ConfigurationError(
      `Invalid query: ${field} is an empty list, which would match nothing. Omit it, or give one or more of: ${allowed.join(', ')}.`,
      { field },
    );
  }
  const set = new Set<T>();
  for (const v of values) {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      const hint = typeof v === 'string' ? closestMatch(v.toLowerCase(), allowed) : undefined;
      throw new ConfigurationError(
        `Invalid query: ${field} ${describe(v)} is not allowed. Allowed values: ${allowed.join(', ')}.` +
          (hint ? ` Did you mean "${hint}"?` : ''),
        { field },
      );
    }
    set.add(v as T);
  }
  return set;
}

function dateField(field: 'since' | 'until', value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date)) {
    throw new ConfigurationError(
      `Invalid query: ${field} must be a Date, got ${describe(value)}. Convert it first, e.g. new Date(${JSON.stringify(
        typeof value === 'string' ? value : '2024-01-01T00:00:00Z',
      )}).`,
      { field },
    );
  }
  if (Number.isNaN(value.getTime())) {
    throw new ConfigurationError(`Invalid query: ${field} is an invalid Date.`, { field });
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** The client-side predicate: every filter is re-checked here, whatever was pushed down. */
export function matchesQuery(backup: Backup, q: NormalizedQuery): boolean {
  if (q.status && !q.status.has(backup.status)) return false;
  if (q.mode && !q.mode.has(backup.mode)) return false;
  if (q.type && !q.type.has(backup.type)) return false;
  if (q.method && !q.method.has(backup.method)) return false;
  const t = backup.startTime.getTime();
  if (q.since && t < q.since.getTime()) return false;
  if (q.until && t >= q.until.getTime()) return false;
  return true;
}

/** Pushdown helper: the single value of a filter, when the query pins exactly one (APIs take one value). */
export function singleValue<T>(set: ReadonlySet<T> | undefined): T | undefined {
  if (!set || set.size !== 1) return undefined;
  return set.values().next().value;
}

/**
 * Pushdown helper: the provider value for a pinned filter, via a table from our values to the provider's.
 * Returns undefined (no pushdown) when the filter is absent, not pinned, or has no exact provider equivalent.
 */
export function pushdownValue<T extends string>(set: ReadonlySet<T> | undefined, table: Partial<Record<T, string>>): string | undefined {
  const one = singleValue(set);
  return one === undefined ? undefined : table[one];
}

/** Widens a window to whole minutes for APIs with minute precision: floor the start, ceil the end. */
export function widenToMinutes(since: Date | undefined, until: Date | undefined): { since?: Date; until?: Date } {
  const minute = 60_000;
  const out: { since?: Date; until?: Date } = {};
  if (since) out.since = new Date(Math.floor(since.getTime() / minute) * minute);
  if (until) out.until = new Date(Math.ceil(until.getTime() / minute) * minute);
  return out;
}
