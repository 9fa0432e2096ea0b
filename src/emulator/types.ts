/**
 * The emulated providers. The emulator stands alone (its own bundle and declarations), so it names them itself
 * rather than reading the library's provider registry.
 */
export type ProviderName = 'aliyun-rds' | 'aliyun-kvstore' | 'huawei-rds' | 'capitalonline-mysql';

/** Added to every answer: ms, or a fixed part plus seeded jitter. */
export type EmulatorLatency = number | { fixedMs: number; jitterMs?: number };

/**
 * Options of `startEmulator`; every one is optional.
 *
 * @example
 * ```ts
 * await startEmulator({ seed: 7, accounts: 2, regions: 3, instances: 4, faults: { throttleRate: 0.1 }, anchorTime: new Date('2026-06-01T00:00:00Z') });
 * ```
 */
export interface EmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default 1. Everything random (data and faults) derives from it. */
  seed?: number;
  /** Instances per provider in each account x region; default 3. */
  instances?: number | Partial<Record<ProviderName, number>>;
  /** Accounts, each with its own keys and instances: 'default', 'account-2', ...; default 1. */
  accounts?: number;
  /** Regions holding instances, per provider or for all; default 1 (see `RunningEmulator.regions`). */
  regions?: number | Partial<Record<ProviderName, number>>;
  /** Backups per instance; default 40. */
  backupsPerInstance?: number | Partial<Record<ProviderName, number>>;
  /**
   * The newest generated backup ends just before this instant (floored to the second). Default: the
   * emulator's start time, so the data ends "now". Data is deterministic for a seed and an anchor:
   * tests that compare dates pin it.
   */
  anchorTime?: Date;
  /**
   * Real-service shapes: every shape the real services send is on by default, a capped page size off; `'all'` turns
   * every one on, `'none'` every one off, an object adds to (or, with false, removes from) the defaults.
   */
  shapes?: EmulatorShapes | 'all' | 'none';
  /** Added to every response. */
  latency?: EmulatorLatency;
  faults?: EmulatorFaults;
  /** The server clock used for the 15-minute timestamp checks; default `() => new Date()`. */
  now?: () => Date;
  /** Default true. The log keeps the last 100,000 entries. */
  recordRequests?: boolean;
  /**
   * Lifetime of keys from Aliyun STS AssumeRole, overriding the request's DurationSeconds (which
   * STS bounds to 900..43200): a short value lets tests see keys expire. Any positive number.
   */
  stsExpirySeconds?: number;
}

/**
 * Shapes the real services serve that a naive client mishandles. Each is off unless set; the ground
 * truth always says what a correct client lists from what is served.
 */
export interface EmulatorShapes {
  /**
   * Serve at most this many rows per backup page, silently (the total stays true; page N starts
   * where N-1 pages of the capped size end, as a clamping server does). `true`: RDS 50, KVStore 100,
   * Huawei 50; a number: that cap for all three; or per provider.
   */
  pageSizeCap?: boolean | number | Partial<Record<ProviderName, number>>;
  /** KVStore classic clusters: one DescribeBackups row per shard per job (own BackupId, shared BackupJobID). */
  kvstoreClusters?: boolean;
  /** KVStore cloud-native clusters: DescribeBackups lists nothing for them; DescribeClusterBackupList does. */
  kvstoreCloudNative?: boolean;
  /** CapitalOnline: database-level (`BackupStrategy: db`) backups and `BackupFinishTime`. */
  capitalOnlineDatabaseBackups?: boolean;
  /** Some Aliyun records spell BackupStatus/BackupMode/BackupMethod/BackupType in lower case. */
  lowerCaseEnums?: boolean;
  /** RDS: IsAvail 0, archived (StorageClass 1), ExpectExpireTime, signed download URLs carrying their expiry. */
  rdsAvailability?: boolean;
  /** Huawei `backups` null or absent on an empty page; CapitalOnline `Data: {}`; instances without backups; a numeric Version. */
  emptyBodies?: boolean;
}

