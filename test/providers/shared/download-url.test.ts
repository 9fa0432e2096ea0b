import { describe, expect, it } from 'vitest';
import { downloadUrlExpiry } from '../../../src/providers/shared/download-url.js';

describe('downloadUrlExpiry', () => {
  it('reads OSS V1 Expires (unix seconds), whatever the case of the key', () => {
    expect(downloadUrlExpiry('http://b.oss-cn-hangzhou.aliyuncs.com/f.tar.gz?OSSAccessKeyId=K&Expires=1714640000&Signature=s')).toEqual(new Date(1714640000_000));
    expect(downloadUrlExpiry('http://b/f?expires=1714640000')).toEqual(new Date(1714640000_000));
  });

  it('reads OSS x-oss-expires as an instant when it looks like one, else as seconds after x-oss-date', () => {
    expect(downloadUrlExpiry('http://b/f?x-oss-expires=1714640000')).toEqual(new Date(1714640000_000));
    expect(downloadUrlExpiry('http://b/f?x-oss-date=20231221T083018Z&x-oss-expires=3600')).toEqual(new Date('2023-12-21T09:30:18Z'));
    expect(downloadUrlExpiry('http://b/f?x-oss-expires=3600')).toBeUndefined();
  });

  it('reads S3-style X-Amz-Date plus X-Amz-Expires', () => {
    expect(downloadUrlExpiry('https://s3/f?X-Amz-Date=20240101T000000Z&X-Amz-Expires=86400')).toEqual(new Date('2024-01-02T00:00:00Z'));
  });

  it('is undefined for links without expiry, and for unreadable values', () => {
    for (const url of ['http://b/f', 'http://b/f?Signature=x', 'http://b/f?Expires=soon', 'http://b/f?Expires=****', 'http://b/f?x-oss-expires=-5', 'http://b/f?x-oss-date=yesterday&x-oss-expires=60', 'https://s3/f?X-Amz-Expires=60']) {
      expect(downloadUrlExpiry(url), url).toBeUndefined();
    }
  });
});
