import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../fixtures/huawei-rds/', import.meta.url));

/** A fixture file's text, as a server would send it. */
export function fixtureText(name: string): string {
  return readFileSync(`${dir}${name}`, 'utf8');
}

/** A fixture parsed as the transport parses a JSON body. */
export function fixtureBody(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}
