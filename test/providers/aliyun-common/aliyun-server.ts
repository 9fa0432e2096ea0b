/**
 * Test-side helpers that play the Aliyun gateway: verify a recorded request's signature the way the
 * service would (an implementation independent of src/signing), and build JSON / XML answers.
 */
import { createHash, createHmac } from 'node:crypto';
import type { RecordedRequest, ScriptedResponse } from '../../helpers/test-server.js';

const pct = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Query parameters as sent, decoded (the raw search string, so nothing is normalised for us). */
export function queryParams(request: RecordedRequest): Map<string, string> {
  const out = new Map<string, string>();
  const search = request.url.search.replace(/^\?/, '');
  for (const pair of search.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    out.set(decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1)));
  }
  return out;
}

function header(request: RecordedRequest, name: string): string {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

/** Checks an ACS3-HMAC-SHA256 request against `secret`; returns the reason when it does not verify. */
export function verifyAcs3(request: RecordedRequest, secret: string): string | undefined {
  const auth = header(request, 'authorization');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return `malformed authorization header: ${auth}`;
  const signedHeaders = m[2]!.split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!signedHeaders.includes(required)) return `${required} is not signed`;
  }
  const params = [...queryParams(request)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalQuery = params.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${header(request, h).trim()}\n`).join('');
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  if (bodyHash !== header(request, 'x-acs-content-sha256')) return 'x-acs-content-sha256 does not match the body';
  const canonical = [request.method, request.path, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), bodyHash].join('\n');
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', secret).update(toSign).digest('hex');
  return expected === m[3] ? undefined : 'signature mismatch';
}

/** Checks an RPC v1 (HMAC-SHA1) request against `secret`. */
export function verifyRpcV1(request: RecordedRequest, secret: string): string | undefined {
  const params = queryParams(request);
  const signature = params.get('Signature');
  if (!signature) return 'no Signature parameter';
  params.delete('Signature');
  const canonical = [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${pct(k)}=${pct(v)}`)
    .join('&');
  const toSign = `${request.method}&%2F&${pct(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
  return expected === signature ? undefined : 'signature mismatch';
}

/** An Aliyun error answer, JSON or XML. */
export function errorAnswer(
  status: number,
  fields: { Code: string; Message: string; RequestId: string },
  options: { xml?: boolean; headers?: Record<string, string> } = {},
): ScriptedResponse {
  const body = options.xml
    ? `<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>${fields.RequestId}</RequestId><HostId>rds.aliyuncs.com</HostId>` +
      `<Code>${fields.Code}</Code><Message>${fields.Message}</Message><Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=${fields.Code}]]></Recommend></Error>`
    : JSON.stringify({ ...fields, HostId: 'rds.aliyuncs.com', Recommend: `https://api.aliyun.com/troubleshoot?q=${fields.Code}` });
  return {
    status,
    headers: { 'content-type': options.xml ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8', ...(options.headers ?? {}) },
    body,
  };
}

export function jsonAnswer(body: unknown): ScriptedResponse {
  return { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) };
}

export function xmlAnswer(xml: string): ScriptedResponse {
  return { status: 200, headers: { 'content-type': 'text/xml;charset=utf-8' }, body: xml };
}
