import { CloudBackupsError } from '../errors.js';

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
