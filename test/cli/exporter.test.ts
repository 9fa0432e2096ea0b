import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { MemoryStream, run, stubCredentials, testIO } from './harness.js';
import { parseExposition, type Sample } from './exposition.js';

/**
 * `cloud-backups exporter`: the CLI wiring of the library's exporter core. /metrics serves the last completed
 * collection (the previous one while a collection runs), and a scrape never lists anything.
 */

const ANCHOR = new Date('2026-06-01T00:00:00Z');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 41, instances: 2, backupsPerInstance: 20, anchorTime: ANCHOR });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => stubCredentials(emu.credentials));
afterEach(() => {
  emu.setLatency(0);
  vi.unstubAllEnvs();
});

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text()).samples;
}

const value = (samples: Sample[], name: string, instanceId?: string) =>
  samples.find((s) => s.name === name && (instanceId === undefined || s.labels.instance_id === instanceId))?.value;

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met in time');
}

describe('exporter', () => {
  it('serves the last completed collection; while one runs, the previous values; scrapes send no request', async () => {
    const io = testIO();
    const stdout = io.stdout as MemoryStream;
    const args = ['exporter', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--region', emu.aliyunRegion, '--max-age', '26h', '--latest-failed', '--listen', '127.0.0.1:0', '--interval', '2s'];
    const running = run(args, io);
    await stdout.waitFor('Press Ctrl-C');
    const url = /serving (http:\/\/127\.0\.0\.1:\d+)\/metrics and \S+\/healthz/.exec(stdout.text)![1]!;
    await io.stderr.waitFor('collection 1:');
    expect(io.stderr.text).toMatch(/^\S+ collection 1: 2 instances \(\d+ alarm, 0 warn, 0 error, \d+ ok\), 0 listing errors in [\d.]+ s\n/);

    // Scrapes read the finished collection; none of them sends a request (the next collection is 2 s away).
    emu.clearRequestLog();
    const first = await scrape(url);
    await scrape(url);
    expect(emu.requestLog()).toHaveLength(0);
    const [instance] = emu.groundTruth.instances('aliyun-rds');
    const newest = emu.groundTruth.backups('aliyun-rds', instance!.instanceId).find((b) => b.status === 'success')!;
    const firstStamp = value(first, 'cloud_backups_last_success_timestamp_seconds', instance!.instanceId);
    expect(firstStamp).toBe((newest.endTime ?? newest.startTime).getTime() / 1000);
    expect(value(first, 'cloud_backups_collect_running')).toBe(0);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; running: boolean; lastCollection: string | null };
    expect(health).toMatchObject({ status: 'ok', running: false });
    expect(health.lastCollection).not.toBeNull();

    // The instance's newest backups go away, and the next collection is slow: while it runs, scrapes serve the first.
    emu.stopBackups('aliyun-rds', instance!.instanceId, new Date(newest.startTime.getTime() - 1));
    emu.setLatency(150);
    await until(async () => ((await (await fetch(`${url}/healthz`)).json()) as { running: boolean }).running);
    const during = await scrape(url);
    expect(value(during, 'cloud_backups_collect_running')).toBe(1);
    expect(value(during, 'cloud_backups_last_success_timestamp_seconds', instance!.instanceId)).toBe(firstStamp);
    expect(io.stderr.text).not.toContain('collection 2:');

    emu.setLatency(0);
    await io.stderr.waitFor('collection 2:');
    const after = await scrape(url);
    expect(value(after, 'cloud_backups_last_success_timestamp_seconds', instance!.instanceId)).toBeLessThan(firstStamp!);

    io.controller.abort();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Exporter stopped\.\n$/);
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  }, 30_000);

  it.each([
    [['--listen', 'localhost'], '--listen "localhost" is not an address'],
    [['--interval', '5'], '--interval "5" has no unit'],
    [['--max-age', 'soon'], '--max-age'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await run(['exporter', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--region', emu.aliyunRegion, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('a --listen address in use is a usage error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const result = await run(['exporter', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--region', emu.aliyunRegion, '--listen', `127.0.0.1:${port}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Cannot listen on 127.0.0.1:${port} (EADDRINUSE): choose another --listen`);
    } finally {
      server.close();
    }
  });
});
