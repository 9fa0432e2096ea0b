/**
 * How an answer reaches the client once its body is decided: whole, cut in half, one byte at a time
 * (trickle), never (hang), or not at all with the socket destroyed (reset).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiResponse } from './api.js';
import type { Timers } from './timers.js';

export type Delivery = { kind: 'whole' } | { kind: 'truncated' } | { kind: 'trickle'; byteMs: number } | { kind: 'hang' } | { kind: 'reset' };

/** Resolves once the answer is fully written (or abandoned). */
export function deliver(req: IncomingMessage, res: ServerResponse, response: ApiResponse, how: Delivery, timers: Timers): Promise<void> {
  if (how.kind === 'reset') {
    req.socket.destroy();
    return Promise.resolve();
  }
  // Hanging: the socket stays open and silent until the client gives up or the emulator closes.
  if (how.kind === 'hang') return Promise.resolve();
  let bytes = Buffer.from(response.body, 'utf8');
  if (how.kind === 'truncated') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
  res.writeHead(response.status, { ...response.headers, 'content-length': String(bytes.length) });
  if (how.kind !== 'trickle') {
    res.end(bytes);
    return Promise.resolve();
  }
  res.flushHeaders();
  return new Promise((resolve) => {
    let i = 0;
    const next = (): void => {
      if (res.destroyed || res.writableEnded) return resolve();
      const byte = bytes.subarray(i, i + 1);
      i++;
      // The last byte ends the answer in the same write, so the log sees it served when the client does.
      if (i >= bytes.length) {
        res.end(byte);
        return resolve();
      }
      res.write(byte);
      timers.later(next, how.byteMs);
    };
    res.once('close', () => resolve());
    timers.later(next, how.byteMs);
  });
}
