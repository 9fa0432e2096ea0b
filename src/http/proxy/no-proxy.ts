import { BlockList, isIP } from 'node:net';

/** Whether a target host (and port) is excluded from proxying. */
export type NoProxyMatcher = (hostname: string, port: number) => boolean;

/**
 * Parses a NO_PROXY list as curl does (and axios, undici and the official SDKs' agents, on the forms they share):
 * entries separated by commas or white space, case-insensitive; `*` alone matches every host; `name` or `.name`
 * or `*.name` matches that host and every subdomain; an IP literal matches that address (IPv6 with or without
 * brackets), a CIDR block (`10.0.0.0/8`, `fd00::/8`) every address in it; `:port` after an entry limits it
 * to that port. Anything else in the list is ignored, as curl does.
 */
export function parseNoProxy(value: string | undefined): NoProxyMatcher | undefined {
  const entries = (value ?? '').toLowerCase().split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return undefined;
  if (entries.includes('*')) return () => true;
  const rules = entries.map(parseEntry).filter((rule): rule is Rule => rule !== undefined);
  return (hostname, port) => {
    const host = normalizeHost(hostname);
    const family = isIP(host);
    return rules.some((rule) => (rule.port === undefined || rule.port === port) && rule.matches(host, family));
  };
}

interface Rule {
  port: number | undefined;
  matches(host: string, family: number): boolean;
}

function parseEntry(entry: string): Rule | undefined {
  let host = entry;
  let port: number | undefined;
  // `[v6]:port`, `[v6]`, `host:port`; a bare IPv6 literal has several colons and no port.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else {
    const withPort = /^([^:]+):(\d+)$/.exec(host);
    if (withPort) {
      host = withPort[1]!;
      port = Number(withPort[2]);
    }
  }
  const cidr = /^(.+)\/(\d{1,3})$/.exec(host);
  if (cidr && isIP(cidr[1]!)) {
    const block = new BlockList();
    const family = isIP(cidr[1]!) === 4 ? 'ipv4' : 'ipv6';
    try {
      block.addSubnet(cidr[1]!, Number(cidr[2]), family);
    } catch {
      return undefined;
    }
    return { port, matches: (target, targetFamily) => targetFamily !== 0 && block.check(target, targetFamily === 4 ? 'ipv4' : 'ipv6') };
  }
  if (isIP(host)) {
    const address = host;
    return { port, matches: (target) => target === address };
  }
  const domain = normalizeHost(host.replace(/^\*?\.?/, ''));
  if (!domain) return undefined;
  return { port, matches: (target) => target === domain || target.endsWith(`.${domain}`) };
}

/** Lower case, no IPv6 brackets, no trailing dot (an absolute DNS name is the same host). */
function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}
