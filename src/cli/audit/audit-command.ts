import { auditOutcome, ConfigurationError, resolveRules, type AuditResult, type AuditRules, type ListingFailure } from '../../index.js';
import { EXIT_AUDIT_BREACH, EXIT_AUDIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, type ExitCode } from '../exit-codes.js';
import { plural } from '../format/plural.js';
import type { CliIO } from '../io.js';
import type { FailureWording } from '../listing-outcome.js';
import { streamSink } from '../output.js';
import { listingClient, resolveSources, type SourceCommandOptions } from '../resolve-sources.js';
import { judgeInventory } from './audit-from-db.js';
import { writeAudit, type AuditFormat } from './audit-output.js';
import { RULE_FLAGS } from './rule-flags.js';

/** What to do with warnings: fail only on alarms (the default), or on warnings too. */
export type FailOn = 'alarm' | 'warn';

export interface AuditCommandOptions extends SourceCommandOptions {
  rules: AuditRules;
  /** The instant to judge at; default the clock's now. */
  now?: Date;
  failOn?: FailOn;
  format?: AuditFormat;
  local?: boolean;
  /** Judge the inventory (`true`: its default location) instead of listing the clouds. */
  fromDb?: string | true;
  /** With `fromDb`: how old an instance's last complete listing may be, in ms. */
  staleAfterMs?: number;
}

/**
 * `cloud-backups audit`: checks every instance of the sources against the rules, prints the findings, and exits
 * 0 (all ok), 1 (an alarm; a warning too with --fail-on warn), 2 (usage or configuration) or 3 (something could
 * not be checked).
 */
export async function runAudit(options: AuditCommandOptions, io: CliIO): Promise<ExitCode> {
  checkRules(options.rules);
  if (options.fromDb === undefined && options.staleAfterMs !== undefined) throw new UsageError('--stale-after goes with --from-db (a live audit lists the clouds now).');
  const format = options.format ?? (io.stdout.isTTY ? 'table' : 'ndjson');
  let judged: JudgedAudit;
  try {
    judged = options.fromDb !== undefined ? await judgeInventory({ ...options, fromDb: options.fromDb }, io) : await judgeClouds(options, io);
  } catch (error) {
    if (io.signal.aborted) {
      io.stderr.write('cloud-backups: audit interrupted; nothing was judged.\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  }
  const { result, wording } = judged;
  await writeAudit(format, result, streamSink(io.stdout), { local: options.local ?? false, listingErrors: result.failures.length });
  io.stderr.write(failureReport(result.failures, wording));
  return auditExitCode(result, result.failures, options.failOn ?? 'alarm');
}

/** An audit's result, and how its failures read on this command line. */
export interface JudgedAudit {
  result: AuditResult;
  wording: FailureWording;
}

/** The live audit: the sources' APIs, with the progress line of `list`. */
async function judgeClouds(options: AuditCommandOptions, io: CliIO): Promise<JudgedAudit> {
  const resolved = await resolveSources(options);
  const { client, progress } = listingClient(resolved, io);
  try {
    const result = await client.audit(options.rules, { now: options.now ?? io.now?.() ?? new Date(), signal: io.signal });
    return { result, wording: resolved.wording };
  } finally {
    progress.clear();
    client.close();
  }
}

/** 2 when a failure is the user's to fix (missing credentials); else the library's outcome: 3 incomplete, 1 breach, 0 ok. */
export function auditExitCode(result: Pick<AuditResult, 'summary'>, failures: readonly ListingFailure[], failOn: FailOn): ExitCode {
  if (failures.some((f) => f.error instanceof ConfigurationError)) return EXIT_USAGE;
  switch (auditOutcome(result, failOn)) {
    case 'incomplete':
      return EXIT_AUDIT_INCOMPLETE;
    case 'breach':
      return EXIT_AUDIT_BREACH;
    case 'ok':
      return EXIT_OK;
  }
}

export function failureReport(failures: readonly ListingFailure[], wording: FailureWording): string {
  if (failures.length === 0) return '';
  const lines = failures.map((f) => `  - ${wording(f)}`);
  return `cloud-backups: ${plural(failures.length, 'listing error')}; the rules that needed what failed are "error" in the audit:\n${lines.join('\n')}\n`;
}

/** The rules as the library will read them, checked now: a mistake is a usage error in flag terms. */
export function checkRules(rules: AuditRules): void {
  try {
    resolveRules(rules);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new UsageError(inRuleFlags(error));
  }
}

/** `rules.consecutiveDays.timeZone must be ...` -> `--calendar-zone must be ...`; `rules.maxAge` -> `--max-age`. */
export function inRuleFlags(error: ConfigurationError): string {
  let message = error.message.replaceAll('rules.consecutiveDays.timeZone', '--calendar-zone');
  for (const [rule, flag] of Object.entries(RULE_FLAGS)) message = message.replace(new RegExp(`rules\\.${rule}(\\.\\w+)?`, 'g'), `--${flag}`);
  return message;
}
