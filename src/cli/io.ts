import type { Writable } from 'node:stream';

/** The process around a command: its streams and the signal SIGINT / SIGTERM abort. Tests may pass fakes. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Aborted when the user interrupts (Ctrl-C) or the process is told to stop. */
  signal: AbortSignal;
}
