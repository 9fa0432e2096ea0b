import { XMLParser } from 'fast-xml-parser';
import type { ProviderName } from '../model.js';
import { ResponseValidationError } from '../errors.js';

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

let xmlParser: XMLParser | undefined;

/**
 * XML is parsed with every value kept as a string (the schemas coerce) and without attributes,
 * which matches what the Aliyun XML responses carry. One parser, created on first use.
 */
function parseXml(text: string): unknown {
  xmlParser ??= new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true });
  return xmlParser.parse(text, true);
}

/** Parses a response body; malformed or truncated bodies become a retryable validation error with an excerpt. */
export function parseBody(text: string, contentType: string | undefined, provider: ProviderName, url: string): unknown {
  const format = detectFormat(contentType, text);
  if (format === 'empty') return undefined;
  try {
    return format === 'json' ? JSON.parse(text) : parseXml(text);
  } catch (error) {
    throw new ResponseValidationError(
      `${provider}: the response body is not valid ${format.toUpperCase()} (malformed or truncated)`,
      { provider, body: text, url, retryable: true, cause: error },
    );
  }
}
