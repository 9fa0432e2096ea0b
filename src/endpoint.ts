import { isIP } from 'node:net';
import { ConfigurationError } from './errors.js';
import type { ProviderName } from './model.js';

/**
 * Validates an `endpoint` override and returns it without a trailing slash.
 * https anywhere; plain http only to loopback (the emulator, a local test server), never across a network.
 */
export function resolveEndpointOverride(provider: ProviderName, endpoint: string, field = 'endpoint'): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(`${provider}: ${field} "${withoutUserinfo(endpoint)}" is not a URL; give a base URL such as https://rds.example.com or http://127.0.0.1:8080.`, {
      provider,
      field,
    });
  }
  // Credentials in the URL would be sent nowhere useful and printed in every error that names the URL.
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(
      `${provider}: ${field} must not contain credentials (user:password@); give the base URL alone (${url.protocol}//${url.host}) and the cloud credentials through \`credentials\` or the environment.`,
      { provider, field },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${provider}: ${field} must use https (or http to a loopback address), got ${url.protocol}`, { provider, field });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ConfigurationError(
      `${provider}: ${field} ${url.origin} uses plain http to a non-loopback host; use https, or http only with 127.0.0.1, localhost or [::1].`,
      { provider, field },
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(`${provider}: ${field} must be a base URL without a query or fragment.`, { provider, field });
  }
  return url.toString().replace(/\/+$/, '');
}

/** The text of a would-be URL with anything between `//` and `@` masked, for messages. */
function withoutUserinfo(text: string): string {
  return text.replace(/\/\/[^/?#]*@/, '//[REDACTED]@');
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
