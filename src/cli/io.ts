import type { Writable } from 'node:stream';

/** The process around a command: its streams, the signal SIGINT / SIGTERM abort, its clock. Tests pass fakes. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Aborted when the user interrupts (Ctrl-C) or the process is told to stop. */
  signal: AbortSignal;
  /** "Now", for `--since 7d` and `--anchor-time now`. Default: the system clock. */
  now?: () => Date;
}
