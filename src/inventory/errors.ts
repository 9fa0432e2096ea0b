import { CloudBackupsError, type CloudBackupsErrorOptions } from '../errors.js';

/** A run holding a scope (`provider/account/region`) of the inventory, and until when its lease lasts. */
export interface ScopeHolder {
  scope: string;
  runId: number;
  holder: string;
  expiresAt: Date;
}

/** Another run holds (part of) this sync's scope, and the wait for it ran out (`lockTimeoutMs`). */
export class InventoryBusyError extends CloudBackupsError {
  readonly holders: readonly ScopeHolder[];
  constructor(holders: readonly ScopeHolder[], waitedMs: number) {
    const list = holders.map((h) => `${h.scope} (run ${h.runId}, ${h.holder}, lease until ${h.expiresAt.toISOString()})`).join('; ');
    super(
      `Another sync is running on the same scope: ${list || 'a run that has just finished'}. Waited ${Math.round(waitedMs)} ms. ` +
        'Run again when it has finished, or raise lockTimeoutMs; a crashed run frees its scope when its lease expires.',
    );
    this.holders = holders;
  }
  protected override details(): Record<string, unknown> {
    return { holders: this.holders };
  }
}

/**
 * Why the inventory cannot vouch for what it holds of an instance at an audit's `now`:
 * - `never-listed`: no sync has listed all of its backups yet;
 * - `incomplete`: syncs since its last complete listing failed to list it, or listed it only in part;
 * - `stale`: its last complete listing is older than the audit's `staleAfter` before `now`;
 * - `no-policy`: its provider has a backup policy API but no policy of it was stored (`savePolicies`).
 */
export type EvidenceGap = 'never-listed' | 'incomplete' | 'stale' | 'no-policy';

/**
 * What `inventory.audit` reports (as an 'error' finding and a failure) where the stored history may lack backups,
 * as the live audit reports an instance it could not read. Says since when, and which sync failed and why.
 */
export class InventoryEvidenceError extends CloudBackupsError {
  readonly gap: EvidenceGap;
  /** The start of the last sync that listed the instance completely; absent when none did. */
  readonly listedAt?: Date;
  /** The sync run that failed to list it, when one did. */
  readonly runId?: number;

  constructor(message: string, options: { gap: EvidenceGap; listedAt?: Date | undefined; runId?: number | undefined } & CloudBackupsErrorOptions) {
    super(message, options);
    this.gap = options.gap;
    if (options.listedAt !== undefined) this.listedAt = options.listedAt;
    if (options.runId !== undefined) this.runId = options.runId;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), gap: this.gap, listedAt: this.listedAt?.toISOString(), runId: this.runId };
  }
}
