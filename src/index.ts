export * from './model.js';
export * from './errors.js';
export { redact, REDACTED } from './redact.js';
export type { BackupQuery, OneOrMany } from './query.js';
export { PagedList, type BackupList, type ListPage, type ToArrayOptions, type FailureHandler } from './listing/paged-list.js';
export type { Credentials, CredentialsInput } from './credentials/types.js';
export type { RetryOptions } from './http/retry.js';
export type { RateLimitOptions } from './http/rate-limit.js';
export type { RetryEvent } from './http/transport.js';
export type { CommonSourceOptions } from './listing/options.js';
export type { BackupSource, ListBackupsOptions, ListInstancesOptions, ListingObserver } from './listing/source.js';
export {
  createBackupClient,
  DEFAULT_CONCURRENCY,
  type BackupClient,
  type BackupClientOptions,
  type BackupProgress,
  type ClientBackupQuery,
  type InstanceTarget,
  type Discovery,
} from './listing/client.js';
export { PROVIDERS, PROVIDER_NAMES, providerEntry } from './providers/registry.js';
export type { ProviderEntry, ProviderOptionInfo } from './providers/entry.js';
export {
  capitalOnlineMysql,
  CAPITALONLINE_SITES,
  CAPITALONLINE_SITE_BASE_URLS,
  DEFAULT_CAPITALONLINE_TIME_ZONE,
  type CapitalOnlineMysqlOptions,
  type CapitalOnlineSite,
} from './providers/capitalonline-mysql/index.js';
export type { CapitalOnlineBackupRecord } from './providers/capitalonline-mysql/schema.js';
export { aliyunKvstore, type AliyunKvstoreOptions } from './providers/aliyun-kvstore/index.js';
export type { AliyunKvstoreBackupRecord, AliyunKvstoreClusterBackupRecord } from './providers/aliyun-kvstore/schema.js';
export { aliyunRds, type AliyunRdsOptions } from './providers/aliyun-rds/index.js';
export { rdsConsistentTime } from './providers/aliyun-rds/map.js';
export type { AliyunSourceOptions, AliyunSignatureVersion, AliyunResponseFormat } from './providers/aliyun-common/options.js';
export type { AliyunRdsBackupRecord } from './providers/aliyun-rds/schema.js';
export { huaweiRds, type HuaweiRdsOptions } from './providers/huawei-rds/index.js';
export type { HuaweiRdsBackupRecord } from './providers/huawei-rds/schema.js';
// Issue 16: backup health (latest, audit, policies; metrics in ./audit/metrics.js).
export { auditOutcome, type AuditResult, type AuditSummary, type AuditedSource, type InstanceAudit, type SourceRef } from './audit/audit.js';
export { parseDuration, formatDuration, type Duration } from './audit/duration.js';
export { FINDING_STATUSES, STATUS_LEVEL, type Finding, type FindingOf, type FindingStatus } from './audit/findings.js';
export type { AvailableFinding, ConsecutiveDaysFinding, LatestFailedFinding, MaxAgeFinding, MinRetentionDaysFinding, SizeDropFinding } from './audit/findings.js';
export type { AuditOptions } from './audit/options.js';
export type { PolicyList, UnreadablePolicy } from './audit/policies.js';
export { RULE_DEFAULTS, RULE_NAMES, resolveRules, type AuditRules, type ResolvedRules, type RuleName, type Severity } from './audit/rules.js';
export type { AliyunRdsBackupPolicyRecord } from './providers/aliyun-rds/policy.js';
export type { AliyunKvstoreBackupPolicyRecord } from './providers/aliyun-kvstore/policy.js';
export type { HuaweiRdsBackupPolicyRecord } from './providers/huawei-rds/policy.js';
export { auditRegistry, renderPrometheus, type AuditMetricsOptions, type MetricsRegistry } from './audit/metrics.js';
export { AUDIT_METRICS, EXPORTER_METRICS, METRIC_NAMES } from './audit/metric-names.js';
export { createExporter, DEFAULT_INTERVAL, type CollectionEvent, type Exporter, type ExporterOptions } from './audit/exporter.js';
export { DEFAULT_LISTEN, parseListen, type ListenAddress } from './audit/listen.js';
