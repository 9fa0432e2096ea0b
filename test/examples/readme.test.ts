import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { RULE_NAMES } from '../../src/index.js';
import { restoreEnv, withoutCloudCredentials } from '../helpers/clean-env.js';
import { credentialsInEnvironment, key, plainModules, PROFILE_OF, PROVIDERS, readmeBlocks, readmeSection, runSnippet, snippetModules, writeProfiles } from './helpers.js';

const DAY = 86_400_000;

/** The README's code runs as written; only its sources are pointed at an emulator the test started. */
describe('README code', () => {
  let home: string | undefined;
  beforeEach(() => {
    home = withoutCloudCredentials();
  });
  afterEach(() => {
    restoreEnv(home);
    home = undefined;
  });

  it("the first example, against startEmulator() with no options, prints last week's failed backups (credentials from the environment)", async () => {
    const emu = await startEmulator();
    try {
      credentialsInEnvironment(emu.credentials);
      const [first] = readmeBlocks('Use it');
      const now = Date.now();
      const { logs } = await runSnippet(first!, snippetModules(emu.url), now);

      const printed = logs.filter((args) => (PROVIDERS as readonly unknown[]).includes(args[0]));
      const since = now - 7 * DAY;
      const truth = PROVIDERS.flatMap((p) => emu.groundTruth.backups(p)).filter((b) => b.status === 'failed' && b.startTime.getTime() >= since);
      expect(truth.length).toBeGreaterThan(0); // the emulator's history ends now: last week has failures
      expect(printed.map(([provider, , , instanceId, id]) => key({ provider, instanceId, id } as never)).sort()).toEqual(truth.map(key).sort());
      for (const [, account, , , , startTime] of printed) {
        expect(account).toBe('default');
        expect(Date.parse(startTime as string)).toBeGreaterThanOrEqual(since);
      }
      // The last line counts automated full backups: the toArray call ran too.
      expect(logs.at(-1)?.[1]).toBe('automated full backups');
      expect(logs.at(-1)?.[0]).toBeGreaterThan(0);
    } finally {
      await emu.close();
    }
  });

  it('the inventory example syncs, then reports every backup as new this week and each instance\'s last success', async () => {
    const emu = await startEmulator({ instances: 2, backupsPerInstance: 20 });
    try {
      credentialsInEnvironment(emu.credentials);
      const [block] = readmeBlocks('The inventory');
      const { logs } = await runSnippet(block!, snippetModules(emu.url));
      const truth = (['aliyun-rds', 'huawei-rds'] as const).flatMap((p) => emu.groundTruth.backups(p));
      expect(logs[0]).toEqual(['succeeded', truth.length, truth.length, 0, 0]);
      expect(logs[1]).toEqual([truth.length, 'backups appeared and', 0, 'disappeared this week']);
      const lastSuccess = new Map(logs.slice(2).map(([instanceId, startTime]) => [instanceId, startTime]));
      expect(lastSuccess.size).toBe(4);
      for (const [instanceId, startTime] of lastSuccess) {
        const newest = truth.filter((b) => b.instanceId === instanceId && b.status === 'success').sort((a, b) => b.startTime.getTime() - a.startTime.getTime())[0];
        expect(startTime).toBe(newest?.startTime.toISOString() ?? 'never');
      }
    } finally {
      await emu.close();
    }
  }, 120_000); // starting an embedded PostgreSQL takes seconds, more on a busy machine

  it('the Backup health example prints the audit\'s problems, its outcome, and each instance\'s last good backup', async () => {
    const emu = await startEmulator({ instances: 2, backupsPerInstance: 30 });
    try {
      credentialsInEnvironment(emu.credentials);
      const [block] = readmeBlocks('Backup health: latest, audit, policies');
      const { logs } = await runSnippet(block!, snippetModules(emu.url));
      const outcomeAt = logs.findIndex((args) => args[0] === 'ok' || args[0] === 'breach' || args[0] === 'incomplete');
      const problems = logs.slice(0, outcomeAt);
      expect(problems.length).toBeGreaterThan(0); // the emulator's history has breaches just before its anchor
      for (const [status, provider, , , , rule, reason] of problems) {
        expect(['warn', 'alarm', 'error']).toContain(status);
        expect(PROVIDERS).toContain(provider);
        expect(RULE_NAMES).toContain(rule);
        expect(typeof reason).toBe('string');
      }
      expect(logs[outcomeAt]![0]).toBe('breach');
      const latest = logs.slice(outcomeAt + 1);
      const instances = PROVIDERS.flatMap((p) => emu.groundTruth.instances(p));
      expect(latest).toHaveLength(instances.length - 2); // the emulator's Huawei and CapitalOnline instances that were never backed up have none
      for (const [label, provider, instanceId, startTime] of latest) {
        expect(label).toBe('last good backup');
        const newest = emu.groundTruth.backups(provider as (typeof PROVIDERS)[number], instanceId as string).filter((b) => b.status === 'success')[0];
        expect(startTime).toBe(newest!.startTime.toISOString());
      }
    } finally {
      await emu.close();
    }
  });

  it('the emulator example prints true: the client lists exactly the ground truth despite throttling', async () => {
    const [block] = readmeBlocks('The emulator');
    const { logs } = await runSnippet(block!, plainModules());
    expect(logs).toEqual([[true]]);
  });

  it("'List every region of every account' lists both accounts' failed backups in every region; the Permissions section names exactly the actions called", async () => {
    const emu = await startEmulator({ accounts: 2, regions: 2, instances: 3, backupsPerInstance: 30, anchorTime: new Date('2026-06-01T00:00:00Z') });
    try {
      writeProfiles(home!, emu);
      const [block] = readmeBlocks('List every region of every account');
      const first = readmeBlocks('Use it')[0]!;
      emu.clearRequestLog();
      const { logs } = await runSnippet(block!, snippetModules(emu.url));

      const truth = PROVIDERS.flatMap((p) => emu.groundTruth.backups(p)).filter((b) => b.status === 'failed');
      expect(new Set(truth.map((b) => b.account))).toEqual(new Set(['default', 'account-2']));
      const printed = logs.map(([account, provider, region, instanceId, id]) => `${account} ${provider} ${region} ${instanceId} ${id}`);
      expect(printed.sort()).toEqual(truth.map((b) => `${PROFILE_OF[b.account]} ${b.provider} ${b.region} ${b.instanceId} ${b.id}`).sort());

      // The first example adds what a source of one region does (a Huawei project id looked up through IAM), the audit
      // example what reading policies does.
      credentialsInEnvironment(emu.credentials);
      await runSnippet(first, snippetModules(emu.url));
      await runSnippet(readmeBlocks('Backup health: latest, audit, policies')[0]!, snippetModules(emu.url));

      const called = new Set(emu.requestLog().filter((e) => e.status < 400).map((e) => `${e.provider} ${e.action}`));
      const permissions = readmeSection('Permissions');
      const ramPolicy = JSON.parse(/```json\n([\s\S]*?)```/.exec(permissions)![1]!) as { Statement: { Action: string[] }[] };
      const ramCode = { 'aliyun-rds': 'rds', 'aliyun-kvstore': 'kvstore' } as Record<string, string>;
      const aliyunCalled = [...called].flatMap((c) => {
        const [provider, action] = c.split(' ');
        return ramCode[provider!] ? [`${ramCode[provider!]}:${action}`] : [];
      });
      expect(ramPolicy.Statement.flatMap((s) => s.Action).sort()).toEqual([...new Set(aliyunCalled)].sort());
      expect(called).toContain('aliyun-sts AssumeRole');
      expect(permissions).toContain('`sts:AssumeRole`');
      const huaweiRows = [...permissions.matchAll(/^\| (?:RDS|IAM) `(\w+)`/gm)].map((m) => m[1]).sort();
      const huaweiCalled = [...called].filter((c) => c.startsWith('huawei-')).map((c) => c.split(' ')[1]);
      expect(huaweiRows).toEqual([...new Set(huaweiCalled)].sort());
      const capitalOnlineCalled = [...called].filter((c) => c.startsWith('capitalonline-mysql ')).map((c) => c.split(' ')[1]!);
      expect(capitalOnlineCalled.length).toBeGreaterThan(0);
      for (const action of capitalOnlineCalled) expect(permissions).toContain(`\`${action}\``);
    } finally {
      await emu.close();
    }
  });
});