/** Each rate is a probability 0..1 per API request, drawn from the seeded PRNG. */
export interface EmulatorFaults {
  /** The provider's real throttling answer. */
  throttleRate?: number;
  /** The provider's real 5xx answer. */
  serverErrorRate?: number;
  /** Destroy the socket without answering. */
  resetRate?: number;
  /** Answer only after `slowMs` (default 30,000). */
  slowRate?: number;
  slowMs?: number;
  /** 200 with a body that is not valid JSON/XML. */
  malformedRate?: number;
  /** 200 with the body cut in half. */
  truncatedRate?: number;
  /** That many new backups appear at the head of an instance's list after each backup page served. */
  driftPerPage?: number;
  /** 200 with an envelope holding nothing: `{}`, or (Aliyun) only `{"RequestId": ...}`. */
  emptyEnvelopeRate?: number;
  /** 200 `text/html`: a sign-in page, as a captive portal or proxy serves. */
  htmlRate?: number;
  /** The headers at once, then one byte of the body every `trickleMs` (default 200). */
  trickleRate?: number;
  trickleMs?: number;
  /** Accept the request and never answer (until `close()`). */
  hangRate?: number;
  /**
   * Paged backup lists only (RDS, KVStore, Huawei): a total of -1 or 0 next to a full page, or an
   * empty page next to the true total. Other calls are served as they are.
   */
  badTotalRate?: number;
  /** An authentication error whose body echoes the request's access key id, signature and security token. */
  echoSecretsRate?: number;
}

/** The library's `BackupStatus`, named here because the emulator loads nothing from the library. */
export type EmulatedStatus = 'success' | 'failed' | 'running' | 'deleting' | 'unknown';
/** The library's `BackupMode`. */
export type EmulatedMode = 'automated' | 'manual' | 'unknown';
/** The library's `BackupType`. */
export type EmulatedType = 'full' | 'incremental' | 'differential' | 'unknown';
/** The library's `BackupMethod`. */
export type EmulatedMethod = 'physical' | 'logical' | 'snapshot' | 'unknown';

/** The library's `BackupScope`. */
export type EmulatedScope = 'instance' | 'database' | 'unknown';
/** The library's `Engine`. */
export type EmulatedEngine = 'mysql' | 'postgresql' | 'sqlserver' | 'mariadb' | 'redis' | 'tair' | 'memcache' | 'other';

/** One shard's (node's) part of a backup job. */
export interface EmulatedPart {
  id: string;
  nodeId?: string;
  status: EmulatedStatus;
  sizeBytes?: number;
  startTime?: Date;
  endTime?: Date;
}

/**
 * Ground truth: what a correct client lists (the normalized model of the contracts), next to the
 * raw record exactly as served. One backup per KVStore job; see the emulator README per provider.
 */
export interface EmulatedBackup {
  provider: ProviderName;
  /** The owning account's name. */
  account: string;
  /** Aliyun/Huawei region id; CapitalOnline the instance's RegionId. */
  region: string;
  instanceId: string;
  /** KVStore: the job id (BackupJobID), or a cloud-native cluster's ClusterBackupId. */
  id: string;
  status: EmulatedStatus;
  mode: EmulatedMode;
  type: EmulatedType;
  method: EmulatedMethod;
  scope: EmulatedScope;
  startTime: Date;
  endTime?: Date;
  /** Bytes; a job's is the sum of its parts'. */
  sizeBytes?: number;
  /**
   * false when the record says it cannot be restored (RDS IsAvail 0, archived, cluster IsAvail 0) or its
   * expiry has passed by the emulator's clock when the truth is read; true when the record says it is
   * available; absent when the record says nothing.
   */
  available?: boolean;
  expiresAt?: Date;
  /** Lower-case engine (contracts' vocabulary). */
  engine?: EmulatedEngine;
  engineVersion?: string;
  databases?: string[];
  /** KVStore jobs: one part per row (per shard), sorted by nodeId then id. */
  parts?: EmulatedPart[];
  downloadUrl?: string;
  intranetDownloadUrl?: string;
  /** From the signed URL (`Expires=`, or `x-oss-date` + `x-oss-expires`). */
  downloadUrlExpiresAt?: Date;
  /** CapitalOnline: the API site serving the instance. */
  site?: 'cn' | 'asia' | 'us';
  /** Exactly the record as served (JSON form); a KVStore job's is the row of its first part. */
  raw: Record<string, unknown>;
}

