import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBody } from '../../../src/http/parse-body.js';

const dir = fileURLToPath(new URL('../../../fixtures/aliyun-kvstore/', import.meta.url));

/** A fixture file's text, as a server would send it. */
export function fixtureText(name: string): string {
  return readFileSync(`${dir}${name}`, 'utf8');
}

export function fixtureContentType(name: string): string {
  return name.endsWith('.xml') ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8';
}

/** A fixture parsed exactly as the transport parses a response body (XML values all strings). */
export function fixtureBody(name: string): unknown {
  return parseBody(fixtureText(name), fixtureContentType(name), 'aliyun-kvstore', 'http://127.0.0.1/');
}
