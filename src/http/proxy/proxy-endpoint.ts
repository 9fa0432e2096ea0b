import { inspect } from 'node:util';
import { ConfigurationError } from '../../errors.js';
import type { ProviderName } from '../../model.js';
import { REDACTED } from '../../redact.js';

/**
 * A proxy to send requests through. Its credentials (from `http://user:pass@host:port`) are kept in a private
 * field and leave only as the Proxy-Authorization header: `display`, `toString`, `toJSON` and `util.inspect`
 * show the URL with them masked, so no error or log line can carry them.
 */
export class ProxyEndpoint {
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: number;
  /** The proxy URL with any credentials masked: what messages name. */
  readonly display: string;
  readonly #authorization: string | undefined;

  private constructor(url: URL) {
    this.protocol = url.protocol as 'http:' | 'https:';
    this.hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const credentials = url.username !== '' || url.password !== '';
    this.display = `${url.protocol}//${credentials ? `${REDACTED}@` : ''}${url.host}`;
    if (credentials) {
      const user = safeDecode(url.username);
      const password = safeDecode(url.password);
      this.#authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    }
  }

  /**
   * Parses a proxy URL as the proxy variables are written: `http://host:port`, `https://...`, or a bare
   * `host:port` (http, as curl assumes). `source` names where it came from (`proxy`, `HTTPS_PROXY`) in errors.
   */
  static parse(value: string, source: string, provider: ProviderName): ProxyEndpoint {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      // The value is not echoed: it may hold a password.
      throw new ConfigurationError(`${provider}: ${source} is not a valid proxy URL; expected http://host:port or http://user:password@host:port.`, { provider, field: 'proxy' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigurationError(`${provider}: ${source} uses ${url.protocol}//; only http:// and https:// proxies are supported.`, { provider, field: 'proxy' });
    }
    if (url.hostname === '') throw new ConfigurationError(`${provider}: ${source} names no proxy host.`, { provider, field: 'proxy' });
    return new ProxyEndpoint(url);
  }

  /** The Proxy-Authorization header value, when the URL carried credentials. */
  get authorization(): string | undefined {
    return this.#authorization;
  }

  toString(): string {
    return this.display;
  }

  toJSON(): string {
    return this.display;
  }

  [inspect.custom](): string {
    return `ProxyEndpoint <${this.display}>`;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
