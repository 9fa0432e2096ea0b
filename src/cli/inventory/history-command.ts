import { ConfigurationError, type ProviderName } from '../../index.js';
import type { Inventory, InventoryFilter } from '../../inventory/index.js';
import { checkPeriod } from '../arguments.js';
import { EXIT_OK, UsageError, type ExitCode } from '../exit-codes.js';
import { writeReport } from '../format/report.js';
import type { OutputFormat } from '../format/writer.js';
import type { CliIO } from '../io.js';
import { streamSink } from '../output.js';
import { changesView, coverageView, lastSuccessView, policiesView, runsView, sizesView, type HistoryReport, type ViewOptions } from './history-views.js';
import { openDb } from './open-db.js';

/** The history queries, each a flag of `history`. */
export const HISTORY_VIEWS = {
  changes: changesView,
  'last-success': lastSuccessView,
  coverage: coverageView,
  sizes: sizesView,
  runs: runsView,
  policies: policiesView,
} as const satisfies Record<string, (inventory: Inventory, options: ViewOptions) => Promise<HistoryReport>>;
export type HistoryView = keyof typeof HISTORY_VIEWS;
export const HISTORY_VIEW_NAMES = Object.keys(HISTORY_VIEWS) as HistoryView[];

/** Which views read which query flags: any other combination is refused rather than silently ignored. */
const VIEW_FLAGS: Readonly<Record<HistoryView, readonly string[]>> = {
  changes: ['since', 'until'],
  'last-success': [],
  coverage: ['days', 'calendarZone', 'now'],
  sizes: ['since', 'until', 'calendarZone'],
  runs: ['limit'],
  policies: [],
};
const FLAG_OF: Readonly<Record<string, string>> = { since: '--since', until: '--until', days: '--days', calendarZone: '--calendar-zone', now: '--now', limit: '--limit' };
/** The views the filters (--provider, --account, --region, --instance) narrow. */
const FILTERED: readonly HistoryView[] = ['changes', 'last-success', 'coverage', 'sizes', 'policies'];

export interface HistoryCommandOptions {
  db?: string;
  views: HistoryView[];
  filter: { provider?: ProviderName[]; account?: string[]; region?: string[]; instance?: string[] };
  since?: Date;
  until?: Date;
  days?: number;
  calendarZone?: string;
  now?: Date;
  limit?: number;
  format?: OutputFormat;
  local?: boolean;
}

export const DEFAULT_COVERAGE_DAYS = 30;
export const DEFAULT_RUNS_LIMIT = 20;

/** `cloud-backups history`: one query of the inventory, printed like `list` prints backups. */
export async function runHistory(options: HistoryCommandOptions, io: CliIO): Promise<ExitCode> {
  const view = chooseView(options);
  const format = options.format ?? (io.stdout.isTTY ? 'table' : 'ndjson');
  const inventory = await openDb(options.db, false);
  let report: HistoryReport;
  try {
    report = await HISTORY_VIEWS[view](inventory, viewOptions(options));
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(inFlags(error));
    throw error;
  } finally {
    await inventory.close();
  }
  await writeReport(format, report.records, report.columns, streamSink(io.stdout), { empty: report.empty, ...(report.summary ? { summary: report.summary } : {}) });
  return EXIT_OK;
}

function chooseView(options: HistoryCommandOptions): HistoryView {
  const flags = HISTORY_VIEW_NAMES.map((v) => `--${v}`).join(', ');
  if (options.views.length !== 1) {
    throw new UsageError(options.views.length === 0 ? `Choose one query: ${flags}.` : `Choose one query at a time: ${options.views.map((v) => `--${v}`).join(' and ')} were given.`);
  }
  const [view] = options.views as [HistoryView];
  const given = Object.keys(FLAG_OF).filter((k) => options[k as keyof HistoryCommandOptions] !== undefined);
  const stray = given.filter((k) => !VIEW_FLAGS[view].includes(k));
  if (stray.length > 0) throw new UsageError(`--${view} does not take ${stray.map((k) => FLAG_OF[k]).join(', ')}.${takes(view)}`);
  const filters = Object.entries(options.filter).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
  if (filters.length > 0 && !FILTERED.includes(view)) throw new UsageError(`--${view} lists every sync run; it does not take ${filters.join(', ')}.`);
  if ((view === 'changes' || view === 'sizes') && options.since === undefined) {
    throw new UsageError(`--${view} needs --since (the start of the period, e.g. --since 7d or --since 2026-05-01).`);
  }
  checkPeriod(options.since, options.until);
  return view;
}

function takes(view: HistoryView): string {
  const flags = VIEW_FLAGS[view].map((k) => FLAG_OF[k]);
  return flags.length === 0 ? '' : ` It takes ${flags.join(', ')}.`;
}

function viewOptions(options: HistoryCommandOptions): ViewOptions {
  const filter: InventoryFilter = {};
  if (options.filter.provider) filter.providers = options.filter.provider;
  if (options.filter.account) filter.accounts = options.filter.account;
  if (options.filter.region) filter.regions = options.filter.region;
  if (options.filter.instance) filter.instances = options.filter.instance;
  const out: ViewOptions = { filter, days: options.days ?? DEFAULT_COVERAGE_DAYS, limit: options.limit ?? DEFAULT_RUNS_LIMIT, local: options.local ?? false };
  if (options.since) out.since = options.since;
  if (options.until) out.until = options.until;
  if (options.calendarZone !== undefined) out.timeZone = options.calendarZone;
  if (options.now) out.now = options.now;
  return out;
}

/** `inventory: timeZone must be ...` -> `--calendar-zone must be ...`; `days` -> `--days`. */
function inFlags(error: ConfigurationError): string {
  const fields: Record<string, string> = { timeZone: '--calendar-zone', days: '--days', since: '--since', until: '--until', now: '--now' };
  const flag = error.field === undefined ? undefined : fields[error.field];
  const message = error.message.replace(/^inventory: /, '');
  if (flag === undefined) return message;
  return message.startsWith(`${error.field} `) ? `${flag} ${message.slice(error.field!.length + 1)}` : `${flag}: ${message}`;
}
