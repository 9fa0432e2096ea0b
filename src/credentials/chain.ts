import { readFile } from 'node:fs/promises';
import { ConfigurationError, CredentialsNotFoundError } from '../errors.js';
import { abortReason } from '../http/abort.js';
import type { ProviderName } from '../model.js';
import type { Credentials, CredentialsInput } from './types.js';

/** One place credentials may come from. `load` returns undefined when that place has none. */
export interface CredentialsStep {
  /** What was tried, for the "nothing found" error (e.g. "env ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET"). */
  describe: string;
  load: () => Promise<Credentials | undefined> | Credentials | undefined;
}

/** Tries each step in order; the first that yields credentials wins. */
export async function runChain(provider: ProviderName, steps: readonly CredentialsStep[]): Promise<Credentials> {
  for (const step of steps) {
    const found = await step.load();
    if (found) return checkCredentials(provider, found, step.describe);
  }
  throw new CredentialsNotFoundError(provider, steps.map((s) => s.describe));
}

/** Temporary credentials are renewed this long before they expire. */
export const CREDENTIALS_REFRESH_MARGIN_MS = 5 * 60_000;

/** How long a credentials function (or the provider's chain) may take before the listing gives up on it. */
export const CREDENTIALS_TIMEOUT_MS = 30_000;

/**
 * Returns a function that resolves credentials on first use and then reuses them: every instance of a source
 * shares one resolution. Credentials with an `expiration` are resolved again once within the refresh margin
 * of it; a failed resolution is not cached. Every wait is bounded: a resolution that has not settled within
 * `timeoutMs` fails (and is not cached), and each caller stops waiting when its own signal aborts.
 */
export function lazyCredentials(
  provider: ProviderName,
  input: CredentialsInput | undefined,
  chain: () => Promise<Credentials>,
  now: () => number = Date.now,
  timeoutMs: number = CREDENTIALS_TIMEOUT_MS,
): (signal?: AbortSignal) => Promise<Credentials> {
  let pending: Promise<Credentials> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  // Renew a margin before expiry: 5 minutes, or a quarter of the keys' lifetime when they live shorter than that.
  let margin = CREDENTIALS_REFRESH_MARGIN_MS;
  // `pending` once it has resolved: handed out at once while fresh, so the calls of a listing (hundreds at a time,
  // most on one signal) do not each race the signal for a promise that has long settled.
  let settled: Promise<Credentials> | undefined;
  const resolve = (): Promise<Credentials> => {
    if (pending && now() >= expiresAt - margin) {
      pending = undefined;
      settled = undefined;
    }
    if (!pending) {
      const attempt = withTimeout(
        (async () => {
          const value =
            input === undefined ? await chain() : checkCredentials(provider, typeof input === 'function' ? await input() : input, 'the credentials option');
          const obtainedAt = now();
          expiresAt = value.expiration ? value.expiration.getTime() : Number.POSITIVE_INFINITY;
          margin = Math.min(CREDENTIALS_REFRESH_MARGIN_MS, Math.max(0, (expiresAt - obtainedAt) / 4));
          return value;
        })(),
        timeoutMs,
        () =>
          new ConfigurationError(
            `${provider}: resolving credentials did not finish within ${timeoutMs / 1000} s` +
              (typeof input === 'function' ? ': the credentials function never settled. Make it resolve or reject.' : '.'),
            { provider, field: 'credentials' },
          ),
      );
      pending = attempt;
      attempt.then(
        () => {
          if (pending === attempt) settled = attempt;
        },
        () => {
          if (pending === attempt) pending = undefined;
        },
      );
    }
    return pending;
  };
  return (signal) => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const credentials = resolve();
    // Fresh and settled (resolve renews stale ones first): no race against the signal for a long-settled promise.
    return signal && credentials !== settled ? raceSignal(credentials, signal) : credentials;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Waits for `promise`, but not past the signal: the shared resolution goes on for the other callers. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function checkCredentials(provider: ProviderName, value: unknown, from: string): Credentials {
  const c = value as Partial<Credentials> | undefined;
  const missing = (['accessKeyId', 'accessKeySecret'] as const).filter((k) => typeof c?.[k] !== 'string' || c[k].length === 0);
  if (!c || missing.length > 0) {
    throw new ConfigurationError(`${provider}: credentials from ${from} lack ${missing.join(' and ')} (non-empty strings are required).`, {
      provider,
      field: 'credentials',
    });
  }
  if (c.securityToken !== undefined && typeof c.securityToken !== 'string') {
    throw new ConfigurationError(`${provider}: credentials from ${from}: securityToken must be a string.`, { provider, field: 'credentials' });
  }
  if (c.expiration !== undefined && !(c.expiration instanceof Date && !Number.isNaN(c.expiration.getTime()))) {
    throw new ConfigurationError(`${provider}: credentials from ${from}: expiration must be a valid Date.`, { provider, field: 'credentials' });
  }
  const out: Credentials = {
    accessKeyId: c.accessKeyId!,
    accessKeySecret: c.accessKeySecret!,
    securityToken: c.securityToken || undefined,
    expiration: c.expiration,
  };
  return hideSecrets(out);
}

/** Makes the secret fields non-enumerable so `console.log`, `inspect` and JSON never show them. */
export function hideSecrets(credentials: Credentials): Credentials {
  const out = { accessKeyId: credentials.accessKeyId, ...(credentials.expiration ? { expiration: credentials.expiration } : {}) } as Credentials;
  Object.defineProperty(out, 'accessKeySecret', { value: credentials.accessKeySecret, enumerable: false });
  if (credentials.securityToken) Object.defineProperty(out, 'securityToken', { value: credentials.securityToken, enumerable: false });
  return Object.freeze(out);
}

/** Reads a variable, treating empty as absent. */
export function env(name: string, source: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = source[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Reads a file, or undefined when it does not exist. */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A minimal INI reader: `[section]` headers, `key = value` lines, `#`/`;` comments, quotes stripped. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections[header[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    current[key] = value;
  }
  return sections;
}
