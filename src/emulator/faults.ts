/**
 * Fault injection. One uniform draw per API request from a seeded stream picks at most one
 * fault, so each rate is exact in expectation and a run is reproducible for sequential requests.
 */
import type { Rng } from './random.js';
import { streamFor } from './random.js';
import type { EmulatorFaults, EmulatorLatency } from './types.js';

export type FaultKind =
  | 'throttle' | 'serverError' | 'reset' | 'slow' | 'malformed' | 'truncated'
  | 'emptyEnvelope' | 'html' | 'trickle' | 'hang' | 'badTotal' | 'echoSecrets';

// New kinds go last: the draw compares one uniform value with cumulative rates, so appending keeps
// every earlier kind's pattern under a seed what it was.
const ORDER: ReadonlyArray<readonly [FaultKind, keyof EmulatorFaults]> = [
  ['throttle', 'throttleRate'],
  ['serverError', 'serverErrorRate'],
  ['reset', 'resetRate'],
  ['slow', 'slowRate'],
  ['malformed', 'malformedRate'],
  ['truncated', 'truncatedRate'],
  ['emptyEnvelope', 'emptyEnvelopeRate'],
  ['html', 'htmlRate'],
  ['trickle', 'trickleRate'],
  ['hang', 'hangRate'],
  ['badTotal', 'badTotalRate'],
  ['echoSecrets', 'echoSecretsRate'],
];

export const DEFAULT_SLOW_MS = 30_000;
export const DEFAULT_TRICKLE_MS = 200;

export class FaultPlan {
  private faults: EmulatorFaults = {};
  private rng: Rng;

  constructor(private readonly seed: number, faults: EmulatorFaults = {}) {
    this.rng = streamFor(seed, 'faults');
    this.set(faults);
  }

  /** Replacing the faults also restarts their stream, so a test sees the same pattern every run. */
  set(faults: EmulatorFaults): void {
    validate(faults);
    this.faults = { ...faults };
    this.rng = streamFor(this.seed, 'faults');
  }

  get current(): Readonly<EmulatorFaults> {
    return this.faults;
  }

  draw(): FaultKind | undefined {
    const u = this.rng();
    let edge = 0;
    for (const [kind, key] of ORDER) {
      edge += this.faults[key] ?? 0;
      if (u < edge) return kind;
    }
    return undefined;
  }

  /** A second draw for choices inside a fault (which 5xx body). */
  variant(): number {
    return this.rng();
  }

  get slowMs(): number {
    return this.faults.slowMs ?? DEFAULT_SLOW_MS;
  }

  get trickleMs(): number {
    return Math.max(1, this.faults.trickleMs ?? DEFAULT_TRICKLE_MS);
  }

  get driftPerPage(): number {
    return Math.max(0, Math.floor(this.faults.driftPerPage ?? 0));
  }
}

function validate(f: EmulatorFaults): void {
  for (const [, key] of ORDER) {
    const v = f[key];
    if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 1)) throw new RangeError(`faults.${key} must be between 0 and 1`);
  }
}

export class LatencyPlan {
  private fixedMs = 0;
  private jitterMs = 0;
  private readonly rng: Rng;

  constructor(seed: number, latency: EmulatorLatency | undefined) {
    this.rng = streamFor(seed, 'latency');
    this.set(latency);
  }

  set(latency: EmulatorLatency | undefined): void {
    if (latency === undefined) {
      this.fixedMs = 0;
      this.jitterMs = 0;
    } else if (typeof latency === 'number') {
      this.fixedMs = Math.max(0, latency);
      this.jitterMs = 0;
    } else {
      this.fixedMs = Math.max(0, latency.fixedMs);
      this.jitterMs = Math.max(0, latency.jitterMs ?? 0);
    }
  }

  next(): number {
    return this.fixedMs + (this.jitterMs > 0 ? Math.floor(this.rng() * (this.jitterMs + 1)) : 0);
  }
}
