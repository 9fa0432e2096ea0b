/**
 * The inventory's schema, as versioned migrations. A migration, once released, never changes: a new need is a
 * new version. Each is a list of single statements (both engines run one statement per call with parameters).
 * Every object lives in the `cloud_backups` schema, so the inventory can share a server database with others.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const SCHEMA = 'cloud_backups';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'backups, instances, policies, sync runs',
    statements: [
      // Every normalized Backup field; instants as timestamptz, bytes as bigint. first_seen/last_seen/gone_at
      // are the start times of the syncs that first saw, last saw, and first missed the backup.
      `CREATE TABLE cloud_backups.backups (
        provider text NOT NULL,
        account text NOT NULL,
        region text NOT NULL,
        instance_id text NOT NULL,
        backup_id text NOT NULL,
        status text NOT NULL,
        mode text NOT NULL,
        type text NOT NULL,
        method text NOT NULL,
        scope text NOT NULL,
        start_time timestamptz NOT NULL,
        end_time timestamptz,
        size_bytes bigint,
        available boolean,
        expires_at timestamptz,
        engine text,
        engine_version text,
        databases text[],
        parts jsonb,
        site text,
        download_url text,
        intranet_download_url text,
        download_url_expires_at timestamptz,
        raw jsonb NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        gone_at timestamptz,
        status_changed_at timestamptz NOT NULL,
        first_run_id bigint NOT NULL,
        changed_run_id bigint,
        PRIMARY KEY (provider, account, region, instance_id, backup_id)
      )`,
      // Per instance by time: coverage, last success, sizes. Gone/appeared in a period: by those instants.
      `CREATE INDEX backups_instance_start ON cloud_backups.backups (provider, account, instance_id, start_time)`,
      `CREATE INDEX backups_start ON cloud_backups.backups (start_time)`,
      `CREATE INDEX backups_first_seen ON cloud_backups.backups (first_seen)`,
      `CREATE INDEX backups_gone_at ON cloud_backups.backups (gone_at) WHERE gone_at IS NOT NULL`,

      // Keyed without the region: an instance id is unique within a provider account, and the region a
      // discovery reports and the one on its backups may be spelled differently (CapitalOnline site vs RegionId).
      `CREATE TABLE cloud_backups.instances (
        provider text NOT NULL,
        account text NOT NULL,
        instance_id text NOT NULL,
        region text NOT NULL,
        name text,
        engine text,
        engine_name text,
        engine_version text,
        status text,
        created_at timestamptz,
        kind text,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        listed_at timestamptz,
        PRIMARY KEY (provider, account, instance_id)
      )`,

      `CREATE TABLE cloud_backups.backup_policies (
        provider text NOT NULL,
        account text NOT NULL,
        region text NOT NULL,
        instance_id text NOT NULL,
        automated boolean NOT NULL,
        retention_days integer,
        preferred_window text,
        preferred_days text[],
        log_backup boolean,
        log_retention_days integer,
        raw jsonb NOT NULL,
        fetched_at timestamptz NOT NULL,
        PRIMARY KEY (provider, account, instance_id)
      )`,

      // One row per sync. expires_at is the run's lease: a 'running' run whose lease lapsed has crashed.
      `CREATE TABLE cloud_backups.sync_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'aborted', 'interrupted')),
        scope jsonb NOT NULL,
        query jsonb NOT NULL,
        holder text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        expires_at timestamptz NOT NULL,
        listed integer NOT NULL DEFAULT 0,
        new_backups integer NOT NULL DEFAULT 0,
        changed_backups integer NOT NULL DEFAULT 0,
        gone_backups integer NOT NULL DEFAULT 0,
        instances_complete integer NOT NULL DEFAULT 0,
        instances_incomplete integer NOT NULL DEFAULT 0,
        failures_total integer NOT NULL DEFAULT 0,
        failures jsonb NOT NULL DEFAULT '[]',
        error text
      )`,
      `CREATE INDEX sync_runs_started ON cloud_backups.sync_runs (started_at)`,

      // One row per (provider, account, region) a run holds: the primary key is the mutual exclusion.
      `CREATE TABLE cloud_backups.sync_locks (
        scope text PRIMARY KEY,
        run_id bigint NOT NULL,
        holder text NOT NULL,
        acquired_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`,

    ],
  },
];
