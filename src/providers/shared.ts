import type { z } from 'zod';
import { ResponseValidationError, type ListingFailure, type ValidationIssue } from '../errors.js';
import type { HttpResponse } from '../http/transport.js';
import type { ProviderName } from '../model.js';

/** zod issues as short path/message pairs for error reports. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

/**
 * Validates a response envelope (the part around the records). A mismatch is a ResponseValidationError
 * carrying the zod issues and an excerpt of the body.
 */
export function parseEnvelope<S extends z.ZodType>(provider: ProviderName, operation: string, schema: S, response: HttpResponse): z.output<S> {
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  throw new ResponseValidationError(`${provider}: ${operation} returned a response we cannot read (${summarize(result.error)})`, {
    provider,
    issues: toIssues(result.error),
    body: response.text,
    url: response.url,
  });
}

export interface MapRecordsArgs<R, B> {
  provider: ProviderName;
  instanceId: string;
  region?: string;
  records: readonly unknown[];
  schema: z.ZodType<R>;
  map: (record: R) => B;
  /** Best-effort id of an unparseable record, for the failure report. */
  rawId?: (record: unknown) => string | undefined;
  url?: string;
}

/**
 * Validates and maps each record on its own, so one record the schema rejects (or the mapper cannot handle)
 * becomes a reported failure while the rest of the page is still listed.
 */
export function mapRecords<R, B>(args: MapRecordsArgs<R, B>): { items: B[]; failures: ListingFailure[] } {
  const items: B[] = [];
  const failures: ListingFailure[] = [];
  for (const record of args.records) {
    const parsed = args.schema.safeParse(record);
    let problem: ResponseValidationError | undefined;
    if (parsed.success) {
      try {
        items.push(args.map(parsed.data));
        continue;
      } catch (error) {
        problem = new ResponseValidationError(`${args.provider}: a backup record could not be mapped: ${error instanceof Error ? error.message : String(error)}`, {
          provider: args.provider,
          body: safeJson(record),
          ...(args.url ? { url: args.url } : {}),
        });
      }
    } else {
      problem = new ResponseValidationError(`${args.provider}: a backup record failed validation (${summarize(parsed.error)})`, {
        provider: args.provider,
        issues: toIssues(parsed.error),
        body: safeJson(record),
        ...(args.url ? { url: args.url } : {}),
      });
    }
    const recordId = args.rawId?.(record);
    failures.push({
      provider: args.provider,
      instanceId: args.instanceId,
      ...(args.region !== undefined ? { region: args.region } : {}),
      ...(recordId !== undefined ? { recordId } : {}),
      error: problem,
    });
  }
  return { items, failures };
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

/** A numeric field that some APIs send as a string: a finite number, or undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Empty strings mean "absent" in several of these APIs. */
export function nonEmpty(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  return s.trim() === '' ? undefined : s;
}
