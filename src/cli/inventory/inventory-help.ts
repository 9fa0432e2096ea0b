import { PROVIDERS } from '../../index.js';
import { DEFAULT_INVENTORY_DIR } from '../../inventory/index.js';
import { EXIT_INTERRUPTED, EXIT_NOTHING_LISTED, EXIT_OK, EXIT_PARTIAL_FAILURE, EXIT_USAGE } from '../exit-codes.js';
import { regionProviders } from '../help-text.js';
import { ALL_LOCATIONS } from '../source-flags.js';

/** `--help` texts of sync and history. Provider names and locations come from the registry. */

export function syncExamples(): string {
  const [first] = PROVIDERS;
  return `
Examples:
  # Every region of two accounts into the embedded inventory (${DEFAULT_INVENTORY_DIR}), e.g. hourly from cron
  $ cloud-backups sync --provider ${regionProviders().join(',')} --${first.location.key} '${ALL_LOCATIONS}' --profile prod --profile staging

  # Into a PostgreSQL server shared by several collectors, with the backup policies
  $ cloud-backups sync --config sources.json --db postgres://backups@db.internal:5432/backups --policies --lock-timeout 10m

A sync upserts what it lists (running it twice changes nothing but last_seen). A backup is marked gone only when a
later sync listed its instance completely and did not see it; an instance that failed is left as it was, and the
run records why. Each instance's changes commit together, so Ctrl-C or a crash leaves the inventory consistent.
Collectors of the same accounts and regions take turns (--lock-timeout); others sync at the same time.
Without a server nothing needs installing: the embedded engine is PostgreSQL in WebAssembly (PGlite), in a directory.

Exit codes:
  ${EXIT_OK}    every instance was listed and recorded
  ${EXIT_PARTIAL_FAILURE}    listing errors: some instances failed and were left as they were; the rest was recorded
  ${EXIT_USAGE}    usage or configuration error (a flag, the config file, --db, missing credentials)
  ${EXIT_NOTHING_LISTED}    nothing could be listed, or another sync held the same scope past --lock-timeout
  ${EXIT_INTERRUPTED}  interrupted (Ctrl-C); the run is recorded as aborted`;
}

export function historyExamples(): string {
  return `
Examples:
  $ cloud-backups history --changes --since 7d                       # what appeared and what disappeared last week
  $ cloud-backups history --last-success --format csv > last.csv     # the newest good backup of every instance, ever
  $ cloud-backups history --coverage --days 90 --calendar-zone Asia/Shanghai --account prod
  $ cloud-backups history --sizes --since 2026-01-01 --instance db-1 --format json
  $ cloud-backups history --runs --limit 5 --db postgres://backups@db.internal:5432/backups

One query per run. History reads the inventory only (never the clouds) and never creates one: a mistyped --db is an error.`;
}
