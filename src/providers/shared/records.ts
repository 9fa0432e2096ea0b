import { z } from 'zod';
import { ResponseValidationError, type ListingFailure, type ValidationIssue } from '../../errors.js';
import type { HttpResponse } from '../../http/transport.js';
import type { ProviderName } from '../../model.js';
import { compileRecordCheck, type RecordCheck } from './record-check.js';
import { isRecord, scalarText } from './values.js';

/** zod issues as short path/message pairs for error reports. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

/**
 * The usual form of an envelope without zod's transforms, and how to read it: a body the shape accepts is read by
 * `read`, which must give what the envelope schema gives for it (test/providers/shared/envelope-shortcut.test.ts
 * checks that for every provider); anything else goes through the schema, which decides and explains.
 *
 * Why: a zod transform over the list of records (unwrapping `Items.Backup`, defaulting `backups`) kept each page's
 * records alive into the next young-generation GC, which copied and promoted them: 2.5 MB per scavenge for RDS
 * pages, against 0.8 MB without the transform (issue 19; measured with --trace-gc-nvp, cause inside zod unknown).
 */
export interface EnvelopeShortcut<T> {
  /** The envelope's usual form, transform-free, checked by a compiled check. */
  shape: z.ZodType;
  /** The envelope from a body `shape` accepts. */
  read: (body: Record<string, unknown>) => T;
}

/**
 * Validates a response envelope (the part around the records). A mismatch, including a 200 whose body is not the
 * API's envelope at all (a login page, `{}`), is a retryable ResponseValidationError carrying the zod issues and an
 * excerpt of the body: never an empty page. With a `shortcut`, a body in the usual form skips zod.
 */
export function parseEnvelope<S extends z.ZodType>(provider: ProviderName, operation: string, schema: S, response: HttpResponse, shortcut?: EnvelopeShortcut<z.output<S>>): z.output<S> {
  if (shortcut && recordCheckOf(shortcut.shape)?.(response.body)) return shortcut.read(response.body as Record<string, unknown>);
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  const what = response.body === undefined ? 'an empty body' : isRecord(response.body) ? 'a body without the expected fields' : 'a body we cannot read';
  const error = new ResponseValidationError(`${provider}: ${operation} answered HTTP ${response.status} with ${what} (${summarize(result.error)})`, {
    provider,
    issues: toIssues(result.error),
    body: response.text,
    url: response.url,
    retryable: true,
  });
  throw response.scrubError ? response.scrubError(error) : error;
}

/** Where records come from: named on every failure. */
export interface RecordOrigin {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
}

export interface MapRecordsArgs<R, B> {
  origin: RecordOrigin;
  records: readonly unknown[];
  schema: z.ZodType<R>;
  map: (record: R) => B;
  /** The field holding a record's id, for the failure report of a record that cannot be read. */
  idField: string;
  /**
   * Applied to each record before it is validated and mapped, when the schema alone cannot say what the record is
   * (Huawei's keys with blanks); it must return the record itself when there is nothing to change.
   */
  prepare?: (record: unknown) => unknown;
  url?: string;
  /** The response's scrubber: failures quote the record, which may echo what was sent. */
  scrub?: (<E extends Error>(error: E) => E) | undefined;
}

/**
 * Each schema's compiled check, built once: the record schemas, and the envelope shortcuts' shapes (null: the schema
 * has parts the compiler leaves to zod).
 */
const recordChecks = new WeakMap<z.ZodType, RecordCheck | null>();

function recordCheckOf(schema: z.ZodType): RecordCheck | undefined {
  let check = recordChecks.get(schema);
  if (check === undefined) {
    check = compileRecordCheck(schema) ?? null;
    recordChecks.set(schema, check);
  }
  return check ?? undefined;
}

/**
 * Validates and maps a page of records, each on its own: one record the schema rejects (or the mapper cannot
 * handle) becomes a reported failure of its own while the rest of the page is listed.
 *
 * Each record is checked by the schema's compiled check (`compileRecordCheck`: zod's rules, without building zod's
 * result), and only a record it rejects goes through zod, whose issues make the failure report (and whose verdict
 * is final: a record zod accepts is mapped). A schema the compiler leaves to zod (none of the providers' record
 * schemas; the differential tests assert they all compile) has every record parsed by zod.
 *
 * The mapper gets the record as received (after `prepare`), never a copy: the record schemas check and never
 * transform, so `raw` costs nothing more than the parsed body already holds.
 */
export function mapRecords<R, B>(args: MapRecordsArgs<R, B>): { items: B[]; failures: ListingFailure[] } {
  const input = args.records;
  const records = args.prepare ? input.map(args.prepare) : input;
  const items: B[] = [];
  const failures: ListingFailure[] = [];
  const check = recordCheckOf(args.schema);
  for (const record of records) {
    if (check?.(record)) mapOne(args, record, items, failures);
    else validateAndMap(args, record, items, failures);
  }
  return { items, failures };
}

function mapOne<R, B>(args: MapRecordsArgs<R, B>, record: unknown, items: B[], failures: ListingFailure[]): void {
  try {
    items.push(args.map(record as R));
  } catch (error) {
    failures.push(unmappable(args, record, error));
  }
}

/** zod's own parse of one record: for a record the compiled check did not accept (or a schema without one). */
function validateAndMap<R, B>(args: MapRecordsArgs<R, B>, record: unknown, items: B[], failures: ListingFailure[]): void {
  const { origin } = args;
  const parsed = args.schema.safeParse(record);
  if (parsed.success) return mapOne(args, record, items, failures);
  const problem = new ResponseValidationError(`${origin.provider}: a backup record failed validation (${summarize(parsed.error)})`, {
    provider: origin.provider,
    issues: toIssues(parsed.error),
    body: safeJson(record),
    url: args.url,
  });
  failures.push(failureOf(args, record, problem));
}

function unmappable<R, B>(args: MapRecordsArgs<R, B>, record: unknown, error: unknown): ListingFailure {
  const problem = new ResponseValidationError(`${args.origin.provider}: a backup record could not be mapped: ${error instanceof Error ? error.message : String(error)}`, {
    provider: args.origin.provider,
    body: safeJson(record),
    url: args.url,
  });
  return failureOf(args, record, problem);
}

function failureOf<R, B>(args: MapRecordsArgs<R, B>, record: unknown, problem: ResponseValidationError): ListingFailure {
  const { origin } = args;
  return {
    provider: origin.provider,
    account: origin.account,
    region: origin.region,
    instanceId: origin.instanceId,
    recordId: recordIdOf(record, args.idField),
    error: args.scrub ? args.scrub(problem) : problem,
  };
}

/** The id of a record that could not be mapped, under its key or a key that differs only by blanks (Huawei's `"id "`). */
function recordIdOf(record: unknown, idField: string): string | undefined {
  if (!isRecord(record)) return undefined;
  if (idField in record) return scalarText(record[idField]);
  for (const key in record) if (key.trim() === idField) return scalarText(record[key]);
  return undefined;
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
