import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../fixtures/capitalonline-mysql/', import.meta.url));

/** A fixture parsed as the transport parses a JSON body. */
export function fixtureBody(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as Record<string, unknown>;
}
