import type { Readable } from 'node:stream';
import type { BodyLease } from './body-budget.js';

/** 64 MiB: the largest response body read; anything larger is refused, not retried. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The body is larger than the per-response limit: thrown by readBody, turned into a typed error by the transport. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** The Content-Length the server announced, when that alone exceeded the limit. */
    readonly declaredBytes?: number,
  ) {
    super(
      declaredBytes === undefined
        ? `the response body exceeds the ${formatBytes(limitBytes)} limit per response`
        : `the response body (Content-Length ${declaredBytes} bytes) exceeds the ${formatBytes(limitBytes)} limit per response`,
    );
    this.name = 'BodyTooLargeError';
  }
}

export interface ReadBodyOptions {
  maxBytes: number;
  /** Bytes are claimed on it as they arrive; reading pauses while it makes us wait. */
  lease: BodyLease;
  /** The attempt's deadline (and the caller's abort): its signal, made only if a wait happens, ends a wait for the budget. */
  deadline: { readonly signal: AbortSignal };
  /** The Content-Length header, when the server sent one: refused before reading a byte when over the limit. */
  declaredLength?: string | undefined;
}

/**
 * Reads a (decompressed) response stream into a string, bounded in size and in shared memory. Event-based, not
 * `for await`, so a body costs no promise per chunk; a chunk waits only when the budget makes it.
 */
export function readBody(stream: Readable, options: ReadBodyOptions): Promise<string> {
  const { maxBytes, lease, deadline } = options;
  const declared = options.declaredLength === undefined ? undefined : Number(options.declaredLength);
  if (declared !== undefined && declared > maxBytes) {
    stream.destroy();
    return Promise.reject(new BodyTooLargeError(maxBytes, declared));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (error: unknown, text?: string) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error === undefined) resolve(text ?? '');
      else {
        if (!stream.destroyed) stream.destroy();
        reject(error);
      }
    };
    const onData = (data: Buffer | string) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      total += chunk.length;
      if (total > maxBytes) return settle(new BodyTooLargeError(maxBytes));
      chunks.push(chunk);
      const wait = lease.grow(chunk.length, deadline);
      if (wait) {
        stream.pause();
        wait.then(
          () => settled || stream.resume(),
          (reason: unknown) => settle(reason ?? new Error('aborted')),
        );
      }
    };
    const onEnd = () => settle(undefined, decode(chunks, total));
    const onError = (error: unknown) => settle(error);
    // A stream that closes without 'end' lost its connection mid-body.
    const onClose = () => settle(Object.assign(new Error('the connection closed before the body was complete'), { code: 'ECONNRESET' }));
    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function decode(chunks: readonly Buffer[], total: number): string {
  if (total === 0) return '';
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, total).toString('utf8');
  // A UTF-8 byte order mark is not part of the JSON or XML text (JSON.parse rejects it).
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (Number.isInteger(mib)) return `${mib} MiB`;
  const kib = bytes / 1024;
  return Number.isInteger(kib) ? `${kib} KiB` : `${bytes} bytes`;
}
