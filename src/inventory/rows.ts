import { CloudBackupsError } from '../errors.js';
import type { SqlRow } from './driver.js';

/**
 * Checked reads of result rows. The two drivers agree on most types (timestamptz -> Date, jsonb -> parsed,
 * text[] -> string[]) but not on bigint (`pg` gives strings): numbers are read from either.
 */
function unexpected(row: SqlRow, column: string, wanted: string): never {
  throw new CloudBackupsError(`inventory: column ${column} is ${describe(row[column])}, expected ${wanted}; is the database schema the one this cloud-backups wrote?`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Date) return 'a Date';
  return Array.isArray(v) ? 'an array' : typeof v;
}

export function readString(row: SqlRow, column: string): string {
  const v = row[column];
  return typeof v === 'string' ? v : unexpected(row, column, 'text');
}

export function readOptionalString(row: SqlRow, column: string): string | undefined {
  const v = row[column];
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : unexpected(row, column, 'text or null');
}

export function readNumber(row: SqlRow, column: string): number {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return unexpected(row, column, 'a number');
}

export function readOptionalNumber(row: SqlRow, column: string): number | undefined {
  const v = row[column];
  return v === null || v === undefined ? undefined : readNumber(row, column);
}

export function readOptionalBoolean(row: SqlRow, column: string): boolean | undefined {
  const v = row[column];
  if (v === null || v === undefined) return undefined;
  return typeof v === 'boolean' ? v : unexpected(row, column, 'boolean or null');
}

export function readBoolean(row: SqlRow, column: string): boolean {
  const v = row[column];
  return typeof v === 'boolean' ? v : unexpected(row, column, 'boolean');
}

export function readDate(row: SqlRow, column: string): Date {
  const v = row[column];
  if (v instanceof Date) return v;
  if (typeof v === 'string') {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return unexpected(row, column, 'a timestamp');
}

export function readOptionalDate(row: SqlRow, column: string): Date | undefined {
  const v = row[column];
  return v === null || v === undefined ? undefined : readDate(row, column);
}

export function readOptionalStrings(row: SqlRow, column: string): string[] | undefined {
  const v = row[column];
  if (v === null || v === undefined) return undefined;
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : unexpected(row, column, 'text[]');
}

/** A jsonb value: both drivers parse it already. */
export function readJson(row: SqlRow, column: string): unknown {
  return row[column];
}
