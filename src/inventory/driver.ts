/**
 * The one seam between the inventory and a PostgreSQL engine. Both engines (PGlite in process, a server
 * through `pg`) run the same SQL; parameters are primitives only (instants as ISO strings, JSON as text, cast
 * in SQL), so neither driver's own value conversion can make the two disagree.
 */

/** A parameter value. Dates and objects are serialized by the caller and cast in SQL (`$1::timestamptz`, `$2::jsonb`). */
export type SqlParam = string | number | boolean | null;

/** One result row as the driver returned it; `rows.ts` reads fields with checked accessors. */
export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlExecutor {
  /** Runs ONE statement with `$n` placeholders and returns its rows. */
  query(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
}

export type EngineKind = 'pglite' | 'postgres';

export interface SqlDriver extends SqlExecutor {
  readonly engine: EngineKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
