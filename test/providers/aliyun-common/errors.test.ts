import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  ProviderApiError,
  ThrottlingError,
} from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import { parseBody } from '../../../src/http/parse-body.js';
import { classifyAliyunResponse, readAliyunError } from '../../../src/providers/aliyun-common/errors.js';
import { safeServerMessage } from '../../../src/providers/shared/error-response.js';

const CONTEXT = { provider: 'aliyun-rds', operation: 'DescribeBackups', region: 'cn-hangzhou', instanceId: 'rm-abc' } as const;

function response(status: number, text: string, headers: Record<string, string> = {}): HttpResponse {
  const contentType = text.startsWith('<') ? 'text/xml;charset=utf-8' : 'application/json';
  return {
    status,
    headers: { 'content-type': contentType, ...headers },
    text,
    body: parseBody(text, contentType, 'aliyun-rds', 'https://rds.aliyuncs.com/?Action=DescribeBackups'),
    url: 'https://rds.aliyuncs.com/?Action=DescribeBackups',
  };
}

const json = (status: number, code: string, message = 'msg', headers: Record<string, string> = {}) =>
  response(status, JSON.stringify({ RequestId: 'REQ-1', HostId: 'rds.aliyuncs.com', Code: code, Message: message }), headers);
const xml = (status: number, code: string, message = 'msg', headers: Record<string, string> = {}) =>
  response(
    status,
    `<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>REQ-1</RequestId><HostId>rds.aliyuncs.com</HostId><Code>${code}</Code><Message>${message}</Message></Error>`,
    headers,
  );

