import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConfigurationError,
  NotFoundError,
  PermissionError,
  ProviderApiError,
  ThrottlingError,
} from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import { classifyHuaweiResponse, errorFields } from '../../../src/providers/huawei-rds/errors.js';
import { fixtureBody, fixtureText } from './fixtures.js';

const listBackups = { operation: 'ListBackups', api: 'GET /v3/{project_id}/backups', instanceId: 'inst-1' };

function response(status: number, fixture: string | undefined, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    text: fixture ? fixtureText(fixture) : '',
    body: fixture ? fixtureBody(fixture) : undefined,
    url: 'https://rds.cn-north-4.myhuaweicloud.com/v3/p1/backups?instance_id=inst-1',
  };
}

describe('classifyHuaweiResponse', () => {
  it('lets 2xx through', () => {
    expect(classifyHuaweiResponse(response(200, 'list-backups.empty.json'), listBackups)).toBeUndefined();
  });

  it('429 / APIGW.0308 is a retryable ThrottlingError honouring Retry-After, with the request id', () => {
    const error = classifyHuaweiResponse(response(429, 'error.apigw-throttled.json', { 'retry-after': '3', 'x-request-id': 'req-429' }), listBackups);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code: 'APIGW.0308', httpStatus: 429, retryable: true, retryAfterMs: 3000, requestId: 'req-429', operation: 'ListBackups' });
  });

  it('APIG.0308 under another status is still throttling; the body request_id is used without the header', () => {
    const r = response(400, undefined);
    r.body = { error_code: 'APIG.0308', error_msg: 'over ratelimit', request_id: 'body-id' };
    const error = classifyHuaweiResponse(r, listBackups);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ requestId: 'body-id', retryable: true });
    expect((error as ThrottlingError).retryAfterMs).toBeUndefined();
  });

  it('a Retry-After HTTP date is read against the injected clock', () => {
    const now = Date.parse('2024-03-01T00:00:00Z');
    const error = classifyHuaweiResponse(response(429, undefined, { 'retry-after': 'Fri, 01 Mar 2024 00:00:05 GMT' }), { ...listBackups, now: () => now });
    expect((error as ThrottlingError).retryAfterMs).toBe(5000);
  });

  it('APIGW.0301 is an AuthenticationError that names clock skew and never echoes the signature', () => {
    const error = classifyHuaweiResponse(response(401, 'error.apigw-signature.json', { 'x-request-id': 'req-401' }), listBackups);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'APIGW.0301', httpStatus: 401, requestId: 'req-401', retryable: false });
    expect(error!.message).toMatch(/clock/);
    expect(error!.message).toMatch(/15 minutes/);
    expect(error!.message).not.toContain('2b9f1c0e7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c');
    expect(inspect(error)).not.toContain('2b9f1c0e7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c');
  });

  it('403 is a PermissionError naming the API', () => {
    const error = classifyHuaweiResponse(response(403, 'error.apigw-forbidden.json', { 'x-request-id': 'req-403' }), listBackups);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'APIGW.0302', requestId: 'req-403', retryable: false });
    expect(error!.message).toContain('ListBackups (GET /v3/{project_id}/backups)');
  });

  it("IAM's {error: {code, message}} shape is read; a 403 there names the IAM API", () => {
    const error = classifyHuaweiResponse(response(403, 'error.iam-keystone.json', { 'x-iam-trace-id': 'trace-1' }), {
      operation: 'KeystoneListProjects',
      api: 'GET /v3/projects',
    });
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: '403', requestId: 'trace-1' });
    expect(error!.message).toContain('KeystoneListProjects (GET /v3/projects)');
    expect(error!.message).toContain('identity:list_projects');
  });

  it('DBS.200002 is a NotFoundError naming the instance', () => {
    const error = classifyHuaweiResponse(response(404, 'error.rds-instance-not-found.json', { 'x-request-id': 'req-404' }), listBackups);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'DBS.200002', instanceId: 'inst-1', requestId: 'req-404', retryable: false });
    expect(error!.message).toContain('instance inst-1 was not found');
  });

  it('a gateway "no such API" 404 is not mistaken for a missing instance', () => {
    const r = response(404, undefined, { 'x-request-id': 'req-route' });
    r.body = { error_code: 'APIGW.0101', error_msg: 'The API does not exist or has not been published in the environment.' };
    const error = classifyHuaweiResponse(r, listBackups);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error!.message).toContain('rds.cn-north-4.myhuaweicloud.com');
  });

  it('{code, message} is read; a 400 is a non-retryable ProviderApiError with the request id', () => {
    const error = classifyHuaweiResponse(response(400, 'error.code-message.json', { 'x-request-id': 'req-400' }), listBackups);
    expect(error?.constructor).toBe(ProviderApiError);
    expect(error).toMatchObject({ code: 'DBS.200001', httpStatus: 400, requestId: 'req-400', retryable: false });
    expect(error!.message).toContain('Parameter error.');
  });

  it('5xx is retryable, even without a body', () => {
    const error = classifyHuaweiResponse(response(503, undefined, { 'x-request-id': 'req-503' }), listBackups);
    expect(error?.constructor).toBe(ProviderApiError);
    expect(error).toMatchObject({ httpStatus: 503, retryable: true, requestId: 'req-503' });
  });

  it('a plain 401 is an AuthenticationError', () => {
    const r = response(401, undefined);
    r.body = { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } };
    expect(classifyHuaweiResponse(r, { operation: 'KeystoneListProjects', api: 'GET /v3/projects' })).toBeInstanceOf(AuthenticationError);
  });
});

describe('errorFields', () => {
  it('reads the three shapes and a nested OpenStack one', () => {
    expect(errorFields({ error_code: 'DBS.1', error_msg: 'm', request_id: 'r' })).toEqual({ code: 'DBS.1', message: 'm', requestId: 'r' });
    expect(errorFields({ code: 'C', message: 'M' })).toEqual({ code: 'C', message: 'M' });
    expect(errorFields({ error: { code: 'E', message: 'N' } })).toEqual({ code: 'E', message: 'N' });
    expect(errorFields({ itemNotFound: { code: 404, message: 'gone' } })).toEqual({ code: '404', message: 'gone' });
    expect(errorFields('<html>')).toEqual({});
    expect(errorFields(undefined)).toEqual({});
  });
});

describe('classifyHuaweiResponse: instance gone and project unavailable', () => {
  const context = { operation: 'ListBackups', api: 'GET /v3/{project_id}/backups', instanceId: 'inst-1' };
  const answer = (status: number, code: string) => ({
    status,
    headers: { 'x-request-id': 'req-x' },
    text: JSON.stringify({ error_code: code, error_msg: 'm' }),
    body: { error_code: code, error_msg: 'm' },
    url: 'https://rds.cn-north-4.myhuaweicloud.com/v3/p/backups',
  });

  it.each(['DBS.200823', 'DBS.280238', 'DBS.200045'])('makes %s about an instance a NotFoundError naming it', (code) => {
    const error = classifyHuaweiResponse(answer(400, code), context);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code, instanceId: 'inst-1', retryable: false });
    expect(error!.message).toContain('instance inst-1 was not found');
  });

  it('makes APIGW.0310 (project unavailable) a ConfigurationError about the project id, keeping the answer as cause', () => {
    const error = classifyHuaweiResponse(answer(403, 'APIGW.0310'), context);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ field: 'projectId' });
    expect(error!.message).toContain('the project is unavailable');
    expect((error!.cause as ProviderApiError).code).toBe('APIGW.0310');
    expect(error).not.toBeInstanceOf(PermissionError);
  });
});
