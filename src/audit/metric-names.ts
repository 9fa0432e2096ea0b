/**
 * Every metric the exporter serves, by name: the one list alert rules and dashboards are checked against.
 * Base units in the names (seconds, bytes, days), as Prometheus naming practice asks.
 */
export const AUDIT_METRICS = {
  lastSuccessTimestamp: 'cloud_backups_last_success_timestamp_seconds',
  lastSuccessAge: 'cloud_backups_last_success_age_seconds',
  lastSuccessSize: 'cloud_backups_last_success_size_bytes',
  backups: 'cloud_backups_backups',
  policyRetention: 'cloud_backups_policy_retention_seconds',
  policyAutomated: 'cloud_backups_policy_automated',
  auditStatus: 'cloud_backups_audit_status',
  instances: 'cloud_backups_instances',
  collectSuccess: 'cloud_backups_collect_success',
  collectDuration: 'cloud_backups_collect_duration_seconds',
  collectTimestamp: 'cloud_backups_collect_timestamp_seconds',
} as const;

/** The exporter's own metrics, about its collections rather than about backups. */
export const EXPORTER_METRICS = {
  collectRunning: 'cloud_backups_collect_running',
  collections: 'cloud_backups_collections_total',
} as const;

/** Every metric name the audit and the exporter expose (all start with `cloud_backups_`). */
export const METRIC_NAMES: readonly string[] = [...Object.values(AUDIT_METRICS), ...Object.values(EXPORTER_METRICS)];

/** Labels of every per-instance metric. `instance_id`, not `instance`: Prometheus sets `instance` to the scrape target. */
export const INSTANCE_LABELS = ['provider', 'account', 'region', 'instance_id', 'engine'] as const;
export const SOURCE_LABELS = ['provider', 'account', 'region'] as const;
