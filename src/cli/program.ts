import { Command, CommanderError, Option } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { BACKUP_METHODS, BACKUP_MODES, BACKUP_STATUSES, BACKUP_TYPES } from '../index.js';
import {
  anchorArgument,
  ANCHOR_ARGUMENT_HELP,
  enumList,
  nonNegativeInteger,
  positiveInteger,
  rate,
  timeArgument,
} from './arguments.js';
import { runDemo, type DemoOptions } from './demo.js';
import { runEmulator, type EmulatorCommandOptions } from './emulator-command.js';
import { addAuditCommand } from './audit/audit-program.js';
import { addExporterCommand } from './audit/exporter-program.js';
import { refuseStrayWords, type CommandContext } from './command-context.js';
import { addHistoryCommand } from './inventory/history-program.js';
import { addSyncCommand } from './inventory/sync-program.js';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, STOPPED_EXIT_CODES, type ExitCode } from './exit-codes.js';
import { OUTPUT_FORMATS } from './format/writer.js';
import { DEMO_EXAMPLES, EMULATOR_EXAMPLES, listExamples, PROGRAM_DESCRIPTION, programExamples } from './help-text.js';
import type { CliIO } from './io.js';
import { runList, type ListCommandOptions } from './list-command.js';
import { TIME_ARGUMENT_HELP } from './relative-time.js';
import { addSourceOptions } from './source-options.js';

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_OK;
  const program = buildProgram(io, argv, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    io.stderr.write(`cloud-backups: ${error instanceof Error ? error.message : String(error)}\n`);
    const command = argv.find((word) => !word.startsWith('-'));
    return exitCodeFor(error, command === undefined ? undefined : STOPPED_EXIT_CODES[command]);
  }
}

/** Help and --version exit 0; every other commander error (unknown flag, bad value, missing command) is a usage error. */
function commanderExitCode(error: CommanderError): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
  if (error.code === 'commander.help' && error.exitCode === 0) return EXIT_OK;
  return EXIT_USAGE;
}

function buildProgram(io: CliIO, argv: readonly string[], setExitCode: (code: ExitCode) => void): Command {
  const now = io.now ?? (() => new Date());
  const program = new Command('cloud-backups')
    .description(PROGRAM_DESCRIPTION)
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`cloud-backups: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpText('after', programExamples());
  const context: CommandContext = { io, argv, now, setExitCode };

  const list = program.command('list').description('List backups from one or more providers, filtered, as a table, JSON, NDJSON or CSV.');
  const listSources = addSourceOptions(list);
  list
    .option('--status <list>', `comma-separated: ${BACKUP_STATUSES.join(', ')}`, enumList('a backup status', BACKUP_STATUSES))
    .option('--mode <list>', `comma-separated: ${BACKUP_MODES.join(', ')}`, enumList('a backup mode', BACKUP_MODES))
    .option('--type <list>', `comma-separated: ${BACKUP_TYPES.join(', ')}`, enumList('a backup type', BACKUP_TYPES))
    .option('--method <list>', `comma-separated: ${BACKUP_METHODS.join(', ')}`, enumList('a backup method', BACKUP_METHODS))
    .option('--since <time>', `backups started at or after: ${TIME_ARGUMENT_HELP}`, timeArgument(now))
    .option('--until <time>', 'backups started before (same forms as --since)', timeArgument(now))
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, ndjson when piped)').choices(OUTPUT_FORMATS))
    .option('--limit <n>', 'stop after n backups', positiveInteger)
    .option('--local', "table times in this machine's time zone instead of UTC")
    .option('--raw', 'json/ndjson: include each provider\'s own record as "raw" (signatures in URLs masked)')
    .allowExcessArguments(true)
    .addHelpText('after', listExamples())
    .action(async (opts: Record<string, unknown>, command: Command) => {
      refuseStrayWords(context, command);
      const options: ListCommandOptions = { ...(opts as Omit<ListCommandOptions, 'sources'>), ...listSources(opts) };
      setExitCode(await runList(options, io));
    });

  addAuditCommand(program, context);
  addExporterCommand(program, context);
  addSyncCommand(program, context);
  addHistoryCommand(program, context);

  program
    .command('demo')
    .description('Start a local emulator of every provider, list every backup on it, and print a summary. No credentials or network needed.')
    .option('--seed <n>', 'dataset seed', nonNegativeInteger)
    .option('--local', "times in this machine's time zone instead of UTC")
    .option('--anchor-time <time>', `when the emulated history ends: ${ANCHOR_ARGUMENT_HELP}`, anchorArgument(now))
    .addHelpText('after', DEMO_EXAMPLES)
    .action(async (options: DemoOptions) => setExitCode(await runDemo(options, io)));

  program
    .command('emulator')
    .description('Run the emulator of every provider\'s API in the foreground (until Ctrl-C) and print how to point code at it.')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)', nonNegativeInteger)
    .option('--seed <n>', 'dataset and fault seed (default 1)', nonNegativeInteger)
    .option('--latency <ms>', 'milliseconds added to every response', nonNegativeInteger)
    .option('--throttle <rate>', "share of requests answered with the provider's throttling error, 0..1", rate)
    .option('--instances <n>', 'instances per provider (default 3)', nonNegativeInteger)
    .option('--backups <n>', 'backups per instance (default 40)', nonNegativeInteger)
    .option('--anchor-time <time>', `when the emulated history ends: ${ANCHOR_ARGUMENT_HELP}`, anchorArgument(now))
    .addHelpText('after', EMULATOR_EXAMPLES)
    .action(async (options: EmulatorCommandOptions) => setExitCode(await runEmulator(options, io)));

  return program;
}