describe('classifyAliyunResponse', () => {
  it('treats a 2xx without an error code as success, JSON or XML', () => {
    expect(classifyAliyunResponse(CONTEXT, response(200, '{"RequestId":"R","Items":{"Backup":[]}}'))).toBeUndefined();
    expect(classifyAliyunResponse(CONTEXT, response(200, '{"RequestId":"R","Code":"Success"}'))).toBeUndefined();
    expect(classifyAliyunResponse(CONTEXT, response(200, '<DescribeBackupsResponse><RequestId>R</RequestId></DescribeBackupsResponse>'))).toBeUndefined();
  });

  it('finds an error code on a 2xx wherever it sits: top level, under Error, or in a lone ...Response wrapper', () => {
    for (const body of [
      '{"Code":"Forbidden.RAM","RequestId":"R"}',
      '{"Error":{"Code":"Forbidden.RAM"},"RequestId":"R"}',
      '{"DescribeBackupsResponse":{"Code":"Forbidden.RAM","RequestId":"R"}}',
      '<DescribeBackupsResponse><Code>Forbidden.RAM</Code></DescribeBackupsResponse>',
    ]) {
      const error = classifyAliyunResponse(CONTEXT, response(200, body));
      expect(error, body).toBeInstanceOf(PermissionError);
      expect((error as ProviderApiError).code, body).toBe('Forbidden.RAM');
    }
    // A wrapper beside other keys is not the error shape: a listing's page that happens to have such a key.
    expect(classifyAliyunResponse(CONTEXT, response(200, '{"RequestId":"R","XResponse":{"Code":"Forbidden.RAM"}}'))).toBeUndefined();
  });

  it('treats a 2xx carrying an error Code as an error (pop-core rule)', () => {
    const error = classifyAliyunResponse(CONTEXT, json(200, 'InvalidParameter'));
    expect(error).toBeInstanceOf(ProviderApiError);
    expect((error as ProviderApiError).code).toBe('InvalidParameter');
    expect((error as ProviderApiError).retryable).toBe(false);
  });

  for (const [format, build] of [['JSON', json], ['XML', xml]] as const) {
    describe(`${format} error bodies`, () => {
      it.each([
        ['Throttling.User', 400, ThrottlingError, true],
        ['Throttling', 503, ThrottlingError, true],
        ['Rejected.Throttling', 400, ThrottlingError, true],
        ['ServiceUnavailable', 503, ProviderApiError, true],
        ['InternalError', 500, ProviderApiError, true],
        ['ExternalFailure', 500, ProviderApiError, true],
        ['InvalidTimeStamp.Expired', 400, AuthenticationError, false],
        ['SignatureDoesNotMatch', 400, AuthenticationError, false],
        ['IncompleteSignature', 400, AuthenticationError, false],
        ['InvalidAccessKeyId.NotFound', 404, AuthenticationError, false],
        ['InvalidAccessKeyId.Inactive', 400, AuthenticationError, false],
        ['InvalidSecurityToken.Expired', 400, AuthenticationError, false],
        ['Forbidden.AccessKeyDisabled', 403, AuthenticationError, false],
        ['Forbidden.RAM', 403, PermissionError, false],
        ['Forbidden.NoPermission', 403, PermissionError, false],
        ['InvalidDBInstanceId.NotFound', 400, NotFoundError, false],
        ['InvalidInstanceId.NotFound', 404, NotFoundError, false],
        // Every attempt is re-signed with a fresh nonce, so a replay refusal is transient: retried (issue 13, item 9).
        ['SignatureNonceUsed', 400, ProviderApiError, true],
        ['InvalidStartTime.Format', 400, ProviderApiError, false],
      ])('%s (HTTP %i) -> %o, retryable %s', (code, status, cls, retryable) => {
        const error = classifyAliyunResponse(CONTEXT, build(status, code));
        expect(error).toBeInstanceOf(cls);
        const e = error as ProviderApiError;
        expect(e.constructor).toBe(cls);
        expect(e.code).toBe(code);
        expect(e.httpStatus).toBe(status);
        expect(e.requestId).toBe('REQ-1');
        expect(e.retryable).toBe(retryable);
        expect(e.operation).toBe('DescribeBackups');
        expect(e.instanceId).toBe('rm-abc');
        expect(e.provider).toBe('aliyun-rds');
        expect(e.message).toContain('RequestId REQ-1');
      });
    });
  }

  it('reads x-acs-retry-after (milliseconds) into a ThrottlingError', () => {
    const error = classifyAliyunResponse(CONTEXT, json(400, 'Throttling.User', 'Request was denied due to user flow control.', { 'x-acs-retry-after': '1500' }));
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as ThrottlingError).retryAfterMs).toBe(1500);
  });

  it('says what to do', () => {
    expect(classifyAliyunResponse(CONTEXT, json(400, 'InvalidTimeStamp.Expired'))!.message).toBe(
      'aliyun-rds: DescribeBackups for rm-abc was rejected (InvalidTimeStamp.Expired: msg, HTTP 400, RequestId REQ-1): ' +
        "the local clock is off by more than 15 minutes from Aliyun's. Synchronize the system clock (NTP) and retry.",
    );
    expect(classifyAliyunResponse(CONTEXT, json(400, 'InvalidDBInstanceId.NotFound', 'The DBInstanceId provided does not exist in records.'))!.message).toBe(
      'aliyun-rds: DescribeBackups for rm-abc: instance rm-abc was not found in region cn-hangzhou ' +
        '(InvalidDBInstanceId.NotFound: The DBInstanceId provided does not exist in records., HTTP 400, RequestId REQ-1). ' +
        "Check the instance id and that the source's region is the instance's region.",
    );
    expect(classifyAliyunResponse(CONTEXT, json(403, 'Forbidden.RAM'))!.message).toContain(
      'Grant the RAM user or role rds:DescribeBackups (the AliyunRDSReadOnlyAccess policy includes it).',
    );
    expect(
      classifyAliyunResponse({ ...CONTEXT, provider: 'aliyun-kvstore', operation: 'DescribeInstances' }, json(403, 'Forbidden.RAM'))!.message,
    ).toContain('kvstore:DescribeInstances (the AliyunKvstoreReadOnlyAccess policy includes it)');
    expect(classifyAliyunResponse(CONTEXT, json(400, 'SignatureDoesNotMatch'))!.message).toContain(
      'Check that the AccessKey secret belongs to the AccessKey id',
    );
  });

  it('never repeats the string-to-sign the server echoes on SignatureDoesNotMatch', () => {
    const echoed =
      'Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3DLTAIexample%26SecurityToken%3DCAISsecret';
    const error = classifyAliyunResponse(CONTEXT, json(400, 'SignatureDoesNotMatch', echoed))!;
    expect(error.message).toContain('Specified signature is not matched with our calculation.');
    expect(error.message).not.toContain('CAISsecret');
    expect(error.message).not.toContain('LTAIexample');
    expect(JSON.stringify(error)).not.toContain('CAISsecret');
  });

  it('classifies a bodiless 5xx as retryable and a bodiless 4xx as final', () => {
    const e5 = classifyAliyunResponse(CONTEXT, response(502, '')) as ProviderApiError;
    expect(e5).toBeInstanceOf(ProviderApiError);
    expect(e5.retryable).toBe(true);
    expect(e5.httpStatus).toBe(502);
    const e4 = classifyAliyunResponse(CONTEXT, response(404, '', { 'x-acs-request-id': 'HDR-REQ' })) as ProviderApiError;
    expect(e4.retryable).toBe(false);
    expect(e4.requestId).toBe('HDR-REQ');
  });

  it('keeps the Recommend link of an unclassified error', () => {
    const text = JSON.stringify({ RequestId: 'R2', Code: 'InvalidPageNumbers.Malformed', Message: 'Specified page number is not valid.', Recommend: 'https://api.aliyun.com/troubleshoot?q=InvalidPageNumbers.Malformed' });
    expect(classifyAliyunResponse(CONTEXT, response(400, text))!.message).toBe(
      'aliyun-rds: DescribeBackups for rm-abc failed (InvalidPageNumbers.Malformed: Specified page number is not valid., HTTP 400, RequestId R2). ' +
        'See https://api.aliyun.com/troubleshoot?q=InvalidPageNumbers.Malformed',
    );
  });
});

describe('readAliyunError', () => {
  it('reads flat JSON, XML <Error> and numeric codes', () => {
    expect(readAliyunError({ Code: 'X', Message: 'm', RequestId: 'r' })).toEqual({ code: 'X', message: 'm', requestId: 'r' });
    expect(readAliyunError({ Error: { Code: 'X', RequestId: 'r' } })).toEqual({ code: 'X', requestId: 'r' });
    expect(readAliyunError({ Code: 200 })).toEqual({ code: '200' });
    expect(readAliyunError('nope')).toEqual({});
  });
});

describe('safeServerMessage', () => {
  it('truncates long messages', () => {
    expect(safeServerMessage('x'.repeat(400))).toBe(`${'x'.repeat(300)}…`);
  });

  it('cuts an echoed string-to-sign at a sentence boundary, never mid-sentence', () => {
    const message =
      'The request signature we calculated does not match the signature you provided. Check your key and signing method. ' +
      'server string to sign is:POST&%2F&AccessKeyId%3DLTAI123%26SecurityToken%3DCAIS';
    expect(safeServerMessage(message)).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  });
});
