/**
 * The longest delay Node's timers accept: 2^31 - 1 ms (about 24.8 days). A longer delay does not wait longer:
 * Node warns (TimeoutOverflowWarning) and fires after 1 ms, so every duration we hand to a timer is checked
 * against this bound first, options and internal values (Retry-After hints, rate-limit waits) alike.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Why `value` is not a usable duration in [min, MAX_TIMER_MS] ms, or undefined when it is.
 * The message names the field and the allowed range, so it can go to the user as is.
 */
export function durationProblem(name: string, value: unknown, min: number, exclusiveMin = false): string | undefined {
  const range = `${exclusiveMin ? `more than ${min}` : `at least ${min}`} and at most ${MAX_TIMER_MS} ms`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a finite number of milliseconds, ${range}`;
  if (exclusiveMin ? value <= min : value < min) return `${name} must be ${range}; got ${value}`;
  if (value > MAX_TIMER_MS) return `${name} must be ${range} (longer waits overflow Node's timers); got ${value}`;
  return undefined;
}

/** Clamps an internally computed wait to what a timer can wait for: a last line behind the validation. */
export function timerDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return ms > MAX_TIMER_MS ? MAX_TIMER_MS : ms;
}
