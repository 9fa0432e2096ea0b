import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type EmulatedBackup, type EmulatorFaults, type RequestLogEntry, type RunningEmulator } from '../../src/emulator/index.js';
import {
  AuthenticationError,
  BACKUP_METHODS,
  BACKUP_MODES,
  BACKUP_STATUSES,
  BACKUP_TYPES,
  ConfigurationError,
  createBackupClient,
  CredentialsNotFoundError,
  NotFoundError,
  PartialFailureError,
  PermissionError,
  ProviderApiError,
  ResponseValidationError,
  ThrottlingError,
  TransportError,
  type Backup,
  type BackupProgress,
  type BackupQuery,
  type BackupSource,
  type InstanceInfo,
  type ListingFailure,
  type ProviderName,
  type RetryEvent,
} from '../../src/index.js';
import { providerEntry } from '../../src/providers/registry.js';
import { expectedOf, expectSameBackups, expectSameInstances } from '../e2e/compare.js';
import { emulatorSource, emulatorSources, placesOf, type SourceOverrides, type SourcePlace } from '../e2e/sources.js';
import { restoreEnv, withoutCloudCredentials } from '../helpers/clean-env.js';
import { recordSentRequests } from '../helpers/sent-requests.js';

/** What a provider's API can do, as far as the shared contract cares. */
export interface SourceCapabilities {
  /** The backup listing call, as the emulator's request log names it. */
  backupsAction: string;
  /** The instance discovery call. */
  discoveryAction: string;
  /** How the backup listing pages, and the request parameters that say which page. */
  paging: { kind: 'page-number'; number: string; size: string; pageSize: number } | { kind: 'offset'; offset: string; limit: string; pageSize: number } | { kind: 'single' };
  /** 'required': every listing call carries a window; 'optional': only when the query has bounds; 'none': never. */
  timeWindow: { kind: 'none' } | { kind: 'optional' | 'required'; since: string; until: string };
  /** The request parameter a single-valued filter is sent as, for the filters the API applies itself. */
  pushdown: Partial<Record<'status' | 'mode' | 'type', string>>;
  /** Rows of one backup job (one per shard) come out as one backup with its parts. */
  groupsParts: boolean;
  /**
   * The error class a call in a region the account may not use (the emulator's `denyRegion`) becomes. PermissionError
   * wherever the provider documents a permission error; see the provider's file where it is not.
   */
  deniedRegion: typeof PermissionError | typeof AuthenticationError;
}

/** What a provider's own file gets to add provider-specific cases that share the contract's emulator. */
export interface ContractContext {
  readonly provider: ProviderName;
  readonly capabilities: SourceCapabilities;
  /** The suite's emulator: 2 accounts x 2 regions x 2 instances x 110 backups, anchored at ANCHOR. */
  emu(): RunningEmulator;
  /** A source at a place of the emulator (first account, first place by default); closed after the test. */
  source(overrides?: SourceOverrides, place?: SourcePlace): BackupSource;
  /** The instances of one place, as discovery reports them (what `listBackups` should be given). */
  instancesAt(place?: SourcePlace): Promise<InstanceInfo[]>;
  /** Backup listing calls in the emulator's log since the last `emu().clearRequestLog()`. */
  backupCalls(): RequestLogEntry[];
}

export interface SourceContract {
  provider: ProviderName;
  capabilities: SourceCapabilities;
  /** Provider-specific cases, run inside the contract's describe with its emulator. */
  extra?: (context: ContractContext) => void;
}

/** The data's anchor: the newest backup ends just before it. Pinned, so every run lists the same data. */
export const ANCHOR = new Date('2026-05-01T00:00:00Z');
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 12, budget: 100_000 };

const rendered = (error: unknown): string[] => {
  const e = error as Error & { url?: string };
  return [e.message, JSON.stringify(error), inspect(error, { depth: 6 }), String(e.url), String(error)];
};

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the listing to fail');
}

/** The signature parts of a signed request (query Signature, Authorization's Signature=), to look for in errors. */
function signaturesIn(requests: readonly { url: string; headers?: Record<string, string> }[]): string[] {
  const out: string[] = [];
  for (const r of requests) {
    const query = new URL(r.url).searchParams.get('Signature');
    if (query) out.push(query, encodeURIComponent(query));
    const auth = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    const m = auth ? /Signature=([^,\s]+)/.exec(auth) : null;
    if (m) out.push(m[1]!);
  }
  return out;
}

