import { vi } from 'vitest';
import { Transport, type HttpRequest } from '../../src/http/transport.js';

/**
 * Records every request the library signs, attempt by attempt, exactly as it goes on the wire (method, URL, headers):
 * for what the emulator's request log does not show. Sending is untouched. Undo with `vi.restoreAllMocks()`.
 */
export function recordSentRequests(): HttpRequest[] {
  const sent: HttpRequest[] = [];
  const send = Transport.prototype.send;
  vi.spyOn(Transport.prototype, 'send').mockImplementation(function (this: Transport, options, signal, onRetry) {
    const sign = async (attempt: number) => {
      const request = await options.sign(attempt);
      sent.push(request);
      return request;
    };
    return send.call(this, { ...options, sign }, signal, onRetry);
  });
  return sent;
}
