import { afterEach, describe, expect, it } from 'vitest';
import { createExporter, type CollectionEvent, type Exporter } from '../../src/audit/exporter.js';
import { parseListen } from '../../src/audit/listen.js';
import { AUDIT_METRICS, EXPORTER_METRICS } from '../../src/audit/metric-names.js';
import { ConfigurationError, createBackupClient } from '../../src/index.js';
import { parseExposition } from './exposition.js';
import { HOUR_MS, dailyBackups, memorySource, type MemoryInstance, type MemoryRequest } from './memory-provider.js';

const exporters: Exporter[] = [];
afterEach(async () => {
  await Promise.all(exporters.splice(0).map((e) => e.close()));
});

/** A gate a test closes to hold a collection mid-way, and opens to let it finish. */
function gate() {
  let open = true;
  let waiting: (() => void)[] = [];
  return {
    wait: () => (open ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    close: () => {
      open = false;
    },
    open: () => {
      open = true;
      for (const w of waiting.splice(0)) w();
      waiting = [];
    },
    get waiting() {
      return waiting.length;
    },
  };
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

async function scrape(exporter: Exporter, path = '/metrics'): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${exporter.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

const lastSuccess = (body: string) => parseExposition(body).get(AUDIT_METRICS.lastSuccessTimestamp)?.samples[0]?.value;

describe('createExporter', () => {
  it('serves the last completed collection while the next one runs, and a scrape never lists', async () => {
    const now = Date.now();
    const instance: MemoryInstance = { backups: dailyBackups(new Date(now), 5) };
    const log: MemoryRequest[] = [];
    const hold = gate();
    const events: CollectionEvent[] = [];
    const client = createBackupClient({ sources: [memorySource({ instances: { a: instance }, log, gate: hold.wait })] });
    const exporter = await createExporter({ client, rules: { maxAge: '26h' }, interval: '1h', listen: '127.0.0.1:0', onCollect: (e) => events.push(e) });
    exporters.push(exporter);
    await until(() => events.length === 1, 'the first collection');
    expect(events[0]!.ok).toBe(true);

    const first = await scrape(exporter);
    expect(first.status).toBe(200);
    expect(first.type).toContain('text/plain');
    const before = lastSuccess(first.body);
    expect(before).toBe((now - HOUR_MS + 30 * 60_000) / 1000);

    // A newer backup appears; the next collection is held mid-way.
    instance.backups.push({ id: 'fresh', status: 'success', startTime: new Date(now - 60_000), endTime: new Date(now - 30_000), sizeBytes: 5 });
    hold.close();
    const second = exporter.collect();
    await until(() => hold.waiting > 0, 'the second collection to start listing');
    const requests = log.length;
    for (let i = 0; i < 5; i++) {
      const during = await scrape(exporter);
      expect(lastSuccess(during.body)).toBe(before);
      expect(parseExposition(during.body).get(EXPORTER_METRICS.collectRunning)!.samples[0]!.value).toBe(1);
    }
    expect(log.length).toBe(requests);
    // Joining the running collection starts no second one.
    expect(exporter.collect()).toBe(second);

    hold.open();
    await second;
    const after = await scrape(exporter);
    expect(lastSuccess(after.body)).toBe((now - 30_000) / 1000);
    const families = parseExposition(after.body);
    expect(families.get(EXPORTER_METRICS.collectRunning)!.samples[0]!.value).toBe(0);
    expect(families.get(EXPORTER_METRICS.collections)!.samples.map((s) => [s.labels.result, s.value])).toEqual([['success', 2], ['error', 0]]);

    // Scrapes after a collection do not list either.
    const settled = log.length;
    await scrape(exporter);
    await scrape(exporter);
    expect(log.length).toBe(settled);
  });

  it('before the first collection ends, serves only its own metrics; /healthz reports the state', async () => {
    const hold = gate();
    hold.close();
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: dailyBackups(new Date(), 2) } }, gate: hold.wait })] });
    const exporter = await createExporter({ client, listen: { host: '127.0.0.1', port: 0 } });
    exporters.push(exporter);
    await until(() => hold.waiting > 0, 'the first collection to start');
    const early = parseExposition((await scrape(exporter)).body);
    expect([...early.keys()].sort()).toEqual(Object.values(EXPORTER_METRICS).sort());
    const health = await scrape(exporter, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', running: true, lastCollection: null });
    hold.open();
    await exporter.collect();
    expect(JSON.parse((await scrape(exporter, '/healthz')).body)).toMatchObject({ running: false, lastError: null });
    expect(exporter.lastResult()?.findings.length).toBe(6);
    expect((await scrape(exporter, '/nope')).status).toBe(404);
    expect((await fetch(`${exporter.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('collects again `interval` after each collection ends', async () => {
    const events: CollectionEvent[] = [];
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: dailyBackups(new Date(), 2) } } })] });
    const exporter = await createExporter({ client, rules: { latestFailed: true }, interval: 20, listen: false, onCollect: (e) => events.push(e) });
    exporters.push(exporter);
    expect(exporter.url).toBeUndefined();
    await until(() => events.length >= 3, 'three collections');
    expect(events.every((e) => e.ok)).toBe(true);
    expect(parseExposition(await exporter.metrics()).get(AUDIT_METRICS.auditStatus)!.samples).toHaveLength(1);
  });

  it('closes cleanly: aborts a running collection, stops the schedule, and frees the port', async () => {
    const hold = gate();
    hold.close();
    const events: CollectionEvent[] = [];
    const client = createBackupClient({ sources: [memorySource({ instances: { a: { backups: [] } }, gate: hold.wait })] });
    const exporter = await createExporter({ client, interval: 10, listen: '127.0.0.1:0', onCollect: (e) => events.push(e) });
    await until(() => hold.waiting > 0, 'the collection to start');
    const url = exporter.url!;
    await exporter.close();
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
    hold.open();
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
  });

  it('refuses bad options at creation, not in the background', async () => {
    const client = createBackupClient({ sources: [memorySource({ instances: {} })] });
    await expect(createExporter({ client, rules: { maxAge: 'soon' } })).rejects.toMatchObject({ field: 'rules.maxAge' });
    await expect(createExporter({ client, interval: '5' })).rejects.toMatchObject({ field: 'interval' });
    await expect(createExporter({ client, listen: 'localhost' })).rejects.toMatchObject({ field: 'listen' });
    await expect(createExporter({ client: {} as never })).rejects.toBeInstanceOf(ConfigurationError);
    // A misspelt option would leave the default in place (an exporter collecting every 5 minutes, not hourly).
    const typo = { client, intervall: '1h', listen: false } as unknown as Parameters<typeof createExporter>[0];
    await expect(createExporter(typo)).rejects.toThrow('createExporter: unknown option "intervall". Did you mean "interval"?');
    const nested = { client, audit: { windows: '2d' }, listen: false } as unknown as Parameters<typeof createExporter>[0];
    await expect(createExporter(nested)).rejects.toThrow('createExporter: audit: unknown option "windows". Did you mean "window"?');
  });
});

describe('parseListen', () => {
  it('reads host:port forms', () => {
    expect(parseListen(undefined)).toEqual({ host: '127.0.0.1', port: 9469 });
    expect(parseListen('0.0.0.0:9100')).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(parseListen('[::1]:9469')).toEqual({ host: '::1', port: 9469 });
    expect(parseListen(':9469')).toEqual({ host: undefined, port: 9469 });
    expect(() => parseListen('host:99999')).toThrow(/port must be a whole number from 0 to 65535/);
    expect(() => parseListen({ port: 1.5 })).toThrow(ConfigurationError);
  });
});
