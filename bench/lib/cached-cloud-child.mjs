// A "cloud" that costs (almost) no CPU: a caching proxy in front of the emulator. The first request for a page goes
// to the emulator (which then checks its signature as usual); every later request for the same page (same API
// parameters, whatever its signature, nonce and timestamp) is answered from memory after the same fixed latency.
// Used by the listing benchmark to measure the client alone: on a 2-core machine the real emulator's CPU competes
// with the client's. Diagnostic only: warm requests are not signature-checked.
import http from 'node:http';

const target = new URL(process.env.BENCH_CACHE_TARGET ?? '');
const latencyMs = Number(process.env.BENCH_CACHE_LATENCY_MS ?? 30);
const VOLATILE = /^(Signature|SignatureNonce|Timestamp|AccessKeyId|SignatureMethod|SignatureVersion|SecurityToken)$/;
const cache = new Map();
let hits = 0;
let misses = 0;

function keyOf(/** @type {http.IncomingMessage} */ req) {
  const [path, query = ''] = (req.url ?? '').split('?');
  const params = [...new URLSearchParams(query)].filter(([k]) => !VOLATILE.test(k)).sort();
  return `${req.method} ${path} ${req.headers['x-acs-action'] ?? ''} ${req.headers['x-acs-version'] ?? ''} ${JSON.stringify(params)}`;
}

const server = http.createServer((req, res) => {
  const key = keyOf(req);
  const cached = cache.get(key);
  if (cached) {
    hits++;
    req.resume();
    setTimeout(() => res.writeHead(cached.status, cached.headers).end(cached.body), latencyMs);
    return;
  }
  misses++;
  const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
    const chunks = [];
    up.on('data', (c) => chunks.push(c));
    up.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...up.headers };
      for (const h of ['date', 'connection', 'keep-alive']) delete headers[h];
      if (up.statusCode === 200) cache.set(key, { status: 200, headers, body });
      setTimeout(() => res.writeHead(up.statusCode ?? 502, headers).end(body), latencyMs);
    });
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});

server.listen(0, '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  process.send?.({ url: `http://127.0.0.1:${address.port}` });
});
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ hits, misses });
});
process.on('disconnect', () => process.exit(0));