/**
 * The contract every source meets against the emulator: it lists exactly the emulator's ground truth (every account
 * and region), discovers its instances, pages (and survives new backups appearing mid-walk), retries what can be
 * retried, reports auth, permission and not-found errors naming what failed and never showing a secret, filters
 * exactly, asks for windows as its API wants, stops requesting when the consumer leaves, and validates its options
 * when the factory is called. Each provider's test file calls it with its capabilities.
 */
export function testSource({ provider, capabilities, extra }: SourceContract): void {
  describe(`source contract: ${provider}`, () => {
    let emu: RunningEmulator;
    const open: BackupSource[] = [];
    const track = (s: BackupSource) => (open.push(s), s);
    const truth = (filter: (b: EmulatedBackup) => boolean = () => true) => emu.groundTruth.backups(provider).filter(filter);
    const backupCalls = () => emu.requestLog().filter((e) => e.action === capabilities.backupsAction || e.action === 'DescribeClusterBackupList');
    const firstPlace = () => ({ account: emu.accounts[0]!.name, location: placesOf(emu, provider)[0]! });
    const context: ContractContext = {
      provider,
      capabilities,
      emu: () => emu,
      source: (overrides, place) => track(emulatorSource(emu, provider, overrides, place)),
      instancesAt: (place) => track(emulatorSource(emu, provider, {}, place)).listInstances(),
      backupCalls,
    };
    /** The backups of one place, listed instance by instance with what discovery knew. */
    const listPlace = async (query: BackupQuery = {}, overrides: SourceOverrides = {}) => {
      const source = context.source(overrides);
      const out: Backup[] = [];
      for (const instance of await source.listInstances()) out.push(...(await source.listBackups({ ...query, instanceId: instance.instanceId, instance }).toArray()));
      return out;
    };
    const atFirstPlace = (b: EmulatedBackup) => b.account === firstPlace().account && emu.groundTruth.instances(provider).some((i) => i.instanceId === b.instanceId && i.account === b.account && placeOf(i.region) === firstPlace().location);
    /** The place (region, or site) a truth region is listed from. */
    const placeOf = (region: string) => (providerEntry(provider).location.key === 'site' ? siteOf(region) : region);
    const sites = new Map<string, string>();
    const siteOf = (region: string) => sites.get(region) ?? region;

    beforeAll(async () => {
      emu = await startEmulator({ seed: 11, accounts: 2, regions: 2, instances: 2, backupsPerInstance: 110, anchorTime: ANCHOR });
      if (providerEntry(provider).location.key === 'site') {
        // Which site serves which region is the emulator's to say: ask each site what it lists.
        for (const site of placesOf(emu, provider)) {
          for (const instance of await track(emulatorSource(emu, provider, {}, { location: site })).listInstances()) sites.set(instance.region, site);
        }
      }
    });
    afterEach(() => {
      for (const s of open.splice(0)) s.close();
      emu.setFaults({});
      emu.setLatency(0);
      emu.clearDenials();
      emu.clearRequestLog();
      vi.restoreAllMocks();
    });
    afterAll(() => emu.close());

    describe('listing', () => {
      it('lists exactly the ground truth of every account and region, each backup labelled with both', async () => {
        const client = createBackupClient({ sources: emulatorSources(emu, provider).map(track) });
        const listed = await client.backups().toArray();
        expectSameBackups(listed, truth());
        expect(new Set(listed.map((b) => `${b.account}|${b.region}`)).size).toBe(emu.accounts.length * emu.regions[provider].length);
      });

      it('discovers exactly the instances the emulator serves, with their account, region, name, engine and creation time', async () => {
        const found = (await createBackupClient({ sources: emulatorSources(emu, provider).map(track) }).instances()).map((t) => t.instance);
        expectSameInstances(found, emu.groundTruth.instances(provider));
      });

      it('labels everything with the account option, default "default"', async () => {
        const [instance] = await context.instancesAt();
        const labelled = await context.source({ account: 'prod-eu' }).listBackups({ instanceId: instance!.instanceId }).toArray({ limit: 3 });
        expect(labelled.map((b) => b.account)).toEqual(['prod-eu', 'prod-eu', 'prod-eu']);
        const source = track(providerEntry(provider).create(optionsOf(context.source())));
        expect(source.account).toBe('default');
      });

      it('keeps every backup consistent with the model: a job is the sum of its parts, ordered by node', async () => {
        const listed = await listPlace();
        expect(listed.some((b) => b.parts !== undefined)).toBe(capabilities.groupsParts);
        for (const b of listed) {
          if (!b.parts) continue;
          expect(capabilities.groupsParts).toBe(true);
          const nodes = b.parts.map((p) => `${p.nodeId ?? ''}\u0000${p.id}`);
          expect(nodes).toEqual([...nodes].sort());
          if (b.parts.every((p) => p.sizeBytes !== undefined)) expect(b.sizeBytes).toBe(b.parts.reduce((n, p) => n + p.sizeBytes!, 0));
          expect(Math.min(...b.parts.map((p) => (p.startTime ?? b.startTime).getTime()))).toBe(b.startTime.getTime());
        }
      });
    });

    describe('paging', () => {
      it(`asks for pages the ${capabilities.paging.kind} way and lists them in order`, async () => {
        const [instance] = await context.instancesAt();
        emu.clearRequestLog();
        const rows: number[] = [];
        const listed = await context
          .source({ pageConcurrency: 1 })
          .listBackups({ instanceId: instance!.instanceId, instance, observer: { onPage: (e) => rows.push(e.rows) } })
          .toArray();
        expect(listed.map((b) => b.id)).toEqual(truth((b) => b.instanceId === instance!.instanceId).map((b) => expectedOf(b).id));
        const calls = backupCalls();
        // The observer hears of every page the API answered, with the rows it served.
        expect(rows).toHaveLength(calls.length);
        expect(rows.reduce((a, b) => a + b, 0)).toBe(listed.length);
        const paging = capabilities.paging;
        if (paging.kind === 'single') {
          expect(calls).toHaveLength(1);
        } else if (paging.kind === 'page-number') {
          expect(calls.map((c) => [c.params[paging.number], c.params[paging.size]])).toEqual(calls.map((_, i) => [String(i + 1), String(paging.pageSize)]));
          expect(calls).toHaveLength(Math.ceil(listed.length / paging.pageSize));
        } else {
          expect(calls.map((c) => [c.params[paging.offset], c.params[paging.limit]])).toEqual(calls.map((_, i) => [String(i * paging.pageSize), String(paging.pageSize)]));
          expect(calls).toHaveLength(Math.ceil(listed.length / paging.pageSize));
        }
      });

      const paged = capabilities.paging.kind === 'single' ? undefined : capabilities.paging;
      if (paged) it('prefetches the pages after the first concurrently, once the first gave the total', async () => {
        const many = await startEmulator({ seed: 2, instances: { [provider]: 1 }, backupsPerInstance: { [provider]: paged.pageSize * 3 + 1 }, anchorTime: ANCHOR, latency: 150, shapes: 'none' });
        try {
          const source = track(emulatorSource(many, provider, { pageConcurrency: 4 }));
          const [instance] = await source.listInstances();
          many.resetConcurrency();
          many.clearRequestLog();
          expect(await source.listBackups({ instanceId: instance!.instanceId, instance }).toArray()).toHaveLength(paged.pageSize * 3 + 1);
          const calls = many.requestLog().filter((e) => e.action === capabilities.backupsAction);
          expect(calls).toHaveLength(4);
          // Page 1 was answered before any other page was asked for; pages 2..4 were all asked for before page 2 was answered.
          const [first, ...rest] = calls.sort((a, b) => a.receivedAt - b.receivedAt);
          expect(rest.every((c) => c.receivedAt >= first!.respondedAt!)).toBe(true);
          expect(Math.max(...rest.map((c) => c.receivedAt))).toBeLessThan(Math.min(...rest.map((c) => c.respondedAt!)));
          expect(many.concurrency().max).toBe(3);
        } finally {
          await many.close();
        }
      });

      it('has no duplicates and loses no backup when new backups appear between page requests', async () => {
        const drifting = await startEmulator({ seed: 5, instances: { [provider]: 1 }, backupsPerInstance: { [provider]: 350 }, anchorTime: ANCHOR });
        try {
          const source = track(emulatorSource(drifting, provider));
          const [instance] = await source.listInstances();
          const before = drifting.groundTruth.backups(provider).map((b) => expectedOf(b).id);
          drifting.setFaults({ driftPerPage: 3 });
          const ids = (await source.listBackups({ instanceId: instance!.instanceId, instance }).toArray()).map((b) => b.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expect.arrayContaining(before));
          const grew = drifting.groundTruth.backups(provider).length - before.length;
          // Backups the walk saw appear are listed too, or left for the next listing: never half of one twice.
          expect(ids.length).toBeGreaterThanOrEqual(before.length);
          expect(ids.length).toBeLessThanOrEqual(before.length + grew);
          if (capabilities.paging.kind !== 'single') expect(grew).toBeGreaterThan(0);
        } finally {
          await drifting.close();
        }
      });
    });

    describe('retries', () => {
      const faultKinds: [string, EmulatorFaults, (e: RetryEvent['error']) => boolean][] = [
        ['throttling', { throttleRate: 1 }, (e) => e instanceof ThrottlingError && e.retryable],
        ['a 5xx', { serverErrorRate: 1 }, (e) => e instanceof ProviderApiError && !(e instanceof ThrottlingError) && (e.httpStatus ?? 0) >= 500],
        ['a connection reset', { resetRate: 1 }, (e) => e instanceof TransportError && e.kind === 'connection'],
        ['a malformed body', { malformedRate: 1 }, (e) => e instanceof ResponseValidationError],
        ['a truncated body', { truncatedRate: 1 }, (e) => e instanceof ResponseValidationError],
      ];
      it.each(faultKinds)('retries %s, re-signed, and still lists exactly the instance', async (_kind, faults, is) => {
        const [instance] = await context.instancesAt();
        const retries: RetryEvent[] = [];
        emu.setFaults(faults);
        const listed = await context
          .source()
          .listBackups({ instanceId: instance!.instanceId, instance, observer: { onRetry: (e) => (retries.push(e), emu.setFaults({})) } })
          .toArray();
        expectSameBackups(listed, truth((b) => b.instanceId === instance!.instanceId));
        expect(retries).toHaveLength(1);
        expect(is(retries[0]!.error), retries[0]!.error.name).toBe(true);
      });

      it('lists exactly the ground truth while throttling, 5xx, resets, malformed and truncated bodies come at random', async () => {
        emu.setFaults({ throttleRate: 0.1, serverErrorRate: 0.05, resetRate: 0.04, malformedRate: 0.03, truncatedRate: 0.03 });
        let progress: BackupProgress | undefined;
        const client = createBackupClient({ sources: emulatorSources(emu, provider, { retry: FAST_RETRY }).map(track), onProgress: (p) => (progress = p) });
        expectSameBackups(await client.backups().toArray(), truth());
        expect(progress!.retries).toBeGreaterThan(0);
        expect(progress!.failures).toBe(0);
      });

      it('counts the retries of discovery in the progress too', async () => {
        emu.setFaults({ throttleRate: 1 });
        const seen: BackupProgress[] = [];
        const client = createBackupClient({
          sources: [context.source()],
          onProgress: (p) => {
            seen.push(p);
            if (p.retries > 0) emu.setFaults({});
          },
        });
        expectSameBackups(await client.backups().toArray(), truth(atFirstPlace));
        const firstRetry = seen.find((p) => p.retries > 0)!;
        expect(firstRetry.instancesTotal).toBe(0);
        expect(seen.at(-1)!.retries).toBe(1);
      });
    });

    describe('errors', () => {
      it('an unknown instance is a NotFoundError naming it, not retried', async () => {
        emu.clearRequestLog();
        const error = await errorOf(() => context.source().listBackups({ instanceId: 'no-such-instance' }).toArray());
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as NotFoundError).instanceId).toBe('no-such-instance');
        expect((error as NotFoundError).message).toContain('no-such-instance');
        expect((error as NotFoundError).retryable).toBe(false);
        expect(backupCalls()).toHaveLength(1);
      });

      it('a wrong secret is an AuthenticationError, not retried, showing no secret, token or signature; the failure names the instance', async () => {
        const sts = emu.stsCredentials;
        const wrong = { accessKeyId: sts.accessKeyId, accessKeySecret: 'definitely-wrong-secret', securityToken: sts.securityToken };
        const [instance] = await context.instancesAt();
        const sent = recordSentRequests();
        const failures: ListingFailure[] = [];
        const client = createBackupClient({ sources: [context.source({ credentials: wrong, instances: [instance!.instanceId] })], onError: (f) => failures.push(f) });
        expect(await client.backups().toArray()).toEqual([]);
        expect(failures).toHaveLength(1);
        expect(failures[0]).toMatchObject({ provider, account: emu.accounts[0]!.name, instanceId: instance!.instanceId });
        const error = failures[0]!.error;
        expect(error).toBeInstanceOf(AuthenticationError);
        expect((error as AuthenticationError).retryable).toBe(false);
        expect(sent).toHaveLength(1);
        const secrets = ['definitely-wrong-secret', sts.securityToken, encodeURIComponent(sts.securityToken), ...signaturesIn(sent)];
        for (const text of [...rendered(error), ...rendered(new PartialFailureError(failures))]) {
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
      });

      it('an access key the cloud does not know is an AuthenticationError', async () => {
        const error = await errorOf(() => context.source({ credentials: { accessKeyId: 'LTAI5tNOBODY0000000000', accessKeySecret: 'x' } }).listInstances());
        expect(error).toBeInstanceOf(AuthenticationError);
      });

      it(`a region the account may not use is a ${capabilities.deniedRegion.name} for that source only; every other backup is listed`, async () => {
        const denied = emu.regions[provider][0]!;
        emu.denyRegion({ provider, region: denied, account: emu.accounts[0]!.name });
        const failures: ListingFailure[] = [];
        const listed = await createBackupClient({ sources: emulatorSources(emu, provider).map(track), onError: (f) => failures.push(f) }).backups().toArray();
        expectSameBackups(listed, truth((b) => !(b.account === emu.accounts[0]!.name && b.region === denied)));
        expect(failures.length).toBeGreaterThan(0);
        for (const f of failures) {
          expect(f.error).toBeInstanceOf(capabilities.deniedRegion);
          expect(f.error.constructor).toBe(capabilities.deniedRegion);
          expect(f.account).toBe(emu.accounts[0]!.name);
        }
      });
    });

    describe('filters', () => {
      const subset = <T extends string>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });

      it('list exactly the filtered truth for any combination of status, mode, type and method', async () => {
        const source = context.source();
        const instances = await source.listInstances();
        const mine = new Set(instances.map((i) => i.instanceId));
        await fc.assert(
          fc.asyncProperty(subset(BACKUP_STATUSES), subset(BACKUP_MODES), subset(BACKUP_TYPES), subset(BACKUP_METHODS), async (status, mode, type, method) => {
            const query: BackupQuery = { status, mode, type, method };
            const listed: Backup[] = [];
            for (const instance of instances) listed.push(...(await source.listBackups({ ...query, instanceId: instance.instanceId, instance }).toArray()));
            const keep = (b: EmulatedBackup) =>
              mine.has(b.instanceId) && (!status || status.includes(b.status)) && (!mode || mode.includes(b.mode)) && (!type || type.includes(b.type)) && (!method || method.includes(b.method));
            expectSameBackups(listed, truth(keep));
          }),
          { seed: 17, numRuns: 12 },
        );
      });

      it('send a single-valued filter the API has as its parameter, and two values never', async () => {
        const [instance] = await context.instancesAt();
        for (const [filter, param] of Object.entries(capabilities.pushdown)) {
          const one = filter === 'status' ? 'failed' : filter === 'mode' ? 'manual' : 'incremental';
          const two = filter === 'status' ? ['failed', 'success'] : filter === 'mode' ? ['manual', 'automated'] : ['incremental', 'full'];
          emu.clearRequestLog();
          await context.source().listBackups({ instanceId: instance!.instanceId, instance, [filter]: one }).toArray();
          expect(backupCalls().every((c) => param in c.params), `${filter} ${one} as ${param}`).toBe(true);
          emu.clearRequestLog();
          await context.source().listBackups({ instanceId: instance!.instanceId, instance, [filter]: two }).toArray();
          expect(backupCalls().some((c) => param in c.params), `${filter} ${two.join(',')}`).toBe(false);
        }
        // Filters the API lacks are applied by the client alone: nothing about them is sent.
        emu.clearRequestLog();
        await context.source().listBackups({ instanceId: instance!.instanceId, instance, method: 'logical', status: ['running', 'deleting'] }).toArray();
        const sent = new Set(backupCalls().flatMap((c) => Object.keys(c.params)));
        const pushed = new Set(Object.values(capabilities.pushdown));
        for (const param of sent) expect(pushed.has(param) ? param : 'ok').toBe('ok');
      });

      it('include since and exclude until, on exact instants, and ask the API for a window that holds them', async () => {
        const [instance] = await context.instancesAt();
        const all = truth((b) => b.instanceId === instance!.instanceId).sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
        const since = all[Math.floor(all.length / 3)]!.startTime;
        const until = all[Math.floor((2 * all.length) / 3)]!.startTime;
        emu.clearRequestLog();
        const listed = await context.source().listBackups({ instanceId: instance!.instanceId, instance, since, until }).toArray();
        expectSameBackups(listed, all.filter((b) => b.startTime >= since && b.startTime < until));
        expect(listed.some((b) => b.startTime.getTime() === since.getTime())).toBe(true);
        // A millisecond later, the backup at `since` is out, although the API (minute or second precision) still serves it.
        const later = await context.source().listBackups({ instanceId: instance!.instanceId, instance, since: new Date(since.getTime() + 1), until }).toArray();
        expect(later.map((b) => b.id)).toEqual(listed.filter((b) => b.startTime.getTime() !== since.getTime()).map((b) => b.id));
        if (capabilities.timeWindow.kind !== 'none') {
          const { since: from, until: to } = capabilities.timeWindow;
          for (const call of backupCalls()) expect([from in call.params, to in call.params]).toEqual([true, true]);
        }
      });
    });

    describe('time windows', () => {
      const window = capabilities.timeWindow;
      if (window.kind !== 'none') {
        it('lists an empty window with one request', async () => {
          const [instance] = await context.instancesAt();
          emu.clearRequestLog();
          const since = new Date(ANCHOR.getTime() + 86_400_000);
          expect(await context.source().listBackups({ instanceId: instance!.instanceId, instance, since }).toArray()).toEqual([]);
          expect(backupCalls()).toHaveLength(1);
        });
      }

      it(window.kind === 'required' ? 'asks every page for a window, from the creation time discovery reported' : `asks for ${window.kind === 'none' ? 'no window, ever' : 'a window only when the query has bounds'}`, async () => {
        const [instance] = await context.instancesAt();
        emu.clearRequestLog();
        await context.source().listBackups({ instanceId: instance!.instanceId, instance }).toArray();
        const calls = backupCalls();
        expect(calls.length).toBeGreaterThan(0);
        if (window.kind === 'none') {
          await context.source().listBackups({ instanceId: instance!.instanceId, instance, since: new Date('2026-01-01T00:00:00Z') }).toArray();
          expect(backupCalls().length).toBe(calls.length + 1);
          for (const call of backupCalls()) expect(Object.keys(call.params).some((k) => /time/i.test(k) && k !== 'Timestamp')).toBe(false);
          return;
        }
        for (const call of calls) expect([window.since in call.params, window.until in call.params]).toEqual([window.kind === 'required', window.kind === 'required']);
        if (window.kind === 'required') {
          const created = instance!.createdAt!;
          // Widened to a whole minute at most: the window starts at the instance's creation.
          const start = Date.parse(calls[0]!.params[window.since]!);
          expect(created.getTime() - start).toBeGreaterThanOrEqual(0);
          expect(created.getTime() - start).toBeLessThan(60_000);
          expect(new Set(calls.map((c) => `${c.params[window.since]}|${c.params[window.until]}`)).size).toBe(1);
        }
      });
    });

    describe('credentials from the environment', () => {
      const [idVariable, secretVariable] = providerEntry(provider).credentialVariables;
      let home: string | undefined;
      beforeEach(() => {
        home = withoutCloudCredentials();
      });
      afterEach(() => restoreEnv(home));

      it(`a user with only ${idVariable} and ${secretVariable} set lists the backups; they are read on the first request`, async () => {
        const source = context.source({ credentials: undefined });
        vi.stubEnv(idVariable, emu.credentials.accessKeyId);
        vi.stubEnv(secretVariable, emu.credentials.accessKeySecret);
        const listed: Backup[] = [];
        for (const instance of await source.listInstances()) listed.push(...(await source.listBackups({ instanceId: instance.instanceId, instance }).toArray()));
        expectSameBackups(listed, truth(atFirstPlace));
      });

      it('the credentials option wins over the environment', async () => {
        vi.stubEnv(idVariable, 'an-id-from-the-environment');
        vi.stubEnv(secretVariable, 'a-secret-from-the-environment');
        const [instance] = await context.instancesAt();
        expectSameBackups(await context.source().listBackups({ instanceId: instance!.instanceId, instance }).toArray(), truth((b) => b.instanceId === instance!.instanceId));
      });

      it(`with no credentials anywhere: a CredentialsNotFoundError naming ${idVariable}, and nothing sent`, async () => {
        emu.clearRequestLog();
        const error = await errorOf(() => context.source({ credentials: undefined }).listBackups({ instanceId: 'any' }).toArray());
        expect(error).toBeInstanceOf(CredentialsNotFoundError);
        expect((error as Error).message).toContain(idVariable);
        expect((error as CredentialsNotFoundError).tried.join(' ')).toContain(secretVariable);
        expect(emu.requestLog()).toEqual([]);
      });
    });

    describe('cancellation', () => {
      let whole: number | undefined;
      /** Requests a whole listing of every place signs, one instance at a time (counted once per suite). */
      const wholeListing = async (sent: unknown[]) => {
        if (whole === undefined) {
          await createBackupClient({ sources: emulatorSources(emu, provider).map(track), concurrency: 1 }).backups().toArray();
          whole = sent.length;
        }
        sent.length = 0;
        return whole;
      };
      const settled = () => new Promise((resolve) => setImmediate(resolve));

      it('starts no request once the consumer has left, and leaves most of the listing unrequested', async () => {
        const sent = recordSentRequests();
        const whole = await wholeListing(sent);
        const client = createBackupClient({ sources: emulatorSources(emu, provider, { pageConcurrency: 2 }).map(track), concurrency: 1 });
        let n = 0;
        for await (const _ of client.backups()) if (++n === 5) break;
        // Leaving the loop aborted the listing and waited for every walk to end: nothing may follow.
        const atExit = sent.length;
        await settled();
        expect(sent.length).toBe(atExit);
        expect(atExit).toBeLessThan(whole);
      });

      it('stops when the caller aborts, with an AbortError, and sends nothing after', async () => {
        const sent = recordSentRequests();
        const whole = await wholeListing(sent);
        const controller = new AbortController();
        const client = createBackupClient({ sources: emulatorSources(emu, provider).map(track), concurrency: 1 });
        const error = await errorOf(async () => {
          for await (const _ of client.backups({ signal: controller.signal })) controller.abort();
        });
        expect((error as Error).name).toBe('AbortError');
        const atExit = sent.length;
        await settled();
        expect(sent.length).toBe(atExit);
        expect(atExit).toBeLessThan(whole);
      });
    });

    describe('options', () => {
      it.each([
        [{ pageConcurrency: 1.5 }, 'pageConcurrency'],
        [{ timeoutMs: -1 }, 'timeoutMs'],
        [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
        [{ maxPages: 0 }, 'maxPages'],
        [{ instances: [''] }, 'instances.0'],
        [{ pageSize: 50 }, 'pageSize'],
      ] as const)('%j is refused when the factory is called, naming the field', (bad, field) => {
        const valid = optionsOf(context.source());
        let error: unknown;
        try {
          providerEntry(provider).create({ ...valid, ...bad });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as ConfigurationError).field).toBe(field);
        expect((error as ConfigurationError).provider).toBe(provider);
      });
    });

    extra?.(context);
  });
}

/** A valid set of options for a source like this one, for factory calls. */
function optionsOf(source: BackupSource): Record<string, unknown> {
  return { [providerEntry(source.provider).location.key]: source.region, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } };
}
