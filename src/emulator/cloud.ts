/**
 * What one emulated cloud declares. The server, the data set, the ground truth and the public
 * emulator object are all derived from the list in `registry.ts`, so adding a cloud means writing
 * its folder and adding it to that list: nothing else names a provider.
 */
import type { ProviderName } from './types.js';
import type { ApiRequest, Env, Outcome } from './api.js';
import type { InstanceData } from './dataset.js';
import type { BackupSeed, InstanceSeed } from './model.js';
import type { ProviderProfile } from './profile.js';
import type { KeyRing } from './credentials.js';
import type { EmulatedBackup, EmulatedInstance, EmulatedPolicy, EmulatorAccount, EmulatorOptions, RunningEmulator } from './types.js';

/** A backup's ground truth, less what its instance fixes (provider, account, region, instance id). */
export type BackupTruthFields = Omit<EmulatedBackup, 'provider' | 'instanceId' | 'account' | 'region'>;

/** What a correct client lists from one provider's records, decided with the same facts that render them. */
export interface TruthMapping {
  /** `now` (ms) decides whether an expiry has passed. */
  backup(inst: InstanceSeed, b: BackupSeed, now: number): BackupTruthFields;
  /**
   * The id `backup()` gives, without rendering the record (deleting by id looks through a whole history). Absent:
   * the seed's own id.
   */
  id?(inst: InstanceSeed, b: BackupSeed): string;
  /** The instance record exactly as the listing API serves it. */
  instanceRecord(inst: InstanceSeed): Record<string, unknown>;
  /** The backup policy as its read API serves it at `now`; absent for a provider without one. */
  policy?(inst: InstanceData, now: number): PolicyTruthFields;
}

/** A policy's ground truth, less what its instance fixes. */
export type PolicyTruthFields = Omit<EmulatedPolicy, 'provider' | 'instanceId' | 'account' | 'region'>;

/** One provider's data: how instances and backup ids are generated, which regions it has, how records render. */
export interface ProviderDef {
  name: ProviderName;
  profile: ProviderProfile;
  /** Regions in the order `startEmulator({ regions })` takes them; the first is the default single region. */
  regions: readonly string[];
  /** Paged backup lists: the rows per page `shapes.pageSizeCap: true` serves at most (below the largest page size). */
  defaultPageSizeCap?: number;
  truth: TruthMapping;
}

/** Seeded, per-emulator facts a cloud may need when it starts. */
export interface CloudInit {
  seed: number;
  accounts: readonly EmulatorAccount[];
  /** Every key the emulator accepts; a cloud that issues temporary keys adds them here. */
  keys: KeyRing;
  /** The options the emulator was started with (a cloud reads its own). */
  options: Readonly<EmulatorOptions>;
}

/** A cloud once started: its request handler and what it adds to the running emulator. */
export interface CloudRuntime {
  handle(req: ApiRequest, env: Env): Outcome;
  /** Fields this cloud contributes to the public emulator object (its region, project ids...). */
  expose?(baseUrl: string): Partial<RunningEmulator>;
}

export interface EmulatedCloud {
  /** Short name for messages ('aliyun', 'huawei', ...). */
  id: string;
  providers: readonly ProviderDef[];
  /** True when the request is addressed to this cloud (dispatch is by request shape on one port). */
  recognise(req: ApiRequest): boolean;
  start(init: CloudInit): CloudRuntime;
}

export type { EmulatedBackup, EmulatedInstance };
