import { DEFAULT_INTERVAL, DEFAULT_LISTEN, PROVIDERS } from '../../index.js';
import { EXIT_AUDIT_BREACH, EXIT_AUDIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { regionProviders } from '../help-text.js';
import { ALL_LOCATIONS } from '../source-flags.js';

/** `--help` texts of audit and exporter. Provider names and locations come from the registry. */

function everyRegion(): string {
  return `--provider ${regionProviders().join(',')} --${PROVIDERS[0].location.key} '${ALL_LOCATIONS}'`;
}

const RULES_HELP = `Rules: give the flags of the rules to check; with none, every rule is checked with its default.
Durations: 26h, 90m, 1d12h, 7d. A breach is an alarm; --warn RULES makes it a warning.
An instance that could not be read is "error" for the rules that need its backups, never a silent ok;
a rule a provider cannot answer (no policy API) is "skip".`;

export function auditExamples(): string {
  const [first] = PROVIDERS;
  return `
Examples:
  # Every rule with its defaults, every region of two accounts
  $ cloud-backups audit ${everyRegion()} --profile prod --profile staging

  # An RPO of 26 hours, no failed latest attempt, a good backup on each of the last 7 days (Shanghai days)
  $ cloud-backups audit --provider ${first.name} --${first.location.key} ${first.location.example} --max-age 26h --latest-failed \\
      --consecutive-days 7 --calendar-zone Asia/Shanghai --min-retention 7 --size-drop 0.5 --available --warn size-drop

  # For node_exporter's textfile collector (cron), judged at a fixed instant
  $ cloud-backups audit --config sources.json --format prometheus > /var/lib/node_exporter/cloud_backups.prom.$$ \\
      && mv /var/lib/node_exporter/cloud_backups.prom.$$ /var/lib/node_exporter/cloud_backups.prom
  $ cloud-backups audit --config sources.json --now 2026-06-01T00:00:00Z --format json

  # Judge what sync recorded (no credentials, no request); an instance not synced completely within --stale-after is "error"
  $ cloud-backups audit --from-db --max-age 26h --stale-after 36h
  $ cloud-backups audit --from-db postgres://audit@db.internal:5432/backups --provider ${first.name}

${RULES_HELP}

Output: table on a terminal (instances grouped, worst first, one line per rule that did not pass), ndjson when
piped (one finding per line); json (the whole audit), csv (one row per finding), prometheus (text exposition).

Exit codes:
  ${EXIT_OK}    every rule passed (or was skipped) on every instance
  ${EXIT_AUDIT_BREACH}    at least one alarm (with --fail-on warn: or a warning)
  ${EXIT_USAGE}    usage or configuration error (a flag, the config file, missing credentials)
  ${EXIT_AUDIT_INCOMPLETE}    some instances (or rules) could not be checked; the rest were
  ${EXIT_INTERRUPTED}  interrupted (Ctrl-C)`;
}

export function exporterExamples(): string {
  return `
Examples:
  $ cloud-backups exporter ${everyRegion()} --profile prod --listen ${DEFAULT_LISTEN.host}:${DEFAULT_LISTEN.port} --interval 5m
  $ cloud-backups exporter --config sources.json --max-age 26h --consecutive-days 7 --listen :9469

  # prometheus.yml
  scrape_configs:
    - job_name: cloud-backups
      scrape_interval: 1m
      static_configs: [{ targets: ['${DEFAULT_LISTEN.host}:${DEFAULT_LISTEN.port}'] }]

A collection (an audit) runs at start, then --interval (default ${DEFAULT_INTERVAL}) after each one ends. /metrics serves the last
completed collection (a scrape never lists anything; while a collection runs it serves the previous one);
/healthz answers 200 with the collection state as JSON. Each collection is logged to stderr. Ctrl-C stops it.

${RULES_HELP}`;
}
