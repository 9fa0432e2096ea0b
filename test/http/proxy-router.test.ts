import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { parseNoProxy } from '../../src/http/proxy/no-proxy.js';
import { ProxyRouter } from '../../src/http/proxy/proxy-router.js';

const route = (env: Record<string, string>, url: string, option?: string | false) =>
  ProxyRouter.create('aliyun-rds', option, env)?.route(url)?.display;

describe('NO_PROXY', () => {
  const matches = (list: string, host: string, port = 443) => parseNoProxy(list)?.(host, port) ?? false;

  it('matches a name and its subdomains, written bare, with a leading dot or with *.', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.COM']) {
      expect(matches(entry, 'example.com')).toBe(true);
      expect(matches(entry, 'rds.EXAMPLE.com')).toBe(true);
      expect(matches(entry, 'notexample.com')).toBe(false);
      expect(matches(entry, 'example.com.evil.org')).toBe(false);
    }
    expect(matches('example.com', 'example.com.')).toBe(true);
  });

  it('matches * alone as everything, and ignores empty entries', () => {
    expect(matches('*', 'anything.org')).toBe(true);
    expect(matches('foo.org, *', 'anything.org')).toBe(true);
    expect(parseNoProxy(' , ')).toBeUndefined();
    expect(parseNoProxy(undefined)).toBeUndefined();
  });

  it('limits an entry with :port to that port', () => {
    expect(matches('example.com:8443', 'rds.example.com', 8443)).toBe(true);
    expect(matches('example.com:8443', 'rds.example.com', 443)).toBe(false);
    expect(matches('[::1]:443', '::1', 443)).toBe(true);
  });

  it('matches IP literals and CIDR blocks, IPv4 and IPv6', () => {
    expect(matches('10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(matches('10.0.0.0/8', '11.1.2.3')).toBe(false);
    expect(matches('10.0.0.0/8', 'ten.example')).toBe(false);
    expect(matches('192.168.1.7', '192.168.1.7')).toBe(true);
    expect(matches('fd00::/8', '[fd12::1]')).toBe(true);
    expect(matches('::1', '[::1]')).toBe(true);
  });

  it('accepts commas and white space between entries', () => {
    expect(matches('a.org  b.org,c.org', 'b.org')).toBe(true);
  });
});

describe('ProxyRouter', () => {
  it('reads https_proxy / HTTPS_PROXY for https targets and http_proxy / HTTP_PROXY for http ones, lower case first', () => {
    const env = { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'http://plain:3128' };
    expect(route(env, 'https://rds.aliyuncs.com/')).toBe('http://lower:3128');
    expect(route(env, 'http://rds.aliyuncs.com/')).toBe('http://plain:3128');
    expect(route({ HTTPS_PROXY: 'http://upper:3128', https_proxy: '' }, 'https://rds.aliyuncs.com/')).toBe('http://upper:3128');
  });

  it('falls back to ALL_PROXY, assumes http:// for a bare host:port, and keeps no proxy when none is set', () => {
    expect(route({ ALL_PROXY: 'corp:8080' }, 'https://rds.aliyuncs.com/')).toBe('http://corp:8080');
    expect(ProxyRouter.create('aliyun-rds', undefined, {})).toBeUndefined();
    expect(ProxyRouter.create('aliyun-rds', undefined, { HTTPS_PROXY: '' })).toBeUndefined();
  });

  it('lets NO_PROXY exclude targets, by host, suffix and port', () => {
    const env = { HTTPS_PROXY: 'http://corp:3128', NO_PROXY: '.internal.example, rds.aliyuncs.com:8443' };
    expect(route(env, 'https://db.internal.example/x')).toBeUndefined();
    expect(route(env, 'https://rds.aliyuncs.com:8443/')).toBeUndefined();
    expect(route(env, 'https://rds.aliyuncs.com/')).toBe('http://corp:3128');
    expect(route({ ...env, no_proxy: '*' }, 'https://rds.aliyuncs.com/')).toBeUndefined();
  });

  it('never routes loopback through a proxy from the environment; an explicit proxy applies to every target', () => {
    const env = { HTTP_PROXY: 'http://corp:3128', HTTPS_PROXY: 'http://corp:3128' };
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost:1/', 'https://[::1]:9/', 'http://127.1.2.3/']) expect(route(env, url)).toBeUndefined();
    expect(route(env, 'http://127.0.0.1:8080/', 'http://mine:1')).toBe('http://mine:1');
    expect(route({ NO_PROXY: '127.0.0.1' }, 'http://127.0.0.1:8080/', 'http://mine:1')).toBeUndefined();
    expect(route(env, 'https://rds.aliyuncs.com/', false)).toBeUndefined();
  });

  it('masks credentials in what it shows, and refuses what it cannot use without echoing the value', () => {
    expect(route({ HTTPS_PROXY: 'http://u:p%40ss@corp:3128' }, 'https://rds.aliyuncs.com/')).toBe('http://[REDACTED]@corp:3128');
    const bad = () => ProxyRouter.create('aliyun-rds', 'http://u:topsecret@[bad', {});
    expect(bad).toThrow(ConfigurationError);
    expect(bad).toThrow(/proxy is not a valid proxy URL/);
    expect(bad).not.toThrow(/topsecret/);
    expect(() => ProxyRouter.create('huawei-rds', undefined, { HTTPS_PROXY: 'socks5://corp:1080' })).toThrow(/HTTPS_PROXY uses socks5:\/\/; only http:\/\/ and https:\/\/ proxies/);
  });
});
