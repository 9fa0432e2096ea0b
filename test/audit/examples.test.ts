import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, type Exporter } from '../../src/audit/exporter.js';
import { INSTANCE_LABELS, SOURCE_LABELS } from '../../src/audit/metric-names.js';
import { BACKUP_STATUSES, createBackupClient, RULE_NAMES } from '../../src/index.js';
import { parseExposition } from './exposition.js';
import { dailyBackups, memorySource } from './memory-provider.js';

const alerts = readFileSync(new URL('../../examples/prometheus/alerts.yml', import.meta.url), 'utf8');
const dashboard: unknown = JSON.parse(readFileSync(new URL('../../examples/prometheus/grafana-dashboard.json', import.meta.url), 'utf8'));

const metricNames = (text: string) => [...new Set(text.match(/\bcloud_backups_[a-z0-9_]+/g) ?? [])];

/** Every string under a key named like one of `keys`, at any depth. */
function stringsUnder(value: unknown, keys: readonly string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => stringsUnder(v, keys));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (keys.includes(k) && typeof v === 'string' ? [v] : stringsUnder(v, keys)));
}

/** The alert rules as written: name and expression (one line each in this file, by convention). */
function alertRules(text: string): { alert: string; expr: string }[] {
  const rules: { alert: string; expr: string }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const alert = /^ {6}- alert: (\S+)$/.exec(line)?.[1];
    if (!alert) return;
    const expr = /^ {8}expr: (.+)$/.exec(lines[i + 1] ?? '')?.[1];
    if (!expr) throw new Error(`alert ${alert} has no one-line expr right after it`);
    rules.push({ alert, expr });
  });
  return rules;
}

describe('examples/prometheus', () => {
  let exporter: Exporter;
  let served: Set<string>;

  beforeAll(async () => {
    // Everything the exporter can serve: an instance with a policy, one without, a source that fails.
    const now = new Date();
    const client = createBackupClient({
      sources: [
        memorySource({ instances: { a: { engine: 'mysql', backups: dailyBackups(now, 10) }, broken: { backups: [], fail: true } } }),
        memorySource({ provider: 'capitalonline-mysql', region: 'CN_Beijing_A', timeWindow: 'none', policies: false, instances: { co: { backups: dailyBackups(now, 3) } } }),
      ],
    });
    exporter = await createExporter({ client, listen: false, interval: '1h' });
    await exporter.collect();
    served = new Set(parseExposition(await exporter.metrics()).keys());
  });
  afterAll(() => exporter.close());

  it('alerts.yml covers RPO, failed backups, retention and collection, with one-line expressions', () => {
    const rules = alertRules(alerts);
    const names = rules.map((r) => r.alert);
    for (const required of ['CloudBackupRpoBreached', 'CloudBackupLatestFailed', 'CloudBackupRetentionBelowPolicy', 'CloudBackupCollectionFailing']) expect(names).toContain(required);
    expect(new Set(names).size).toBe(names.length);
    // YAML hygiene that a one-off reader can check: no tabs, two-space indentation.
    for (const line of alerts.split('\n')) {
      expect(line).not.toMatch(/\t/);
      expect((/^ */.exec(line)![0].length) % 2).toBe(0);
    }
  });

  it('alerts.yml names only metrics the exporter serves, and only labels and values they carry', () => {
    const referenced = metricNames(alerts);
    expect(referenced.length).toBeGreaterThan(5);
    for (const name of referenced) expect(served, name).toContain(name);
    const labels = new Set<string>([...INSTANCE_LABELS, ...SOURCE_LABELS, 'rule', 'status', 'result']);
    for (const [, label] of alerts.matchAll(/\$labels\.([a-z_]+)/g)) expect(labels, label).toContain(label!);
    for (const { expr } of alertRules(alerts)) {
      for (const [, label, value] of expr.matchAll(/([a-z_]+)="([^"]*)"/g)) {
        expect(labels, `${label} in ${expr}`).toContain(label!);
        if (label === 'rule') expect(RULE_NAMES as readonly string[]).toContain(value);
        if (label === 'status') expect(BACKUP_STATUSES as readonly string[]).toContain(value);
        if (label === 'result') expect(['success', 'error']).toContain(value);
      }
    }
  });

  it('the Grafana dashboard queries only metrics the exporter serves', () => {
    const queries = stringsUnder(dashboard, ['expr', 'definition', 'query']);
    expect(queries.length).toBeGreaterThan(10);
    const referenced = metricNames(queries.join('\n'));
    for (const name of referenced) expect(served, name).toContain(name);
    // Everything the exporter serves is on the dashboard somewhere.
    for (const name of served) expect(referenced, name).toContain(name);
    for (const query of queries) {
      for (const [, label] of query.matchAll(/by \(([^)]*)\)/g)) {
        for (const l of label!.split(',').map((s) => s.trim())) expect([...INSTANCE_LABELS, 'rule', 'status', 'result'], l).toContain(l);
      }
    }
  });
});
