import { ConfigurationError } from '../index.js';

/** The CLI's exit codes: what a cron job or a script branches on. */
export const EXIT_OK = 0;
/** Some part of the listing failed; everything that could be listed was printed. */
export const EXIT_PARTIAL_FAILURE = 1;
/** The command line or the config file is wrong (or a provider's credentials are missing); the message says what to fix. */
export const EXIT_USAGE = 2;
/** Nothing could be listed: every part of the listing that was tried failed. */
export const EXIT_NOTHING_LISTED = 3;
/** audit: at least one alarm (or, with --fail-on warn, a warning); everything was checked. */
export const EXIT_AUDIT_BREACH = EXIT_PARTIAL_FAILURE;
/** audit: some instances (or rules) could not be checked; what could be was. */
export const EXIT_AUDIT_INCOMPLETE = EXIT_NOTHING_LISTED;
/** Stopped by SIGINT / SIGTERM (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

export type ExitCode = typeof EXIT_OK | typeof EXIT_PARTIAL_FAILURE | typeof EXIT_USAGE | typeof EXIT_NOTHING_LISTED | typeof EXIT_INTERRUPTED;

/** A mistake in how the CLI was invoked (flags, config file). Its message is printed as is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Usage and configuration mistakes exit 2; anything else that stops a command exits `stopped` (1 unless the command says otherwise). */
export function exitCodeFor(error: unknown, stopped: ExitCode = EXIT_PARTIAL_FAILURE): ExitCode {
  return error instanceof UsageError || error instanceof ConfigurationError ? EXIT_USAGE : stopped;
}

/**
 * What a command that an error stopped exits with, where 1 would say something else: an audit that could not run
 * (its inventory unreachable, say) is "could not be checked" (3), not "an alarm" (1); a sync that could not record
 * anything is 3, not "some instances failed" (1).
 */
export const STOPPED_EXIT_CODES: Readonly<Record<string, ExitCode>> = { audit: EXIT_AUDIT_INCOMPLETE, sync: EXIT_NOTHING_LISTED };
