import { AbortError, CloudBackupsError } from '../errors.js';
import { timerDelay } from './timers.js';

/** Waits `ms` (clamped to what Node's timers can hold), or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  ms = timerDelay(ms);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to throw for an aborted signal: the caller's own reason when it is one of ours, else an AbortError. */
export function abortReason(signal: AbortSignal): CloudBackupsError {
  const reason: unknown = signal.reason;
  if (CloudBackupsError.isInstance(reason)) return reason;
  return new AbortError(reason instanceof Error && reason.message ? `Aborted: ${reason.message}` : 'The listing was aborted');
}
