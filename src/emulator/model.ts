/**
 * The emulator's internal, compact records. Raw provider shapes are rendered from these on demand,
 * so a million backups cost a few small objects each, not a million rendered JSON records.
 */
import type { ProviderName } from './types.js';
import type { Quirks } from './scenarios.js';
import type { ResolvedShapes } from './shapes.js';
import type { EmulatedMethod, EmulatedMode, EmulatedStatus, EmulatedType } from './types.js';

/** What every record of an emulator is rendered against (one shared object, not a copy per instance). */
export interface DataSettings {
  shapes: ResolvedShapes;
  /** The data's anchor (ms): signed download URLs are dated from it. */
  anchor: number;
}

export interface BackupSeed {
  /** The provider's id, as a string (KVStore's numeric id is `String(numericId)`). */
  id: string;
  numericId: number;
  /** A second numeric id where the provider has one (KVStore BackupJobID, RDS HostInstanceID). */
  jobId: number;
  status: EmulatedStatus;
  mode: EmulatedMode;
  type: EmulatedType;
  method: EmulatedMethod;
  start: number;
  end?: number;
  sizeBytes: number;
  /** 32 random bits for cosmetic variation (string vs number sizes, empty fields). */
  r: number;
  /** An audit scenario: records that can say so mark this backup unavailable. */
  unavailable?: true;
}

export interface Schedule {
  /** Offset of the daily automated full backup inside each 24 h cycle. */
  windowMs: number;
  incrementalPerDay: number;
  differentialPerDay: number;
  manualPerDay: number;
  failedRate: number;
  deletingRate: number;
  /** The newest backup is still running (only where the provider reports running backups). */
  newestRunning: boolean;
}

export interface InstanceSeed {
  provider: ProviderName;
  /** Position within its account and region. */
  index: number;
  account: string;
  id: string;
  name: string;
  region: string;
  zone: string;
  engine: string;
  engineVersion: string;
  createdAt: number;
  dataSizeBytes: number;
  schedule: Schedule;
  /** Method of scheduled full backups and of manual ones. */
  fullMethod: EmulatedMethod;
  manualMethods: readonly EmulatedMethod[];
  /** Provider-specific extras (instance class, network, ports...), strings or numbers only. */
  extra: Record<string, string | number>;
  r: number;
  settings: DataSettings;
  /** The instance has never been backed up (`shapes.emptyBodies`). */
  backupless?: boolean;
  /** Audit scenarios seeded into its history. */
  quirks: Quirks;
}
