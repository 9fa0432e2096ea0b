import { Option, type Command } from 'commander';
import { durationArgument, timeArgument } from '../arguments.js';
import { refuseStrayWords, type CommandContext } from '../command-context.js';
import { TIME_ARGUMENT_HELP } from '../relative-time.js';
import { addSourceOptions } from '../source-options.js';
import { syncExamples } from './inventory-help.js';
import { DB_HELP } from './open-db.js';
import { runSync, SYNC_FORMATS, type SyncCommandOptions, type SyncFormat } from './sync-command.js';

/** `cloud-backups sync`: the source flags of `list`, --db, an optional window, --policies, --lock-timeout. */
export function addSyncCommand(program: Command, context: CommandContext): void {
  const sync = program
    .command('sync')
    .description('Record what the sources list in the inventory (PostgreSQL: embedded, or a server), so the history outlives the clouds\' retention.');
  const sources = addSourceOptions(sync);
  sync
    .option('--db <dir|url>', DB_HELP)
    .option('--since <time>', `only backups started at or after (a narrower sync; nothing outside it is marked gone): ${TIME_ARGUMENT_HELP}`, timeArgument(context.now))
    .option('--until <time>', 'only backups started before (same forms as --since)', timeArgument(context.now))
    .option('--policies', "also read every instance's backup policy and store it")
    .option('--lock-timeout <duration>', 'give up after waiting this long for another sync of the same accounts and regions (default: wait)', durationArgument('--lock-timeout'))
    .addOption(new Option('--format <format>', 'what the run did: table (default on a terminal) or json (default when piped)').choices(SYNC_FORMATS))
    .allowExcessArguments(true)
    .addHelpText('after', syncExamples())
    .action(async (opts: Record<string, unknown>, command: Command) => {
      refuseStrayWords(context, command);
      const options: SyncCommandOptions = { ...sources(opts) };
      if (opts.db !== undefined) options.db = opts.db as string;
      if (opts.since !== undefined) options.since = opts.since as Date;
      if (opts.until !== undefined) options.until = opts.until as Date;
      if (opts.policies !== undefined) options.policies = true;
      if (opts.lockTimeout !== undefined) options.lockTimeoutMs = opts.lockTimeout as number;
      if (opts.format !== undefined) options.format = opts.format as SyncFormat;
      context.setExitCode(await runSync(options, context.io));
    });
}
