import type { Command } from 'commander';
import { excessArguments } from './excess-arguments.js';
import { UsageError, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

/** What each command's registration needs from the program around it. */
export interface CommandContext {
  io: CliIO;
  /** The whole command line, for messages about stray words. */
  argv: readonly string[];
  /** The clock `--since 7d`, `--now` and `now` read. */
  now: () => Date;
  setExitCode: (code: ExitCode) => void;
}

/** Commands take no positional arguments: a stray word is most likely a list written with spaces. */
export function refuseStrayWords(context: CommandContext, command: Command): void {
  if (command.args.length > 0) throw new UsageError(excessArguments(context.argv, command.args, command.name()));
}
