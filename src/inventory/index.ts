/**
 * `cloud-backups/inventory`: the backup history in PostgreSQL (embedded through PGlite by default, or a
 * server through `pg`). Both engines are optional peer dependencies: install the one you use.
 */
export { openInventory } from './open.js';
export { InventoryBusyError, InventoryEvidenceError, type EvidenceGap, type ScopeHolder } from './errors.js';
export { DEFAULT_STALE_AFTER_MS } from './audit.js';
export { DEFAULT_INVENTORY_DIR } from './url.js';
export type {
  BackupsQuery,
  Changes,
  ChangesQuery,
  CoverageQuery,
  DayCoverage,
  DaySize,
  HistoryFields,
  InstanceCoverage,
  InstanceSizes,
  Inventory,
  InventoryAuditOptions,
  InventoryFilter,
  InventoryOptions,
  LastSuccess,
  PolicyInput,
  SizeQuery,
  StoredBackup,
  StoredFailure,
  StoredInstance,
  StoredPolicy,
  SyncClient,
  SyncOptions,
  SyncQuery,
  SyncResult,
  SyncRun,
  SyncRunStatus,
} from './types.js';
// The audit's result and rules, for `inventory.audit` callers that import only this subpath.
export type { AuditResult, AuditRules, Finding, FindingStatus, InstanceAudit } from '../index.js';
