// Benchmark 3: the cost of turning response bytes into Backups (parse + validate + map) against a bare
// JSON.parse of the same bytes. No network: real pages are captured from the emulator first, then replayed.
import { buildInternal } from './build-internal.mjs';
import { capturePages } from './lib/capture-pages.mjs';
import { note, report } from './lib/child.mjs';
import { PROVIDERS } from './lib/sources.mjs';
import { median, round } from './lib/stats.mjs';

export const SETUP = { pageSize: 100, instances: 2, backupsPerInstance: 1_000, rounds: 21, roundMs: 60, warmupMs: 800 };

let sink = 0;

/** CPU time of this process so far, in microseconds (user + system): unlike wall time, a descheduled process does not count. */
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/**
 * Runs `fn` over every page until at least `ms` of CPU time have passed; returns nanoseconds of CPU per record.
 * CPU time, not wall time: on a shared machine the wall clock also counts the time other processes held the core.
 * @param {{ text: string, instanceId: string, region: string, records: number }[]} pages
 * @param {(page: { text: string, instanceId: string, region: string }) => number} fn
 */
function timePerRecord(pages, fn, ms) {
  const start = cpuUs();
  const limit = start + ms * 1000;
  let records = 0;
  let now = start;
  do {
    for (const page of pages) {
      sink += fn(page);
      records += page.records;
    }
    now = cpuUs();
  } while (now < limit);
  return ((now - start) * 1000) / records;
}

/**
 * `node --cpu-prof bench/normalize.mjs --profile <provider> [seconds]`: only runs that provider's full
 * normalization in a loop, so the profile shows nothing else (summarize it with bench/lib/profile-summary.mjs).
 */
async function profileOne(/** @type {string} */ provider, /** @type {number} */ seconds) {
  const [pages, bundle] = await Promise.all([capturePages(SETUP), buildInternal()]);
  const impl = (await import(bundle)).providers[provider];
  if (!impl) throw new Error(`--profile: unknown provider ${provider}; one of ${PROVIDERS.join(', ')}`);
  const ns = timePerRecord(pages[provider], (page) => impl.full(page.text, page.instanceId, page.region).items.length, seconds * 1000);
  console.log(`${provider}: ${Math.round(ns)} ns per backup over ${seconds} s`);
}

async function main() {
  const flag = process.argv.indexOf('--profile');
  if (flag >= 0) return profileOne(process.argv[flag + 1] ?? '', Number(process.argv[flag + 2] ?? 5));
  note('normalize: capturing pages from the emulator');
  const [pages, bundle] = await Promise.all([capturePages(SETUP), buildInternal()]);
  const internal = await import(bundle);

  /** @type {Record<string, Record<string, (page: any) => number>>} */
  const variants = {};
  for (const p of PROVIDERS) {
    const impl = internal.providers[p];
    // Sanity: the replayed pages normalize completely.
    for (const page of pages[p]) {
      const out = impl.full(page.text, page.instanceId, page.region);
      if (out.items.length !== page.records || out.failures.length > 0) {
        throw new Error(`${p}: a captured page mapped ${out.items.length}/${page.records} records with ${out.failures.length} failures`);
      }
    }
    variants[p] = {
      jsonParse: (page) => (JSON.parse(page.text) ? 1 : 0),
      parse: (page) => (impl.parse(page.text) ? 1 : 0),
      validate: (page) => impl.validate(page.text),
      full: (page) => impl.full(page.text, page.instanceId, page.region).items.length,
    };
  }

  note('normalize: warming up');
  for (const p of PROVIDERS) for (const fn of Object.values(variants[p])) timePerRecord(pages[p], fn, SETUP.warmupMs / 4);

  /** @type {Record<string, Record<string, number[]>>} */
  const samples = Object.fromEntries(PROVIDERS.map((p) => [p, { jsonParse: [], parse: [], validate: [], full: [] }]));
  for (let r = 0; r < SETUP.rounds; r++) {
    for (const p of PROVIDERS) {
      // Interleaved, so drift in machine load hits every variant alike.
      for (const [name, fn] of Object.entries(variants[p])) samples[p][name].push(timePerRecord(pages[p], fn, SETUP.roundMs));
    }
  }

  const perProvider = {};
  let sumJson = 0;
  let sumFull = 0;
  const overallRatios = samples[PROVIDERS[0]].full.map((_, i) =>
    PROVIDERS.reduce((a, p) => a + samples[p].full[i], 0) / PROVIDERS.reduce((a, p) => a + samples[p].jsonParse[i], 0));
  for (const p of PROVIDERS) {
    const ns = Object.fromEntries(Object.entries(samples[p]).map(([k, v]) => [k, median(v)]));
    sumJson += ns.jsonParse;
    sumFull += ns.full;
    // Paired: each round's ours over the same round's JSON.parse (adjacent in time, so under the same load).
    const roundRatios = samples[p].full.map((f, i) => f / samples[p].jsonParse[i]);
    perProvider[p] = {
      pages: pages[p].length,
      bytesPerRecord: round(pages[p].reduce((s, pg) => s + pg.text.length, 0) / pages[p].reduce((s, pg) => s + pg.records, 0), 0),
      nsPerRecord: Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, round(v, 0)])),
      backupsPerSecond: Math.round(1e9 / ns.full),
      jsonParsePerSecond: Math.round(1e9 / ns.jsonParse),
      ratio: median(roundRatios),
      ratioOfMedians: ns.full / ns.jsonParse,
      ratioSpread: { min: round(Math.min(...roundRatios), 3), max: round(Math.max(...roundRatios), 3) },
      // Where the time beyond JSON.parse goes.
      breakdownNs: {
        parseBody: round(ns.parse, 0),
        schemas: round(ns.validate - ns.parse, 0),
        mapAndRest: round(ns.full - ns.validate, 0),
      },
    };
  }
  await report({
    setup: SETUP,
    perProvider,
    overall: {
      backupsPerSecond: Math.round((1e9 * PROVIDERS.length) / sumFull),
      jsonParsePerSecond: Math.round((1e9 * PROVIDERS.length) / sumJson),
      ratio: median(overallRatios),
      ratioOfMedians: sumFull / sumJson,
    },
    sink: sink > 0,
  });
}

await main();
