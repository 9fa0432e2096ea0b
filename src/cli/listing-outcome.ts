import { ConfigurationError, describeFailure, type BackupProgress, type ListingFailure } from '../index.js';
import { EXIT_NOTHING_LISTED, EXIT_OK, EXIT_PARTIAL_FAILURE, EXIT_USAGE, type ExitCode } from './exit-codes.js';
import { plural } from './format/plural.js';

/** How a failure is shown: `describeFailure`, or a rewording (flags instead of option names). */
export type FailureWording = (failure: ListingFailure) => string;

/**
 * What a listing amounted to: its listing errors (parts of the listing that failed; not failed backups) and how
 * far it got, for the stderr report and the exit code. Fed by the client's `onError` and `onProgress`.
 */
export class ListingOutcome {
  readonly failures: ListingFailure[] = [];
  private progress: Readonly<BackupProgress> | undefined;

  readonly onError = (failure: ListingFailure): void => {
    this.failures.push(failure);
  };

  readonly onProgress = (progress: Readonly<BackupProgress>): void => {
    this.progress = progress;
  };

  /**
   * True when listing errors are all there is: no backup arrived and no instance was walked without failing.
   * (An instance that listed cleanly counts even when no backup matched the filters.)
   */
  get nothingListed(): boolean {
    if (this.failures.length === 0) return false;
    const progress = this.progress;
    if (progress === undefined) return true;
    if (progress.backups > 0) return false;
    const failedInstances = new Set(
      this.failures.filter((f) => f.instanceId !== undefined && f.recordId === undefined).map((f) => `${f.provider}\u0000${f.account}\u0000${f.region}\u0000${f.instanceId}`),
    );
    return progress.instancesDone <= failedInstances.size;
  }

  /**
   * 0 everything listed; 2 a failure the user must fix in the configuration (e.g. no credentials for a provider);
   * 3 nothing could be listed; 1 some parts failed and the rest was listed.
   */
  exitCode(): ExitCode {
    if (this.failures.length === 0) return EXIT_OK;
    if (this.failures.some((f) => f.error instanceof ConfigurationError)) return EXIT_USAGE;
    return this.nothingListed ? EXIT_NOTHING_LISTED : EXIT_PARTIAL_FAILURE;
  }

  /** The stderr report: one line per listing error (messages are already scrubbed of secrets); '' when there is none. */
  report(wording: FailureWording = describeFailure): string {
    if (this.failures.length === 0) return '';
    const lines = this.failures.map((f) => `  - ${wording(f)}`);
    const errors = plural(this.failures.length, 'listing error');
    const head = this.nothingListed ? `nothing could be listed (${errors})` : `${errors}; every other backup was listed`;
    return `cloud-backups: ${head}:\n${lines.join('\n')}\n`;
  }
}
