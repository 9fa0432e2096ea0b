import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hideSecrets } from '../src/credentials/chain.js';
import {
  AuthenticationError,
  CloudBackupsError,
  ConfigurationError,
  PartialFailureError,
  ProviderApiError,
  ResponseValidationError,
  ThrottlingError,
  TransportError,
} from '../src/errors.js';
import { redact } from '../src/redact.js';

const SIGNATURE = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=';
const TOKEN = 'CAIS-sts-token-value-123';
const SECRET = 'super-secret-access-key';

function everyRendering(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), inspect(error), inspect(error, { depth: 10, showHidden: true }), error.stack ?? ''];
}

describe('errors', () => {
  it('isInstance works across copies and subclasses', () => {
    const e = new ThrottlingError('slow down', { provider: 'huawei-rds', retryAfterMs: 10 });
    expect(CloudBackupsError.isInstance(e)).toBe(true);
    expect(e).toBeInstanceOf(ProviderApiError);
    expect(e.retryable).toBe(true);
    expect(CloudBackupsError.isInstance(new Error('x'))).toBe(false);
    // A copy from another bundle only shares the global symbol.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('cloud-backups.error')]: true });
    expect(CloudBackupsError.isInstance(foreign)).toBe(true);
  });

  it('never shows a signature, token or secret in message, toJSON or inspect', () => {
    const url = `https://rds.aliyuncs.com/?Action=DescribeBackups&SecurityToken=${encodeURIComponent(TOKEN)}&Signature=${encodeURIComponent(SIGNATURE)}`;
    const cause = Object.assign(new Error(`request to ${url} failed`), {
      config: { headers: { Authorization: `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=${SIGNATURE}` }, auth: SECRET },
    });
    const errors: Error[] = [
      new ProviderApiError(`failed: ${url}`, { provider: 'aliyun-rds', url, code: 'X', cause }),
      new TransportError(`timed out (${url})`, { provider: 'aliyun-rds', kind: 'timeout', url, cause }),
      new ResponseValidationError('bad body', { provider: 'aliyun-rds', body: `{"Signature":"x","url":"${url}"}`, url }),
      new AuthenticationError(`Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abcdef0123`, { provider: 'huawei-rds' }),
    ];
    errors.push(new PartialFailureError([{ provider: 'aliyun-rds', account: 'default', instanceId: 'rm-1', error: errors[0] as ProviderApiError }]));
    for (const error of errors) {
      for (const text of everyRendering(error)) {
        expect(text).not.toContain(SIGNATURE);
        expect(text).not.toContain(encodeURIComponent(SIGNATURE));
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('abcdef0123');
      }
    }
  });

  it('keeps the useful fields in toJSON', () => {
    const e = new ProviderApiError('nope', { provider: 'huawei-rds', code: 'DBS.200022', httpStatus: 404, requestId: 'req-1', operation: 'ListBackups' });
    expect(e.toJSON()).toMatchObject({ name: 'ProviderApiError', message: 'nope', provider: 'huawei-rds', code: 'DBS.200022', httpStatus: 404, requestId: 'req-1', retryable: false });
    expect(new ConfigurationError('bad', { field: 'region' }).toJSON()).toMatchObject({ field: 'region' });
  });

  it('PartialFailureError lists each failure with provider, account, region, instance and record', () => {
    const e = new PartialFailureError([
      { provider: 'aliyun-rds', account: 'prod', region: 'cn-hangzhou', instanceId: 'rm-1', error: new AuthenticationError('bad key', { provider: 'aliyun-rds' }) },
      { provider: 'huawei-rds', account: 'default', region: 'cn-north-4', error: new TransportError('down', { kind: 'connection' }) },
      { provider: 'aliyun-kvstore', account: 'default', region: 'cn-hangzhou', instanceId: 'r-1', recordId: '42', error: new ResponseValidationError('unreadable', { provider: 'aliyun-kvstore' }) },
    ]);
    expect(e.message).toBe(
      '3 part(s) of the listing failed; every other backup was listed:\n' +
        '  - aliyun-rds / prod / cn-hangzhou / rm-1: AuthenticationError: bad key\n' +
        '  - huawei-rds / default / cn-north-4: TransportError: down\n' +
        '  - aliyun-kvstore / default / cn-hangzhou / r-1 / record 42: ResponseValidationError: unreadable',
    );
  });

  it('credentials never print their secret or token', () => {
    const creds = hideSecrets({ accessKeyId: 'AKID', accessKeySecret: SECRET, securityToken: TOKEN });
    expect(creds.accessKeySecret).toBe(SECRET);
    for (const text of [JSON.stringify(creds), inspect(creds), String(Object.keys(creds))]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('redact masks RPC, ACS3 and APIG secrets in free text', () => {
    expect(redact('GET /?a=1&Signature=abc%2Bdef&b=2')).toBe('GET /?a=1&Signature=[REDACTED]&b=2');
    expect(redact('x-acs-security-token: tok123')).toBe('x-acs-security-token: [REDACTED]');
    expect(redact('https://b.oss.aliyuncs.com/f?Expires=1&OSSAccessKeyId=AK&Signature=abc&x-oss-security-token=t0k')).toBe(
      'https://b.oss.aliyuncs.com/f?Expires=1&OSSAccessKeyId=AK&Signature=[REDACTED]&x-oss-security-token=[REDACTED]',
    );
    expect(redact('https://s3/x?X-Amz-Signature=ff00&X-Amz-Date=1')).toBe('https://s3/x?X-Amz-Signature=[REDACTED]&X-Amz-Date=1');
  });
});
