import { Option, type Command } from 'commander';
import { PROVIDER_NAMES, type ProviderName } from '../../index.js';
import { anchorArgument, ANCHOR_ARGUMENT_HELP, commaList, enumList, positiveInteger, timeArgument } from '../arguments.js';
import { refuseStrayWords, type CommandContext } from '../command-context.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../format/writer.js';
import { TIME_ARGUMENT_HELP } from '../relative-time.js';
import { DEFAULT_COVERAGE_DAYS, DEFAULT_RUNS_LIMIT, HISTORY_VIEW_NAMES, runHistory, type HistoryCommandOptions, type HistoryView } from './history-command.js';
import { historyExamples } from './inventory-help.js';
import { DB_HELP } from './open-db.js';

const VIEW_HELP: Readonly<Record<HistoryView, string>> = {
  changes: 'backups that appeared (first seen) and disappeared (marked gone) between --since and --until',
  'last-success': 'per instance, its newest successful backup over all time, even one the cloud has deleted',
  coverage: `per instance, which of the last --days complete calendar days (default ${DEFAULT_COVERAGE_DAYS}) had a successful backup`,
  sizes: 'per instance and day from --since, the successful backups and their sizes',
  runs: `the latest sync runs (default ${DEFAULT_RUNS_LIMIT}; --limit): when, what they did, their listing errors`,
  policies: 'the backup policy of each instance as sync --policies last stored it',
};

/** `cloud-backups history`: one query of the inventory per run, filtered, in the formats of `list`. */
export function addHistoryCommand(program: Command, context: CommandContext): void {
  const history = program.command('history').description('Query the inventory that sync records: changes, last successes, daily coverage, sizes, sync runs.');
  history.option('--db <dir|url>', DB_HELP);
  for (const view of HISTORY_VIEW_NAMES) history.option(`--${view}`, VIEW_HELP[view]);
  history
    .option('--since <time>', `start of the period (--changes, --sizes): ${TIME_ARGUMENT_HELP}`, timeArgument(context.now))
    .option('--until <time>', 'end of the period, exclusive (default: now)', timeArgument(context.now))
    .option('--days <n>', `--coverage: complete calendar days before today (default ${DEFAULT_COVERAGE_DAYS})`, positiveInteger)
    .option('--calendar-zone <zone>', 'the time zone of the calendar days of --coverage and --sizes: an IANA name (Asia/Shanghai) or an offset (+08:00); default UTC')
    .option('--now <time>', `--coverage: the instant whose day ends the period: ${ANCHOR_ARGUMENT_HELP}`, anchorArgument(context.now))
    .option('--limit <n>', `--runs: how many (default ${DEFAULT_RUNS_LIMIT})`, positiveInteger)
    .option('--provider <names>', `only these providers: ${PROVIDER_NAMES.join(', ')}`, enumList('a provider', PROVIDER_NAMES))
    .option('--account <names>', 'only these accounts (labels, e.g. profile names); comma-separated or repeated', commaList)
    .option('--region <regions>', 'only these regions; comma-separated or repeated', commaList)
    .option('--instance <ids>', 'only these instances; comma-separated or repeated', commaList)
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, ndjson when piped)').choices(OUTPUT_FORMATS))
    .option('--local', "table times in this machine's time zone instead of UTC")
    .allowExcessArguments(true)
    .addHelpText('after', historyExamples())
    .action(async (opts: Record<string, unknown>, command: Command) => {
      refuseStrayWords(context, command);
      const options: HistoryCommandOptions = {
        views: HISTORY_VIEW_NAMES.filter((v) => opts[attribute(v)] === true),
        filter: {},
      };
      if (opts.provider !== undefined) options.filter.provider = opts.provider as ProviderName[];
      for (const key of ['account', 'region', 'instance'] as const) if (opts[key] !== undefined) options.filter[key] = opts[key] as string[];
      for (const key of ['db', 'since', 'until', 'days', 'calendarZone', 'now', 'limit', 'local'] as const) {
        if (opts[key] !== undefined) (options as unknown as Record<string, unknown>)[key] = opts[key];
      }
      if (opts.format !== undefined) options.format = opts.format as OutputFormat;
      context.setExitCode(await runHistory(options, context.io));
    });
}

/** The commander attribute of a view flag (`last-success` -> `lastSuccess`). */
function attribute(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
