import type { SqlExecutor } from './driver.js';
import { toJsonText } from './json.js';
import { policyFromRow } from './stored.js';
import type { InventoryFilter, PolicyInput, StoredPolicy } from './types.js';
import { Where } from './where.js';

const UPSERT = `INSERT INTO cloud_backups.backup_policies AS p
    (provider, account, region, instance_id, automated, retention_days, preferred_window, preferred_days, log_backup, log_retention_days, raw, fetched_at)
  SELECT provider, account, region, instance_id, automated, retention_days, preferred_window, preferred_days, log_backup, log_retention_days, raw, $2::timestamptz
  FROM jsonb_to_recordset($1::jsonb) AS r(provider text, account text, region text, instance_id text, automated boolean, retention_days integer,
    preferred_window text, preferred_days text[], log_backup boolean, log_retention_days integer, raw jsonb)
  ON CONFLICT (provider, account, instance_id) DO UPDATE SET
    region = EXCLUDED.region, automated = EXCLUDED.automated, retention_days = EXCLUDED.retention_days,
    preferred_window = EXCLUDED.preferred_window, preferred_days = EXCLUDED.preferred_days, log_backup = EXCLUDED.log_backup,
    log_retention_days = EXCLUDED.log_retention_days, raw = EXCLUDED.raw, fetched_at = EXCLUDED.fetched_at
  WHERE p.fetched_at <= EXCLUDED.fetched_at`;

/** Keeps each instance's newest policy (an older read stored late does not replace a newer one). */
export async function savePolicies(db: SqlExecutor, policies: Iterable<PolicyInput>, fetchedAt: Date): Promise<number> {
  const records = [...policies].map((p) => ({
    provider: p.provider,
    account: p.account,
    region: p.region,
    instance_id: p.instanceId,
    automated: p.automated,
    retention_days: p.retentionDays,
    preferred_window: p.preferredWindow,
    preferred_days: p.preferredDays,
    log_backup: p.logBackup,
    log_retention_days: p.logRetentionDays,
    raw: p.raw ?? {},
  }));
  for (let i = 0; i < records.length; i += 1000) {
    await db.query(UPSERT, [toJsonText(records.slice(i, i + 1000)), fetchedAt.toISOString()]);
  }
  return records.length;
}

export async function policies(db: SqlExecutor, filter: InventoryFilter | undefined): Promise<StoredPolicy[]> {
  const where = new Where().filter('p', filter);
  const rows = await db.query(`SELECT * FROM cloud_backups.backup_policies p ${where.sql()} ORDER BY provider, account, region, instance_id`, where.params);
  return rows.map(policyFromRow);
}
