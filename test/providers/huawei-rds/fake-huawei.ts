/** A scripted Huawei RDS + IAM for end-to-end tests on `startTestServer`: it checks every signature. */
import type { Credentials } from '../../../src/credentials/types.js';
import { signHuawei } from '../../../src/signing/index.js';
import type { RecordedRequest, ScriptedResponse } from '../../helpers/test-server.js';
import { fixtureBody } from './fixtures.js';

export const PROJECT_ID = '0483b6b16e954cb88930a360d2c4e663';
export const REGION = 'cn-north-4';
export const AK: Credentials = { accessKeyId: 'HWAKTESTONLY0000', accessKeySecret: 'hw-secret-test-only/+=' };

/** The query exactly as it came over the wire (after `?`), undecoded. */
export function rawQuery(req: RecordedRequest): string {
  return req.url.search.startsWith('?') ? req.url.search.slice(1) : req.url.search;
}

/** Decoded pairs without treating `+` as a space (a literal `+` would be a bug on our side). */
export function queryPairs(req: RecordedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = rawQuery(req);
  if (raw === '') return out;
  for (const part of raw.split('&')) {
    const i = part.indexOf('=');
    out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
  }
  return out;
}

function header(req: RecordedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Recomputes the signature the way the gateway does, from what arrived: the same canonical query as on the
 * wire, the signed headers the request claims, the X-Sdk-Date it carries. Returns a problem, or undefined.
 */
export function signatureProblem(req: RecordedRequest, creds: Credentials): string | undefined {
  const date = header(req, 'x-sdk-date');
  const auth = header(req, 'authorization');
  if (!date || !auth) return 'missing X-Sdk-Date or Authorization';
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!m) return `bad X-Sdk-Date ${date}`;
  const time = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const extra: Record<string, string> = {};
  for (const name of signedNames) {
    if (['host', 'x-sdk-date', 'x-security-token'].includes(name)) continue;
    const v = header(req, name);
    if (v === undefined) return `signed header ${name} was not sent`;
    extra[name] = v;
  }
  const expected = signHuawei(
    { method: 'GET', host: header(req, 'host') ?? '', path: decodeURIComponent(req.path), query: queryPairs(req), headers: extra },
    creds,
    time,
  );
  if (expected.query !== rawQuery(req)) return `query on the wire (${rawQuery(req)}) is not the canonical query (${expected.query})`;
  if (expected.headers.authorization !== auth) return 'signature mismatch';
  if (creds.securityToken && header(req, 'x-security-token') !== creds.securityToken) return 'security token missing';
  return undefined;
}

export interface FakeBackup {
  id: string;
  type?: string;
  status?: string;
  begin_time?: string;
}

/** `n` backups, newest first, one per hour back from 2024-03-01T00:00:00+0800. */
export function backupsFor(instanceId: string, n: number, type = 'auto'): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.parse('2024-03-01T00:00:00+08:00') - i * 3_600_000);
    const local = new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
    return {
      id: `${instanceId}-b${String(i).padStart(4, '0')}`,
      instance_id: instanceId,
      name: `backup-${i}`,
      type,
      size: 10 + i,
      status: 'COMPLETED',
      begin_time: `${local}+0800`,
      end_time: `${local}+0800`,
      datastore: { type: 'MySQL', version: '8.0' },
    };
  });
}

/** Serves one offset/limit page of `all` as ListBackups does. */
export function backupsPage(req: RecordedRequest, all: readonly Record<string, unknown>[]): ScriptedResponse {
  const q = queryPairs(req);
  const offset = Number(q.offset ?? 0);
  const limit = Number(q.limit ?? 100);
  return { status: 200, body: { backups: all.slice(offset, offset + limit), total_count: all.length }, headers: { 'x-request-id': `list-${offset}` } };
}

export function iamProjects(): ScriptedResponse {
  return { status: 200, body: fixtureBody('iam-projects.json'), headers: { 'x-iam-trace-id': 'iam-trace' } };
}

export function isIam(req: RecordedRequest): boolean {
  return req.path === '/v3/projects';
}

export function isBackups(req: RecordedRequest): boolean {
  return req.path === `/v3/${PROJECT_ID}/backups`;
}

export function isInstances(req: RecordedRequest): boolean {
  return req.path === `/v3/${PROJECT_ID}/instances`;
}
