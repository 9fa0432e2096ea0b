import { ConfigurationError } from '../errors.js';

/** Where an exporter listens: `'127.0.0.1:9469'`, `'[::1]:9469'`, `':9469'` (all interfaces), or parts. */
export type ListenAddress = string | { host?: string; port: number };

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 9469 } as const;

/** Reads a listen address; a mistake is a ConfigurationError naming `listen` with an example. */
export function parseListen(value: ListenAddress | undefined): { host: string | undefined; port: number } {
  if (value === undefined) return { ...DEFAULT_LISTEN };
  const fail = (why: string): never => {
    throw new ConfigurationError(`listen ${why}: give host:port such as '127.0.0.1:9469', '[::1]:9469' or ':9469' (every interface), or { host, port }.`, { field: 'listen' });
  };
  let host: string | undefined;
  let port: unknown;
  if (typeof value === 'string') {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(value.trim());
    if (!match) return fail(`${JSON.stringify(value)} is not an address`);
    host = match[1] ?? (match[2] === '' ? undefined : match[2]);
    port = Number(match[3]);
  } else if (typeof value === 'object' && value !== null) {
    host = value.host;
    port = value.port;
    if (host !== undefined && (typeof host !== 'string' || host.trim() === '')) fail('host must be a non-empty string');
  } else {
    return fail(`must be a string or an object, got ${String(value)}`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) fail(`port must be a whole number from 0 to 65535, got ${String(port)}`);
  return { host, port: port as number };
}
