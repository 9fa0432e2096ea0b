import type {
  AuditOptions,
  AuditResult,
  AuditRules,
  Backup,
  BackupClient,
  BackupPolicyFields,
  BackupStatus,
  ClientBackupQuery,
  CloudBackupsError,
  Duration,
  InstanceInfo,
  ListingFailure,
  OneOrMany,
  ProviderName,
} from '../index.js';

/** Options of `openInventory`. */
export interface InventoryOptions {
  /**
   * Where the inventory lives: a directory (embedded PostgreSQL through PGlite, created when missing; default
   * `./.cloud-backups-db`), `memory://` (embedded, gone on close: tests), or `postgres://user:pass@host/db`
   * (a PostgreSQL server through `pg`, for many collectors). Each engine is an optional peer dependency.
   */
  url?: string;
  /** The clock dating what syncs observe (first_seen, last_seen, gone_at, run times). Default: the system clock. */
  now?: () => Date;
  /** Connections to a server at most (postgres:// only). Default 4. */
  poolSize?: number;
  /**
   * Create the inventory when there is none (default true). False makes opening a missing one an error that
   * says so: what a read-only command wants, rather than an empty new database at a mistyped path.
   */
  create?: boolean;
}

/**
 * What a sync lists: which providers and instances, and optionally a window on start times. Backup filters
 * (status, mode, type, method) are refused: a sync must see every backup of an instance to know which are gone.
 */
export type SyncQuery = Pick<ClientBackupQuery, 'providers' | 'instances' | 'since' | 'until' | 'signal'>;

/** Options of `Inventory.sync`: how long to wait for an overlapping run, and the run's lease. */
export interface SyncOptions {
  /** Give up waiting for another run of an overlapping scope after this long (InventoryBusyError). Default: wait. */
  lockTimeoutMs?: number;
  /** How long the run's hold on its scope survives without renewal (a crashed run frees it after this). Default 60 s. */
  leaseMs?: number;
  /** Backups per staging statement. Default 1000. */
  batchSize?: number;
}

/** What one sync did: its status, what it listed, and what became new, changed or gone. */
export interface SyncResult {
  runId: number;
  /** succeeded: no failure; partial: some parts failed (see failures); failed: failures and nothing listed. */
  status: 'succeeded' | 'partial' | 'failed';
  /** The run's instant: first_seen / last_seen / gone_at of what it changed. */
  startedAt: Date;
  finishedAt: Date;
  /** Backups the listing yielded. */
  listed: number;
  new: number;
  /** Backups whose facts changed (status, size, end time...), or that came back after being marked gone. */
  changed: number;
  gone: number;
  instances: {
    /** Listed completely: what was not seen is now marked gone. */
    complete: number;
    /** Listed with a gap (an unmappable record, a failure covering its account): merged, nothing marked gone. */
    incomplete: number;
    /** Their walk failed: left untouched. */
    failed: number;
  };
  /** The first 1,000 failures. */
  failures: readonly ListingFailure[];
  failuresTotal: number;
}

/** A sync run's state: still `running`, how it ended, or `interrupted` (its process died before it ended). */
export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'aborted' | 'interrupted';

/** A failure as a run stores it: where it happened and the error's safe fields. */
export interface StoredFailure {
  provider: ProviderName;
  account: string;
  region?: string;
  instanceId?: string;
  recordId?: string;
  error: ReturnType<CloudBackupsError['toJSON']> & { name: string; message: string };
}

/** One recorded sync run, as `Inventory.runs` returns it. */
export interface SyncRun {
  id: number;
  status: SyncRunStatus;
  /** The scopes (`provider/account/region`) the run held. */
  scope: string[];
  query: { providers?: string[]; instances?: string[]; since?: string; until?: string };
  /** Host and process that ran it. */
  holder: string;
  startedAt: Date;
  finishedAt: Date | undefined;
  listed: number;
  new: number;
  changed: number;
  gone: number;
  instances: { complete: number; incomplete: number };
  failuresTotal: number;
  failures: StoredFailure[];
  error: string | undefined;
}

