// Summarizes a .cpuprofile (from `node --cpu-prof`).
// Usage: node bench/lib/profile-summary.mjs <file.cpuprofile> [functions to list, default 40] [--categories]
//   default: self time by package or file, then by function;
//   --categories: time by what the client is doing (each sample goes to its nearest frame that names a category).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const top = Number(args.find((a) => /^\d+$/.test(a)) ?? 40);
if (!file) throw new Error('usage: node bench/lib/profile-summary.mjs <file.cpuprofile> [top] [--categories]');

const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
/** @type {Map<number, number>} sample node id -> microseconds */
const selfUs = new Map();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  total += dt;
});

const shortUrl = (url) => (url || '(native)').replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(dist|src|bench)\//, '$1/');
const line = (us, label, of = total) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / of).toFixed(1).padStart(5)}%  ${label}`;
const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);

const CATEGORIES = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['time parsing', (f) => /parse(Aliyun|Huawei|CapitalOnline)Time|tzOffset|inZone|dayOffset|TZDate/.test(f.functionName)],
  ['zod validation', (f) => /\/zod\//.test(f.url) || /safeParse|parseEnvelope|withTrimmedKeys/.test(f.functionName)],
  ['mappers', (f) => /^map(Rds|Kvstore|Huawei|CapitalOnline)Backup|^mapRecords|^mapBackupsPage|splitDatabases|databasesOf|normalizeEngine|backupKind|kilobytesToBytes|^nonEmpty|^toNumber/.test(f.functionName)],
  ['JSON.parse (parseBody)', (f) => /^parseBody|^detectFormat/.test(f.functionName)],
  // (not AbortSignal's functions, whose names contain "sign" too)
  ['signing', (f) => (/sign|Hmac|Hash|canonical|percentEncode|randomUUID/i.test(f.functionName) && !/signal/i.test(f.functionName)) || /crypto/.test(f.url)],
  ['HTTP (axios, node http/net/streams, socket writes)', (f) => /axios/.test(f.url) || /node:(_http|net|internal\/stream|internal\/streams|stream|buffer|internal\/buffer|events|internal\/event_target|internal\/url|url|internal\/timers|timers|internal\/abort)/.test(f.url) || /writeLatin1String|writev|writeUtf8String/.test(f.functionName)],
  ['paging, iteration, client', (f) => /paginate|PagedList|walkInstance|walkAll|walkSource|drain|push|acquire|matchesQuery|RecentIds|PaginationStopped/.test(f.functionName)],
];

if (args.includes('--categories')) {
  const cat = new Map();
  for (const [id, us] of selfUs) {
    let name = 'other';
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const hit = CATEGORIES.find(([, test]) => test(byId.get(p).callFrame));
      if (hit) {
        name = hit[0];
        break;
      }
    }
    cat.set(name, (cat.get(name) ?? 0) + us);
  }
  const busy = total - (cat.get('idle') ?? 0);
  console.log(`sampled ${(total / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms (percentages of busy)`);
  for (const [name, us] of sorted(cat)) if (name !== 'idle') console.log(line(us, name, busy));
} else {
  const byFn = new Map();
  const byPackage = new Map();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id).callFrame;
    const url = shortUrl(cf.url);
    const fn = `${cf.functionName || '(anonymous)'} ${url}:${cf.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    const parts = url.split('/');
    const pkg = url.startsWith('nm/') ? parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/') : url;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  console.log(`sampled ${(total / 1000).toFixed(0)} ms`);
  for (const [k, us] of sorted(byPackage).slice(0, 15)) console.log(line(us, k));
  console.log('---');
  for (const [k, us] of sorted(byFn).slice(0, top)) console.log(line(us, k));
}