/** A backup policy as a correct client reads it (contracts section 2). CapitalOnline has no read API: none. */
export interface EmulatedPolicy {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  /** Automated backups are on (Huawei keep_days > 0). */
  automated: boolean;
  retentionDays?: number;
  /** As the provider states it: '19:00Z-20:00Z' (Aliyun) or '19:00-20:00' (Huawei). */
  preferredWindow?: string;
  /** 'Monday'..'Sunday'. */
  preferredDays?: string[];
  logBackup?: boolean;
  logRetentionDays?: number;
  /** The policy object as served (Aliyun: the response less RequestId; Huawei: backup_policy). */
  raw: Record<string, unknown>;
}

/** The audit rules the ground truth knows (contracts section 3). */
export type AuditRuleName = 'maxAge' | 'latestFailed' | 'consecutiveDays' | 'minRetentionDays' | 'sizeDrop' | 'available';
/** A finding's status: `ok`, a breach (`warn` or `alarm`), `error` (its instance could not be listed) or `skip`. */
export type AuditStatus = 'ok' | 'warn' | 'alarm' | 'error' | 'skip';
/** What a breach reports: 'alarm' (the default) or 'warn'. */
export type AuditSeverity = 'alarm' | 'warn';

/** The rules to check (contracts section 3); `true` takes a rule's defaults. */
export interface AuditRules {
  /** The newest successful backup completed at most this long ago: ms, or `{ ms }` (default 26 h). */
  maxAge?: true | number | { ms?: number; severity?: AuditSeverity };
  /** The newest attempt (success or failed, by start time) did not fail. */
  latestFailed?: true | { severity?: AuditSeverity };
  /** Each of the N complete calendar days before now's day (in `timeZone`, default UTC) has a successful backup. */
  consecutiveDays?: number | { days: number; timeZone?: string; severity?: AuditSeverity };
  /** Automated backups on and retention >= N days (default 7). */
  minRetentionDays?: true | number | { days?: number; severity?: AuditSeverity };
  /** The newest successful full backup is at least `fraction` (default 0.5) of the previous one. */
  sizeDrop?: true | number | { fraction?: number; severity?: AuditSeverity };
  /** The newest successful backup is not known to be unavailable. */
  available?: true | { severity?: AuditSeverity };
}

/** What `groundTruth.audit` says of one instance and one rule. */
export interface AuditFinding {
  provider: ProviderName;
  account: string;
  region: string;
  instanceId: string;
  rule: AuditRuleName;
  status: AuditStatus;
  /** maxAge: age in ms; consecutiveDays: covered days; minRetentionDays: retention days; sizeDrop: newest / previous. */
  observed?: number;
}

/** Ground truth of one instance, with the record its instance-list API serves (`raw`). */
export interface EmulatedInstance {
  provider: ProviderName;
  account: string;
  instanceId: string;
  region: string;
  name: string;
  engine: string;
  engineVersion: string;
  createdAt: Date;
  raw: Record<string, unknown>;
}

/** One request the emulator answered (or dropped), as `requestLog()` returns it. */
export interface RequestLogEntry {
  seq: number;
  provider: ProviderName | 'huawei-iam' | 'aliyun-sts';
  action: string;
  /** The calling key's account, once the request was authenticated. */
  account?: string;
  /** The region the call addressed, when it addressed one. */
  region?: string;
  instanceId?: string;
  status: number;
  code?: string;
  receivedAt: number;
  respondedAt?: number;
  /** Decoded API params, without Signature / SecurityToken. */
  params: Record<string, string>;
}

/** A permanent key pair. */
export interface EmulatorCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** A temporary key pair with its security token. */
export interface EmulatorStsCredentials extends EmulatorCredentials {
  securityToken: string;
}

/** One emulated account: its name, keys, Aliyun id and a role any account's keys may assume. */
export interface EmulatorAccount {
  /** 'default', 'account-2', 'account-3', ... */
  name: string;
  /** A permanent key pair every cloud accepts for this account. */
  credentials: EmulatorCredentials;
  /** The account's Aliyun id (16 digits), as in its role ARNs. */
  aliyunUid: string;
  /** A role in this account that any account's keys may assume (Aliyun STS AssumeRole). */
  roleArn: string;
}

/** Calls of `provider` in `region` (by `account`, or by every account) are refused. */
export interface RegionDenial {
  provider: ProviderName;
  region: string;
  account?: string;
}