/** What the inventory adds to a backup: when syncs first saw it, last saw it, and first missed it. */
export interface HistoryFields {
  firstSeen: Date;
  lastSeen: Date;
  /** Set when a sync listed the instance completely without seeing it; cleared if it is seen again. */
  goneAt?: Date;
  /** When its status became the current one (first_seen until a change). */
  statusChangedAt: Date;
}

/** A backup from the inventory: the normalized model plus its history. */
export type StoredBackup = Backup & HistoryFields;

/** An instance the inventory knows (as discovery reported it), with when syncs first and last saw it. */
export interface StoredInstance extends Omit<InstanceInfo, 'location'> {
  firstSeen: Date;
  lastSeen: Date;
  /** The start of the last sync that listed every backup of it. */
  listedAt?: Date;
}

/** Narrows a history query; every field is optional (one value, or a list meaning any of them). */
export interface InventoryFilter {
  providers?: OneOrMany<ProviderName>;
  accounts?: OneOrMany<string>;
  regions?: OneOrMany<string>;
  instances?: OneOrMany<string>;
}

export interface ChangesQuery extends InventoryFilter {
  since: Date;
  /** Exclusive; default: no bound (up to the latest sync). */
  until?: Date;
}

/** What `Inventory.changes` returns: backups that appeared and backups marked gone in a period. */
export interface Changes {
  since: Date;
  until?: Date;
  /** First seen in the period, oldest first. */
  appeared: StoredBackup[];
  /** Marked gone in the period, oldest first. */
  gone: StoredBackup[];
}

/** One instance and its newest successful backup ever recorded. */
export interface LastSuccess {
  instance: StoredInstance;
  /** The newest successful backup ever recorded (gone or not); undefined when there never was one. */
  backup?: StoredBackup;
}

export interface CoverageQuery extends InventoryFilter {
  /** The complete calendar days before the day containing `now`. */
  days: number;
  /** IANA zone the days are in. Default 'UTC'. */
  timeZone?: string;
  /** Default: the inventory's clock. */
  now?: Date;
}

/** One calendar day of an instance's coverage. */
export interface DayCoverage {
  /** YYYY-MM-DD in the query's zone. */
  date: string;
  start: Date;
  end: Date;
  /** Successful backups that started that day. */
  successes: number;
}

/** An instance's successful backups per day over the days asked for. */
export interface InstanceCoverage {
  instance: StoredInstance;
  /** Oldest first. */
  days: DayCoverage[];
  coveredDays: number;
  /** Days without a successful backup (the audit's consecutiveDays breaches when there is any). */
  missingDays: string[];
}

export interface SizeQuery extends InventoryFilter {
  since: Date;
  /** Exclusive; default: now. */
  until?: Date;
  /** IANA zone the days are in. Default 'UTC'. */
  timeZone?: string;
}

/** One day's successful backups of an instance, and their sizes. */
export interface DaySize {
  date: string;
  /** Successful backups that started that day. */
  successes: number;
  /** Their sizes added up: what the day's backups store. */
  totalBytes: number;
  /** The largest successful full backup of the day: the data's size. */
  fullBytes?: number;
}

/** An instance's backup sizes per day. */
export interface InstanceSizes {
  instance: StoredInstance;
  /** Days with at least one successful backup, oldest first. */
  days: DaySize[];
}

export interface BackupsQuery extends InventoryFilter {
  /** Inclusive bound on startTime. */
  since?: Date;
  /** Exclusive bound on startTime. */
  until?: Date;
  status?: OneOrMany<BackupStatus>;
  /** Include backups marked gone. Default true: the inventory's point is to remember them. */
  includeGone?: boolean;
}

/** An instance's backup policy as last saved, with when it was fetched. */
export interface StoredPolicy extends PolicyInput {
  fetchedAt: Date;
}

/**
 * What a sync needs of a client: its discovery and its listing. A `BackupClient` is one; so is anything that lists
 * the same way (a wrapper that adds logging, say).
 */
export type SyncClient = Pick<BackupClient, 'backups' | 'discover'>;

