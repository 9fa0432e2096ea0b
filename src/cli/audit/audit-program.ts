import { Option, type Command } from 'commander';
import { anchorArgument, ANCHOR_ARGUMENT_HELP, durationArgument } from '../arguments.js';
import { DB_HELP } from '../inventory/open-db.js';
import { refuseStrayWords, type CommandContext } from '../command-context.js';
import { addSourceOptions } from '../source-options.js';
import { runAudit, type AuditCommandOptions, type FailOn } from './audit-command.js';
import { AUDIT_FORMATS, type AuditFormat } from './audit-output.js';
import { auditExamples } from './audit-help.js';
import { addRuleOptions } from './rule-flags.js';

/** `cloud-backups audit`: the source flags of `list`, one flag per rule, the output formats and --fail-on. */
export function addAuditCommand(program: Command, context: CommandContext): void {
  const audit = program
    .command('audit')
    .description('Check that every instance is protected: the newest good backup is recent, daily backups happened, retention is long enough, ...; exit codes a scheduler can act on.');
  const sources = addSourceOptions(audit);
  const rules = addRuleOptions(audit);
  audit
    .option('--now <time>', `the instant to judge at: ${ANCHOR_ARGUMENT_HELP}`, anchorArgument(context.now))
    .addOption(new Option('--fail-on <level>', 'exit 1 on alarms only (default), or on warnings too').choices(['alarm', 'warn']))
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, ndjson when piped)').choices(AUDIT_FORMATS))
    .option('--local', "table times in this machine's time zone instead of UTC")
    .option('--from-db [dir|url]', `judge what sync recorded instead of listing the clouds (no credentials needed; the source flags narrow it): ${DB_HELP}`)
    .option('--stale-after <duration>', 'with --from-db: an instance whose last complete sync is older than this is "error" (default 48h, or twice --max-age)', durationArgument('--stale-after'))
    .allowExcessArguments(true)
    .addHelpText('after', auditExamples())
    .action(async (opts: Record<string, unknown>, command: Command) => {
      refuseStrayWords(context, command);
      const options: AuditCommandOptions = { ...sources(opts), rules: rules(opts) };
      if (opts.now !== undefined) options.now = opts.now as Date;
      if (opts.failOn !== undefined) options.failOn = opts.failOn as FailOn;
      if (opts.format !== undefined) options.format = opts.format as AuditFormat;
      if (opts.local !== undefined) options.local = true;
      if (opts.fromDb !== undefined) options.fromDb = opts.fromDb as string | true;
      if (opts.staleAfter !== undefined) options.staleAfterMs = opts.staleAfter as number;
      context.setExitCode(await runAudit(options, context.io));
    });
}
