import { describe, expect, it } from 'vitest';
import { AuthenticationError, NotFoundError, ProviderApiError, ThrottlingError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import { classifyAliyunResponse } from '../../../src/providers/aliyun-common/errors.js';
import { fixtureBody, fixtureContentType, fixtureText } from './fixtures.js';

const CONTEXT = { provider: 'aliyun-kvstore', operation: 'DescribeBackups', region: 'cn-hangzhou', instanceId: 'r-bp1xxxxxxxxxxxxx' } as const;

/** A recorded R-kvstore error body, as the transport hands it over. */
function answer(name: string, status: number): HttpResponse {
  return { status, headers: { 'content-type': fixtureContentType(name) }, text: fixtureText(name), body: fixtureBody(name), url: 'https://r-kvstore.aliyuncs.com/' };
}

describe('the recorded KVStore error bodies', () => {
  it.each([
    ['error.instance-not-found.json', 404, NotFoundError, 'InvalidInstanceId.NotFound', '7D6C5B4A-3928-4716-A5B4-C3D2E1F0A9B8'],
    ['error.signature-does-not-match.json', 400, AuthenticationError, 'SignatureDoesNotMatch', '1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D'],
    ['error.invalid-start-time.json', 400, ProviderApiError, 'InvalidStartTime.Malformed', '8B6A2E51-6F0C-4D44-9F0D-2E8C7B1A9C33'],
    ['error.invalid-start-time.xml', 400, ProviderApiError, 'InvalidStartTime.Malformed', '8B6A2E51-6F0C-4D44-9F0D-2E8C7B1A9C33'],
  ] as const)('%s (HTTP %i) is a final %o with its code and RequestId', (name, status, type, code, requestId) => {
    const error = classifyAliyunResponse(CONTEXT, answer(name, status)) as ProviderApiError;
    expect(error).toBeInstanceOf(type);
    expect(error.constructor).toBe(type);
    expect([error.code, error.requestId, error.httpStatus, error.retryable, error.instanceId]).toEqual([code, requestId, status, false, 'r-bp1xxxxxxxxxxxxx']);
  });

  it('the throttling body is a retryable ThrottlingError', () => {
    const error = classifyAliyunResponse(CONTEXT, answer('error.throttling.json', 400)) as ThrottlingError;
    expect(error).toBeInstanceOf(ThrottlingError);
    expect([error.retryable, error.requestId]).toEqual([true, '4F1E2D3C-B4A5-4968-8776-655443322110']);
  });
});