/**
 * How `inventory.audit` runs: the live audit's options (`now`, `window`, `policies`, `signal`), the inventory's
 * filters (providers, accounts, regions, instances, as every history query takes them), and how old a complete
 * listing may be.
 */
export interface InventoryAuditOptions extends Omit<AuditOptions, 'providers' | 'instances'>, InventoryFilter {
  /** The instant judged at. Default: the inventory's clock (`openInventory({ now })`, else the current time). */
  now?: Date;
  /**
   * An instance whose last complete listing (`listedAt`) is older than this before `now` cannot be vouched for:
   * each rule that needs its backups is 'error' (an InventoryEvidenceError with gap 'stale'). Default: 48 hours, or
   * twice `maxAge` when that is longer. Durations as for the rules (`'36h'`, `'3d'`, milliseconds).
   */
  staleAfter?: Duration;
}

/**
 * The backup inventory: a history of what syncs listed, in PostgreSQL. Made by `openInventory`; close it when done.
 *
 * @example
 * ```ts
 * const inventory = await openInventory({ url: './.cloud-backups-db' });
 * const run = await inventory.sync(client);
 * const { appeared, gone } = await inventory.changes({ since: new Date(Date.now() - 7 * 86_400_000) });
 * await inventory.close();
 * ```
 */
export interface Inventory {
  readonly engine: 'pglite' | 'postgres';
  /** Where it is (a server url without its password). */
  readonly location: string;
  readonly schemaVersion: number;
  /** Lists through `client` and records what it saw: see SyncQuery, SyncResult. Rejects when aborted (the run is recorded as aborted). */
  sync(client: SyncClient, query?: SyncQuery, options?: SyncOptions): Promise<SyncResult>;
  /** Backups first seen, and backups marked gone, in a period. */
  changes(query: ChangesQuery): Promise<Changes>;
  /** Per known instance, its newest successful backup over all time. */
  lastSuccess(filter?: InventoryFilter): Promise<LastSuccess[]>;
  /** Per instance, successful backups per calendar day for the last `days` complete days. */
  coverage(query: CoverageQuery): Promise<InstanceCoverage[]>;
  /** Per instance and day, the size of its successful backups. */
  sizes(query: SizeQuery): Promise<InstanceSizes[]>;
  /** Every stored backup matching, newest first, read in pages. */
  backups(query?: BackupsQuery): AsyncIterable<StoredBackup>;
  /** The instances syncs have seen. */
  instances(filter?: InventoryFilter): Promise<StoredInstance[]>;
  /** Sync runs, newest first. Default limit 20. */
  runs(options?: { limit?: number }): Promise<SyncRun[]>;
  /** Stores the current policy of each instance (replacing the previous one). Returns how many. */
  savePolicies(policies: Iterable<PolicyInput>, options?: { fetchedAt?: Date }): Promise<number>;
  /** The stored policies. */
  policies(filter?: InventoryFilter): Promise<StoredPolicy[]>;
  /**
   * The audit of `client.audit` (same rules, same judging code, same result) over the stored history instead of
   * the clouds' listings. A backup marked gone still counts as a backup that ran (coverage, last success, sizes)
   * but is unavailable from its `goneAt` on. An instance the syncs did not list completely (never, or not since a
   * sync failed it), or not within `staleAfter` of `now`, is 'error' for every rule needing backups and is listed
   * in `failures` (an InventoryEvidenceError), never a silent 'ok'. Policies are the stored ones (`savePolicies`):
   * none stored is 'error' where the provider has a policy API, 'skip' where it has none (CapitalOnline).
   * Throws a ConfigurationError naming the field for bad rules or options.
   */
  audit(rules?: AuditRules, options?: InventoryAuditOptions): Promise<AuditResult>;
  /** Closes the database (an embedded one frees its directory). */
  close(): Promise<void>;
}

/** A backup policy as the library reads it (`BackupPolicy`), structurally: any provider, `raw` untyped. */
export interface PolicyInput extends BackupPolicyFields {
  provider: ProviderName;
  raw: unknown;
}
