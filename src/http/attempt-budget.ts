import { ConfigurationError, type CloudBackupsError } from '../errors.js';
import { durationProblem } from './timers.js';

/**
 * Time an owner (the walk of one instance) allows for failing: the transport spends on it the duration of every
 * failed attempt and every backoff wait, and makes no further retry once it is exhausted. Successful attempts cost
 * nothing, so a healthy but long listing is never cut short; a dead endpoint fails in bounded time however the
 * failures are spread over requests, retries and window splits.
 */
export interface AttemptBudget {
  /** Records `ms` of failing (a failed attempt, or a wait before retrying one). */
  spend(ms: number): void;
  /** True once the time spent reaches `limitMs`. */
  readonly exhausted: boolean;
  /** The allowance, in ms: named in the error that ends a request when the budget runs out. */
  readonly limitMs: number;
}

/** The plain implementation: a running total against a limit. */
export interface SimpleAttemptBudget extends AttemptBudget {
  readonly spentMs: number;
}

export function createAttemptBudget(limitMs: number): SimpleAttemptBudget {
  const problem = durationProblem('attempt budget limitMs', limitMs, 0, true);
  if (problem) throw new ConfigurationError(problem, { field: 'limitMs' });
  let spentMs = 0;
  return {
    limitMs,
    get spentMs() {
      return spentMs;
    },
    get exhausted() {
      return spentMs >= limitMs;
    },
    spend(ms: number) {
      // A clock that steps backwards must not refund time.
      if (ms > 0) spentMs += ms;
    },
  };
}

/**
 * The error that ends a request because the budget ran out keeps its class and fields (a timeout stays a
 * timeout, a throttle a throttle), and says why no retry followed, in its message and stack alike.
 */
export function noteBudgetExhausted<E extends CloudBackupsError>(error: E, limitMs: number): E {
  const before = error.message;
  const after = `${before} (gave up retrying: the attempt budget of ${limitMs} ms ran out)`;
  error.message = after;
  if (typeof error.stack === 'string') error.stack = error.stack.replace(before, after);
  return error;
}
