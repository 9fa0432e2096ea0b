import { renderPrometheus, type AuditResult } from '../../index.js';
import { csvRow } from '../format/csv.js';
import { failureJson } from '../format/failure-json.js';
import { csvValue } from '../format/report.js';
import type { TextSink } from '../output.js';
import { renderAuditTable } from './audit-table.js';
import { FINDING_FIELDS, toFindingRecord } from './finding-record.js';

export const AUDIT_FORMATS = ['table', 'json', 'ndjson', 'csv', 'prometheus'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditOutputOptions {
  local: boolean;
  /** Things that could not be read, for the table's summary. */
  listingErrors: number;
}

/** Writes an audit in one format. */
export async function writeAudit(format: AuditFormat, result: AuditResult, sink: TextSink, options: AuditOutputOptions): Promise<void> {
  switch (format) {
    case 'table':
      return sink.write(renderAuditTable(result, options));
    case 'json':
      return sink.write(`${JSON.stringify(auditJson(result), null, 2)}\n`);
    case 'ndjson':
      return sink.write(result.findings.map((f) => `${JSON.stringify(toFindingRecord(f))}\n`).join(''));
    case 'csv':
      return sink.write(auditCsv(result));
    case 'prometheus':
      // Ages as of the audit's instant: the file says what was true then, and --now makes it reproducible.
      return sink.write(await renderPrometheus(result, { clock: () => result.now.getTime() }));
  }
}

/** The whole audit as one document: when, which rules, the counts, every finding, what could not be read. */
function auditJson(result: AuditResult) {
  return {
    now: result.now.toISOString(),
    window: { since: result.window.since.toISOString(), until: result.window.until.toISOString() },
    rules: result.rules,
    summary: result.summary,
    findings: result.findings.map(toFindingRecord),
    failures: result.failures.map(failureJson),
  };
}

/** A header and one row per finding; lists (evidence, missing days) joined with spaces, the error as its message. */
function auditCsv(result: AuditResult): string {
  const rows = result.findings.map((f) => {
    const r = toFindingRecord(f);
    return csvRow(
      FINDING_FIELDS.map((field) => {
        const value = r[field];
        // The error is the one object among the values; the rest are cells as every report's CSV has them.
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) return `${value.name}: ${value.message}`;
        return csvValue(value);
      }),
    );
  });
  return csvRow(FINDING_FIELDS) + rows.join('');
}