/**
 * A running emulator, as `startEmulator` resolves it: where it listens, its keys and accounts, the ground truth, and
 * the knobs of a live run (faults, latency, denials, drift, the request log).
 */
export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Base URL to pass as a source's `endpoint`; all equal `url` (dispatch is by request shape). */
  endpoints: Record<ProviderName, string>;
  /** Huawei IAM base URL. */
  iamEndpoint: string;
  /** The anchor the data was generated against (the `anchorTime` option, or the start time). */
  anchorTime: Date;
  /** One pair accepted by every provider: the first account's (`accounts[0].credentials`). */
  credentials: EmulatorCredentials;
  accounts: readonly EmulatorAccount[];
  /** Per provider, the regions holding instances; the first is the single region of a default emulator. */
  regions: Record<ProviderName, string[]>;
  /** Huawei project id of `account`'s project for `region` (any Huawei region the emulator knows). */
  huaweiProjectIdFor(account: string, region: string): string;
  /** From now on, every call of `provider` in `region` (by `account`, or by all) gets the provider's permission error. */
  denyRegion(denial: RegionDenial): void;
  /** Lifts every `denyRegion`. */
  clearDenials(): void;
  /** Temporary credentials of the first account, also accepted (Aliyun SecurityToken / x-acs-security-token, Huawei X-Security-Token). */
  stsCredentials: EmulatorStsCredentials;
  /** `huaweiProjectIdFor(accounts[0].name, huaweiRegion)`. */
  huaweiProjectId: string;
  /** `regions['huawei-rds'][0]`. */
  huaweiRegion: string;
  /** `regions['aliyun-rds'][0]`. */
  aliyunRegion: string;
  groundTruth: {
    /** Every account's and region's instances, account by account, region by region. */
    instances(provider: ProviderName): EmulatedInstance[];
    /** Newest first; without `instanceId`, every instance's backups in instance order (all accounts and regions). */
    backups(provider: ProviderName, instanceId?: string): EmulatedBackup[];
    /** Every instance's policy, as its read API serves it now; none for a provider without one (CapitalOnline). */
    policies(provider: ProviderName): EmulatedPolicy[];
    /**
     * Contracts section 3, computed independently of the library: per instance (every provider, account
     * and region) and rule. An instance in a region denied to its account is 'error' for each rule.
     */
    audit(o: { now: Date; rules: AuditRules }): AuditFinding[];
  };
  /** From now on `instanceId` has no backup starting at or after `at` (those there are gone, drift adds none): an RPO breach. */
  stopBackups(provider: ProviderName, instanceId: string, at: Date): void;
  /** The requests answered so far (the last 100,000), oldest first; empty with `recordRequests: false`. */
  requestLog(): readonly RequestLogEntry[];
  /** Empties the request log. */
  clearRequestLog(): void;
  /** In-flight API requests observed. */
  concurrency(): { current: number; max: number };
  /** Starts measuring `concurrency().max` again from now. */
  resetConcurrency(): void;
  /** Replaces the fault rates (and restarts their seeded stream). */
  setFaults(faults: EmulatorFaults): void;
  /** Replaces the added latency. */
  setLatency(latency: EmulatorOptions['latency']): void;
  /** Drift on demand: adds `count` backups at the head of the instance's list; returns them newest first. */
  addBackups(provider: ProviderName, instanceId: string, count: number): EmulatedBackup[];
  /**
   * The cloud deletes these backups of `instanceId` (expiry, a person): from now on no API lists them (pages,
   * totals, id filters, every shard row of a KVStore job) and the ground truth (backups, audit) lacks them; the
   * others keep their ids and order, so a walk after the deletion pages without gaps or repeats. `ids` are the
   * ground truth's (a KVStore job's BackupJobID or a cluster's ClusterBackupId, not a shard row's BackupId);
   * duplicates count once. Returns the deleted backups as they were, newest first. Throws a RangeError naming an
   * unknown provider, instance or id (one the instance never had or no longer has), deleting nothing.
   */
  deleteBackups(provider: ProviderName, instanceId: string, ids: readonly string[]): EmulatedBackup[];
  /** Stops the server: clears every pending timer and destroys every socket, hanging ones included. */
  close(): Promise<void>;
}
