import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBody } from '../../../src/http/parse-body.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import { unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';

const DIR = fileURLToPath(new URL('../../../fixtures/aliyun-rds/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(`${DIR}${name}`, 'utf8');
}

export function contentTypeOf(name: string): string {
  return name.endsWith('.xml') ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8';
}

/** A fixture as the transport + rpc-call hand it to the adapter: parsed by content type, XML root unwrapped. */
export function fixtureResponse(name: string, action = 'DescribeBackups'): HttpResponse {
  const text = fixtureText(name);
  const url = 'https://rds.aliyuncs.com/?Action=DescribeBackups';
  const body = parseBody(text, contentTypeOf(name), 'aliyun-rds', url);
  return { status: 200, headers: { 'content-type': contentTypeOf(name) }, text, body: unwrapResponseRoot(body, action), url };
}
