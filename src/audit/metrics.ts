import type { Registry } from 'prom-client';
import type { BackupStatus } from '../model.js';
import { BACKUP_STATUSES } from '../model.js';
import type { AuditResult, InstanceAudit } from './audit.js';
import { STATUS_LEVEL } from './findings.js';
import { AUDIT_METRICS, INSTANCE_LABELS, SOURCE_LABELS } from './metric-names.js';
import { completionTime } from './order.js';
import { loadPromClient, type PromClient } from './prom-client.js';

const SECONDS_PER_DAY = 86_400;

/**
 * What callers get: a prom-client `Registry` at runtime (so `Registry.merge([ours, yours])` works), typed by the
 * little this package promises, so its declarations do not need prom-client's types to be installed.
 */
export interface MetricsRegistry {
  /** The text exposition. */
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** Options of `auditRegistry` and `renderPrometheus`. */
export interface AuditMetricsOptions {
  /** The clock `cloud_backups_last_success_age_seconds` is computed with, at every scrape. Default `Date.now`. */
  clock?: () => number;
  /** The collection's own timing, when it differs from the audit's (an exporter counts its whole collection). */
  collection?: { finishedAt: Date; durationMs: number };
}

type InstanceLabel = (typeof INSTANCE_LABELS)[number];
type SourceLabel = (typeof SOURCE_LABELS)[number];

/**
 * The metrics of one audit as a new prom-client Registry: per instance its newest success (time, age at scrape
 * time, size), its backups by status within the audit window, its policy, and each rule's status; per source
 * whether it could be read; the collection's duration and time. Never a backup id as a label (unbounded).
 */
export async function auditRegistry(result: AuditResult, options: AuditMetricsOptions = {}): Promise<MetricsRegistry> {
  return buildAuditRegistry(await loadPromClient(), result, options);
}

/** The text exposition of an audit (`cloud-backups audit --format prometheus`, node_exporter's textfile collector). */
export async function renderPrometheus(result: AuditResult, options: AuditMetricsOptions = {}): Promise<string> {
  return (await auditRegistry(result, options)).metrics();
}

/** As `auditRegistry`, with prom-client already loaded. */
export function buildAuditRegistry(prom: PromClient, result: AuditResult, options: AuditMetricsOptions = {}): Registry {
  const clock = options.clock ?? Date.now;
  const registry = new prom.Registry();
  const registers = [registry];
  const perInstance = (name: string, help: string) => new prom.Gauge<InstanceLabel>({ name, help, labelNames: INSTANCE_LABELS, registers });

  // Instances whose backups could not be read have no backup metrics: partial numbers would look like facts.
  // Their audit status (3, error) says why.
  const readable = result.instances.filter((i) => !i.error);
  const successes = readable.flatMap((i) => (i.lastSuccess ? [{ labels: instanceLabels(i), completed: completionTime(i.lastSuccess).getTime(), size: i.lastSuccess.sizeBytes }] : []));

  const timestamp = perInstance(AUDIT_METRICS.lastSuccessTimestamp, 'When the newest successful backup completed (its end, else its start), unix seconds.');
  const size = perInstance(AUDIT_METRICS.lastSuccessSize, 'Size of the newest successful backup, bytes.');
  for (const s of successes) {
    timestamp.set(s.labels, s.completed / 1000);
    if (s.size !== undefined) size.set(s.labels, s.size);
  }
  new prom.Gauge<InstanceLabel>({
    name: AUDIT_METRICS.lastSuccessAge,
    help: 'Seconds since the newest successful backup completed, computed at scrape time.',
    labelNames: INSTANCE_LABELS,
    registers,
    // At scrape time, not at collection time: the age keeps growing between collections, as it does in reality.
    collect() {
      const now = clock();
      this.reset();
      for (const s of successes) this.set(s.labels, Math.max(0, now - s.completed) / 1000);
    },
  });

  const backups = new prom.Gauge<InstanceLabel | 'status'>({
    name: AUDIT_METRICS.backups,
    help: 'Backups that started within the audit window (at least the audit `window` option, further when a rule reads further), by status.',
    labelNames: [...INSTANCE_LABELS, 'status'],
    registers,
  });
  for (const i of readable) {
    for (const status of BACKUP_STATUSES) backups.set({ ...instanceLabels(i), status }, i.counts[status as BackupStatus]);
  }

  const retention = perInstance(AUDIT_METRICS.policyRetention, 'How long the backup policy keeps backups, seconds (Prometheus base unit; days x 86400).');
  const automated = perInstance(AUDIT_METRICS.policyAutomated, '1 when the backup policy takes automated backups, else 0.');
  for (const i of result.instances) {
    if (!i.policy) continue;
    if (i.policy.retentionDays !== undefined) retention.set(instanceLabels(i), i.policy.retentionDays * SECONDS_PER_DAY);
    automated.set(instanceLabels(i), i.policy.automated ? 1 : 0);
  }

  const status = new prom.Gauge<InstanceLabel | 'rule'>({
    name: AUDIT_METRICS.auditStatus,
    help: 'Audit verdict per instance and rule: 0 ok, 1 warn, 2 alarm, 3 error (a rule that does not apply is absent).',
    labelNames: [...INSTANCE_LABELS, 'rule'],
    registers,
  });
  for (const f of result.findings) {
    if (f.status === 'skip') continue;
    status.set({ provider: f.provider, account: f.account, region: f.region, instance_id: f.instanceId, engine: f.engine ?? '', rule: f.rule }, STATUS_LEVEL[f.status]);
  }

  const sourceGauge = (name: string, help: string) => new prom.Gauge<SourceLabel>({ name, help, labelNames: SOURCE_LABELS, registers });
  const success = sourceGauge(AUDIT_METRICS.collectSuccess, '1 when everything this source was asked for could be read (instances, backups, policies), else 0.');
  const instances = sourceGauge(AUDIT_METRICS.instances, 'Instances audited through this source.');
  for (const s of result.sources) {
    const labels = { provider: s.provider, account: s.account, region: s.region };
    success.set(labels, s.ok ? 1 : 0);
    instances.set(labels, s.instances);
  }

  const finishedAt = options.collection?.finishedAt ?? new Date(result.startedAt.getTime() + result.durationMs);
  const durationMs = options.collection?.durationMs ?? result.durationMs;
  new prom.Gauge({ name: AUDIT_METRICS.collectDuration, help: 'How long the last completed collection took, seconds.', registers }).set(durationMs / 1000);
  new prom.Gauge({ name: AUDIT_METRICS.collectTimestamp, help: 'When the last completed collection finished, unix seconds.', registers }).set(finishedAt.getTime() / 1000);
  return registry;
}

function instanceLabels(i: Pick<InstanceAudit, 'provider' | 'account' | 'region' | 'instanceId' | 'engine'>): Record<InstanceLabel, string> {
  return { provider: i.provider, account: i.account, region: i.region, instance_id: i.instanceId, engine: i.engine ?? '' };
}
