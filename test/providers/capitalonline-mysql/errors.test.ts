import { describe, expect, it } from 'vitest';
import { AuthenticationError, NotFoundError, PermissionError, ProviderApiError, ThrottlingError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import { classifyCapitalOnlineResponse } from '../../../src/providers/capitalonline-mysql/errors.js';

const URL_SENT = 'https://cdsapi.capitalonline.net/mysql?Action=DescribeBackups&InstanceUuid=i-1&Signature=%5BREDACTED%5D';

function response(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, text: JSON.stringify(body), body, url: URL_SENT };
}

const classify = (res: HttpResponse) => classifyCapitalOnlineResponse(res, { operation: 'DescribeBackups', instanceId: 'i-1', site: 'asia' });

describe('classifyCapitalOnlineResponse', () => {
  it.each(['Success', 'success', 'SUCCESS'])('treats Code %j on HTTP 200 as success', (code) => {
    expect(classify(response(200, { Code: code, Message: 'Success.', Data: [] }))).toBeUndefined();
  });

  it('leaves a 2xx body without any Code to the envelope schema', () => {
    expect(classify(response(200, { Data: [] }))).toBeUndefined();
  });

  it('makes ResourceNotFound a NotFoundError naming the instance and the site', () => {
    const error = classify(response(404, { Code: 'ResourceNotFound', Message: '实例不存在' }));
    expect(error).toBeInstanceOf(NotFoundError);
    const e = error as NotFoundError;
    expect(e.message).toContain('instance i-1 was not found');
    expect(e.message).toContain("site 'asia'");
    expect(e.message).toContain('实例不存在');
    expect(e).toMatchObject({ code: 'ResourceNotFound', httpStatus: 404, instanceId: 'i-1', operation: 'DescribeBackups', retryable: false });
  });

  it.each(['ArgMissing', 'InvalidParameter', 'BadArgs', 'UnsupportedOperation'])(
    'makes %s a non-retryable ProviderApiError that keeps the code and says what to do',
    (code) => {
      const error = classify(response(400, { Code: code, Message: 'bad InstanceUuid' }));
      expect(error).toBeInstanceOf(ProviderApiError);
      expect(error).not.toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code, httpStatus: 400, retryable: false, instanceId: 'i-1' });
      expect(error!.message).toContain('rejected as invalid');
      expect(error!.message).toContain('repeating the same request will not help');
    },
  );

  it('also classifies an error Code carried by an HTTP 200', () => {
    const error = classify(response(200, { Code: 'InvalidParameter', Message: 'x' }));
    expect(error).toMatchObject({ code: 'InvalidParameter', httpStatus: 200, retryable: false });
  });

  it.each([
    [500, { Code: 'InternalError', Message: 'oops' }],
    [200, { Code: 'InternalError' }],
    [502, { Message: 'bad gateway' }],
    [503, { Code: 'CreateOrderExcept' }],
  ])('makes HTTP %i %j retryable', (status, body) => {
    const error = classify(response(status, body));
    expect(error).toBeInstanceOf(ProviderApiError);
    expect((error as ProviderApiError).retryable).toBe(true);
  });

  it.each([
    [401, { Code: 'Unauthorized', Message: 'no' }],
    [400, { Code: 'SignatureDoesNotMatch' }],
    [200, { Code: 'InvalidAccessKeyId' }],
    [400, { Code: 'IncompleteSignature' }],
    [400, { Code: 'InvalidTimeStamp.Expired' }],
    [400, { Code: 'SignatureNonceUsed' }],
  ])('makes HTTP %i %j an AuthenticationError that is never retried', (status, body) => {
    const error = classify(response(status, body));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).retryable).toBe(false);
    expect(error!.message).toContain('CDS_SECRET_ID / CDS_SECRET_KEY');
  });

  it('makes HTTP 403 a PermissionError (a refusal of the operation), never retried', () => {
    const error = classify(response(403, { Code: 'IncorrectInstanceStatus', Message: 'forbidden' }));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ httpStatus: 403, retryable: false, code: 'IncorrectInstanceStatus' });
  });

  it('does not retry an exhausted quota as if it were throttling', () => {
    const error = classify(response(400, { Code: 'QuotaLimitExceeded', Message: 'quota' }));
    expect(error).not.toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code: 'QuotaLimitExceeded', retryable: false });
    expect(error!.message).toContain('a quota is exhausted');
  });

  it.each(['DuplicateKey', 'InvalidKeyName', 'PrimaryKeyConflict'])('does not take %j for a credentials problem because it says "Key"', (code) => {
    const error = classify(response(400, { Code: code }));
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code, retryable: false });
  });

  it('makes HTTP 429 a ThrottlingError with the Retry-After hint', () => {
    const error = classify(response(429, { Code: 'TooManyRequests' }, { 'retry-after': '2' }));
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as ThrottlingError).retryAfterMs).toBe(2000);
    expect((error as ThrottlingError).retryable).toBe(true);
  });

  it.each(['Throttling.User', 'RequestLimitExceeded', 'FlowLimit'])('makes Code %j a ThrottlingError', (code) => {
    const error = classify(response(400, { Code: code }));
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as ThrottlingError).retryAfterMs).toBeUndefined();
  });

  it('keeps unknown codes as non-retryable ProviderApiErrors with code and message', () => {
    const error = classify(response(409, { Code: 'ResourceInUse', Message: 'busy' }));
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: 'ResourceInUse', httpStatus: 409, retryable: false });
    expect(error!.message).toBe('capitalonline-mysql: DescribeBackups for i-1 failed (ResourceInUse: busy, HTTP 409).');
  });

  it('reads a request id from the body or the x-request-id header', () => {
    expect(classify(response(400, { Code: 'BadArgs', RequestId: 'req-body' }))).toMatchObject({ requestId: 'req-body' });
    expect(classify(response(400, { Code: 'BadArgs' }, { 'x-request-id': 'req-header' }))).toMatchObject({ requestId: 'req-header' });
  });

  it('handles a body that is not an object', () => {
    const error = classify({ status: 500, headers: {}, text: '', body: undefined, url: URL_SENT });
    expect(error).toMatchObject({ httpStatus: 500, retryable: true });
    expect(error!.message).toContain('HTTP 500');
  });

  it('names no instance for calls about none', () => {
    const error = classifyCapitalOnlineResponse(response(400, { Code: 'BadArgs' }), { operation: 'DescribeDBInstances' });
    expect(error!.message).toMatch(/^capitalonline-mysql: DescribeDBInstances failed: /);
    expect((error as ProviderApiError).instanceId).toBeUndefined();
  });
});
