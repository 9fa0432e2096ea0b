import type { Command } from 'commander';
import { DEFAULT_INTERVAL, DEFAULT_LISTEN } from '../../index.js';
import { refuseStrayWords, type CommandContext } from '../command-context.js';
import { addSourceOptions } from '../source-options.js';
import { exporterExamples } from './audit-help.js';
import { runExporter, type ExporterCommandOptions } from './exporter-command.js';
import { addRuleOptions } from './rule-flags.js';

/** `cloud-backups exporter`: the source and rule flags of `audit`, --listen and --interval. */
export function addExporterCommand(program: Command, context: CommandContext): void {
  const exporter = program
    .command('exporter')
    .description('Serve the audit as Prometheus metrics: collect in the background on an interval, serve the last completed collection at /metrics, and /healthz.');
  const sources = addSourceOptions(exporter);
  const rules = addRuleOptions(exporter);
  exporter
    .option('--listen <address>', `host:port to serve on (default ${DEFAULT_LISTEN.host}:${DEFAULT_LISTEN.port}; :9469 for every interface; port 0 for any free port)`)
    .option('--interval <duration>', `time between the end of one collection and the start of the next (default ${DEFAULT_INTERVAL})`)
    .allowExcessArguments(true)
    .addHelpText('after', exporterExamples())
    .action(async (opts: Record<string, unknown>, command: Command) => {
      refuseStrayWords(context, command);
      const options: ExporterCommandOptions = { ...sources(opts), rules: rules(opts) };
      if (opts.listen !== undefined) options.listen = opts.listen as string;
      if (opts.interval !== undefined) options.interval = opts.interval as string;
      context.setExitCode(await runExporter(options, context.io));
    });
}
