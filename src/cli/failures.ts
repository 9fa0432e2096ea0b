import { ConfigurationError, describeFailure, type ListingFailure } from '../index.js';
import { EXIT_OK, EXIT_PARTIAL_FAILURE, EXIT_USAGE, type ExitCode } from './exit-codes.js';
import { plural } from './format/plural.js';

/** One line per failure for stderr: `provider / region / instance: Error: message` (messages are already scrubbed of secrets). */
export function failureReport(failures: readonly ListingFailure[]): string {
  if (failures.length === 0) return '';
  const lines = failures.map((f) => `  - ${describeFailure(f)}`);
  return `cloud-backups: ${plural(failures.length, 'part')} of the listing failed; every other backup was listed:\n${lines.join('\n')}\n`;
}

/**
 * 0 when everything was listed; 2 when a failure is a configuration problem the user must fix
 * (e.g. no credentials found for a provider); otherwise 1.
 */
export function listingExitCode(failures: readonly ListingFailure[]): ExitCode {
  if (failures.length === 0) return EXIT_OK;
  return failures.some((f) => f.error instanceof ConfigurationError) ? EXIT_USAGE : EXIT_PARTIAL_FAILURE;
}
