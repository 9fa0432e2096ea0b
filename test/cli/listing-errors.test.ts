import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { everyProviderFlags, run, stubCredentials } from './harness.js';
import { comparable, expectedRecords, ndjsonRecords } from './records.js';

/** Listing errors: a part of the listing that failed. Exit 1 when the rest was listed, 3 when nothing could be. */

const ANCHOR = new Date('2026-06-01T00:00:00Z');
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: 11, instances: 2, backupsPerInstance: 40, anchorTime: ANCHOR });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => stubCredentials(emu.credentials));
afterEach(() => vi.unstubAllEnvs());

const rdsAndCapitalOnline = () => ['list', '--endpoint', emu.url, '--provider', 'aliyun-rds,capitalonline-mysql', '--region', emu.aliyunRegion];

describe('partial failure: exit 1, the rest still printed', () => {
  it('an unknown instance fails alone; the other instance and provider are listed', async () => {
    const [known] = emu.groundTruth.instances('aliyun-rds');
    const result = await run([...rdsAndCapitalOnline(), '--instance', `aliyun-rds:${known!.instanceId},aliyun-rds:rm-doesnotexist00`, '--format', 'ndjson']);
    expect(result.code).toBe(1);
    const expected = [...expectedRecords(emu, {}, ['aliyun-rds']).filter((r) => r.instanceId === known!.instanceId), ...expectedRecords(emu, {}, ['capitalonline-mysql'])];
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(comparable(expected));
    expect(result.stderr).toContain('cloud-backups: 1 listing error; every other backup was listed:\n');
    expect(result.stderr).toContain(`  - aliyun-rds / default / ${emu.aliyunRegion} / rm-doesnotexist00: NotFoundError`);
  });

  it('an instance that lists cleanly counts even when nothing matched: exit 1, not 3', async () => {
    const [known] = emu.groundTruth.instances('aliyun-rds');
    const result = await run([
      'list', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--region', emu.aliyunRegion,
      '--instance', `${known!.instanceId},rm-doesnotexist00`, '--since', ANCHOR.toISOString(), '--format', 'table',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('No backups matched.\n\n0 backups, 0 B in total, 1 listing error\n');
    expect(result.stderr).toContain('1 listing error; every other backup was listed');
  });

  it('wrong credentials for one provider: its failure on stderr (no secret), every other provider printed', async () => {
    const wrongSecret = 'not-the-emulator-secret-0000000000';
    vi.stubEnv('HUAWEICLOUD_SDK_SK', wrongSecret);
    const result = await run(['list', ...everyProviderFlags(emu), '--format', 'ndjson']);
    expect(result.code).toBe(1);
    expect(comparable(ndjsonRecords(result.stdout))).toEqual(comparable(expectedRecords(emu, {}, ['aliyun-rds', 'aliyun-kvstore', 'capitalonline-mysql'])));
    expect(result.stderr).toMatch(/^ {2}- huawei-rds \/ default \/ cn-north-4: \w+Error: /m);
    expect(result.stderr).not.toContain(wrongSecret);
    expect(result.stderr).not.toContain(emu.credentials.accessKeySecret);
    expect(result.stderr).not.toMatch(/Signature=[A-Za-z0-9]/);
  });
});

describe('nothing could be listed: exit 3', () => {
  it('every provider refuses the credentials: nothing printed, the summary and stderr say so', async () => {
    stubCredentials({ accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'wrong-secret-for-everyone-000000' });
    const result = await run(['list', ...everyProviderFlags(emu), '--format', 'table']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('No backups matched.\n\n0 backups, 0 B in total, 4 listing errors\n');
    expect(result.stderr).toMatch(/^cloud-backups: nothing could be listed \(4 listing errors\):\n/);
    expect(result.stderr.match(/^ {2}- /gm)).toHaveLength(4);
    expect(result.stderr).not.toMatch(/failures?\b/);
  });

  it('every instance named is unknown', async () => {
    const result = await run(['list', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--region', emu.aliyunRegion, '--instance', 'rm-nope0000000001,rm-nope0000000002']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('nothing could be listed (2 listing errors)');
  });

  it('an unreachable endpoint (nothing listens there)', async () => {
    const closed = await startEmulator({ seed: 1, instances: 1, backupsPerInstance: 1, anchorTime: ANCHOR });
    const url = closed.url;
    await closed.close();
    const result = await run(['list', '--endpoint', url, '--provider', 'capitalonline-mysql', '--format', 'ndjson']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/capitalonline-mysql \/ default \/ cn: TransportError/);
  }, 60_000);
});

describe('configuration failures at listing time: exit 2, worded in flags', () => {
  it('missing credentials for one provider: names its environment variables; the rest printed', async () => {
    vi.stubEnv('CDS_SECRET_ID', undefined);
    vi.stubEnv('CDS_SECRET_KEY', undefined);
    const result = await run([...rdsAndCapitalOnline(), '--format', 'ndjson']);
    expect(result.code).toBe(2);
    expect(ndjsonRecords(result.stdout)).toHaveLength(2 * 40);
    expect(result.stderr).toContain('capitalonline-mysql / default / cn: CredentialsNotFoundError: capitalonline-mysql: no credentials found. Tried, in order: ');
    // What to do from a shell, not the library's advice to code.
    expect(result.stderr).toContain('Set CDS_SECRET_ID and CDS_SECRET_KEY in the environment, or name a profile of the provider\'s credentials with --profile NAME.');
    expect(result.stderr).not.toContain('Pass `credentials`');
  });

  it('missing credentials of a config file\'s source: the advice names its "profile" key', async () => {
    vi.stubEnv('CDS_SECRET_ID', undefined);
    vi.stubEnv('CDS_SECRET_KEY', undefined);
    const path = join(mkdtempSync(join(tmpdir(), 'cloud-backups-config-')), 'sources.json');
    writeFileSync(path, JSON.stringify({ sources: [{ provider: 'capitalonline-mysql', endpoint: emu.url }] }));
    const result = await run(['list', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`or name a profile of the provider's credentials with a "profile" key in ${path}.`);
  });

  it('a profile with no credentials says which profile, where it looked, and not to set the plain variables', async () => {
    const result = await run(['list', '--endpoint', emu.url, '--provider', 'capitalonline-mysql', '--profile', 'nosuch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('capitalonline-mysql / nosuch / cn: CredentialsNotFoundError: capitalonline-mysql: no credentials found for profile "nosuch". Tried, in order: ');
    expect(result.stderr).toContain('NOSUCH_CDS_SECRET_ID');
    expect(result.stderr).toContain('Check the profile name, or add that profile to one of the places above.');
    expect(result.stderr).not.toContain('Pass `credentials`');
  });

  it('an overridden endpoint with no way to find the project id says which flags to add', async () => {
    const result = await run(['list', '--endpoint', emu.url, '--provider', 'huawei-rds', '--region', emu.huaweiRegion]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--iam-endpoint is not set');
    expect(result.stderr).toContain('Pass --project-id, or --iam-endpoint for the lookup.');
    expect(result.stderr).not.toMatch(/projectId|iamEndpoint/);
  });
});
