import type { ProviderName } from '../model.js';
import { ResponseValidationError } from '../errors.js';
import { getXmlParser } from './lazy.js';

export type BodyFormat = 'json' | 'xml' | 'empty';

/** Decides JSON or XML from the content type, falling back to the first character for servers that mislabel. */
export function detectFormat(contentType: string | undefined, text: string): BodyFormat {
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return 'empty';
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('json')) return 'json';
  if (ct.includes('xml')) return 'xml';
  return trimmed.startsWith('<') ? 'xml' : 'json';
}

/**
 * Parses a response body; malformed or truncated bodies become a retryable validation error with an excerpt.
 * The XML parser is loaded with the first XML body (most listings never see one).
 */
export function parseBody(text: string, contentType: string | undefined, provider: ProviderName, url: string): unknown {
  const format = detectFormat(contentType, text);
  if (format === 'empty') return undefined;
  const xml = format === 'xml' ? getXmlParser() : undefined;
  try {
    return xml ? xml.parse(text, true) : JSON.parse(text);
  } catch (error) {
    throw new ResponseValidationError(
      `${provider}: the response body is not valid ${format.toUpperCase()} (malformed or truncated)`,
      { provider, body: text, url, retryable: true, cause: error },
    );
  }
}
