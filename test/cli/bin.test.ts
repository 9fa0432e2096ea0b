import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMULATOR_OPTIONS } from '../../src/cli/demo.js';
import { RECORD_FIELDS, type BackupRecord } from '../../src/cli/format/record.js';
import { startEmulator, type EmulatedBackup, type RunningEmulator } from '../../src/emulator/index.js';
import { BACKUP_STATUSES, PROVIDER_NAMES, type ProviderName } from '../../src/model.js';
import { cleanEnv, emulatorCredentialsEnv, ensureBuilt, runBin, spawnBin } from './run-bin.js';

let emu: RunningEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({ seed: 11, instances: 2, backupsPerInstance: 40, anchorTime: new Date('2026-06-01T00:00:00Z') });
  env = cleanEnv(emulatorCredentialsEnv(emu));
}, 240_000);

afterAll(async () => {
  await emu?.close();
});

/** Every provider, pointed at the emulator. */
function allSources(): string[] {
  return [
    '--endpoint', emu.url, '--iam-endpoint', emu.iamEndpoint,
    ...PROVIDER_NAMES.flatMap((p) => ['--provider', p]),
    '--region', emu.aliyunRegion, '--region', `huawei-rds:${emu.huaweiRegion}`,
  ];
}

interface Filter {
  status?: string[];
  mode?: string[];
  type?: string[];
  method?: string[];
  since?: Date;
  until?: Date;
}

function regionOf(provider: ProviderName): string {
  if (provider === 'huawei-rds') return emu.huaweiRegion;
  if (provider === 'capitalonline-mysql') return 'cn';
  return emu.aliyunRegion;
}

/** What the CLI must print for the ground truth under a filter, sorted for comparison. */
function expectedRecords(filter: Filter, providers: readonly ProviderName[] = PROVIDER_NAMES): BackupRecord[] {
  const matches = (b: EmulatedBackup) =>
    (!filter.status || filter.status.includes(b.status)) &&
    (!filter.mode || filter.mode.includes(b.mode)) &&
    (!filter.type || filter.type.includes(b.type)) &&
    (!filter.method || filter.method.includes(b.method)) &&
    (!filter.since || b.startTime.getTime() >= filter.since.getTime()) &&
    (!filter.until || b.startTime.getTime() < filter.until.getTime());
  const records = providers.flatMap((p) =>
    emu.groundTruth.backups(p).filter(matches).map(
      (b): BackupRecord => ({
        provider: b.provider,
        region: regionOf(b.provider),
        instanceId: b.instanceId,
        id: b.id,
        status: b.status,
        mode: b.mode,
        type: b.type,
        method: b.method,
        engine: b.engine ?? null,
        engineVersion: b.engineVersion ?? null,
        startTime: b.startTime.toISOString(),
        endTime: b.endTime?.toISOString() ?? null,
        sizeBytes: b.sizeBytes ?? null,
      }),
    ),
  );
  return sortRecords(records);
}

const keyOf = (r: { provider: string; instanceId: string; id: string }) => `${r.provider}/${r.instanceId}/${r.id}`;
function sortRecords<T extends { provider: string; instanceId: string; id: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** Engines are compared without case: providers spell them `MySQL` or `mysql` in different places. */
function comparable(records: BackupRecord[]): BackupRecord[] {
  return records.map((r) => ({ ...r, engine: r.engine?.toLowerCase() ?? null }));
}

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, embedded newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

function csvToRecords(text: string): BackupRecord[] {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...RECORD_FIELDS]);
  return rows.map((cells) => {
    const get = (f: (typeof RECORD_FIELDS)[number]) => cells[RECORD_FIELDS.indexOf(f)] ?? '';
    const orNull = (f: (typeof RECORD_FIELDS)[number]) => (get(f) === '' ? null : get(f));
    return {
      provider: get('provider') as ProviderName,
      region: orNull('region'),
      instanceId: get('instanceId'),
      id: get('id'),
      status: get('status') as BackupRecord['status'],
      mode: get('mode') as BackupRecord['mode'],
      type: get('type') as BackupRecord['type'],
      method: get('method') as BackupRecord['method'],
      engine: orNull('engine'),
      engineVersion: orNull('engineVersion'),
      startTime: get('startTime'),
      endTime: orNull('endTime'),
      sizeBytes: get('sizeBytes') === '' ? null : Number(get('sizeBytes')),
    };
  });
}

describe('cloud-backups list against the emulator', () => {
  it('ndjson: one backup per line, exactly the ground truth for status/type/time filters; nothing on stderr', async () => {
    const filter: Filter = { status: ['success', 'failed'], type: ['full', 'incremental'], since: new Date('2026-05-10T00:00:00Z'), until: new Date('2026-05-25T04:00:00Z') };
    const result = await runBin(
      ['list', ...allSources(), '--format', 'ndjson', '--status', 'success,failed', '--type', 'full', '--type', 'incremental', '--since', '2026-05-10', '--until', '2026-05-25T12:00:00+08:00'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as BackupRecord);
    const expected = expectedRecords(filter);
    expect(expected.length).toBeGreaterThan(20);
    expect(comparable(sortRecords(records))).toEqual(comparable(expected));
    expect(Object.keys(records[0]!)).toEqual([...RECORD_FIELDS]);
  });

  it('json: one array equal to the ground truth (every backup, no filter)', async () => {
    const result = await runBin(['list', ...allSources(), '--format', 'json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as BackupRecord[];
    expect(records).toHaveLength(4 * 2 * 40);
    expect(comparable(sortRecords(records))).toEqual(comparable(expectedRecords({})));
    expect(records.some((r) => 'raw' in r)).toBe(false);
  });

  it('json --raw carries each provider record', async () => {
    const [instance] = emu.groundTruth.instances('huawei-rds');
    const result = await runBin(
      ['list', '--endpoint', emu.url, '--provider', 'huawei-rds', '--region', emu.huaweiRegion, '--project-id', emu.huaweiProjectId, '--instance', instance!.instanceId, '--format', 'json', '--raw'],
      env,
    );
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as (BackupRecord & { raw: Record<string, unknown> })[];
    const truth = new Map(emu.groundTruth.backups('huawei-rds', instance!.instanceId).map((b) => [b.id, b.raw]));
    expect(records).toHaveLength(truth.size);
    for (const r of records) expect(r.raw).toEqual(truth.get(r.id));
  });

  it('csv: a header and one quoted-as-needed row per backup, equal to the ground truth for mode/method filters', async () => {
    const filter: Filter = { mode: ['automated'], method: ['physical', 'logical'] };
    const result = await runBin(['list', ...allSources(), '--format', 'csv', '--mode', 'automated', '--method', 'physical,logical'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = expectedRecords(filter);
    expect(expected.length).toBeGreaterThan(100);
    expect(comparable(sortRecords(csvToRecords(result.stdout)))).toEqual(comparable(expected));
  });

  it('table (forced in a pipe): every backup id, the right count and total size in the summary', async () => {
    const result = await runBin(['list', ...allSources(), '--format', 'table', '--status', 'failed'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = expectedRecords({ status: ['failed'] });
    expect(expected.length).toBeGreaterThan(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+REGION\s+INSTANCE\s+ID\s+STATUS/);
    const rows = lines.slice(1, -2);
    expect(rows).toHaveLength(expected.length);
    const ids = rows.map((row) => row.split(/\s+/)[3]);
    expect(ids.sort()).toEqual(expected.map((r) => r.id).sort());
    expect(lines.at(-1)).toMatch(new RegExp(`^${expected.length} backups?, .+ in total, 0 failures$`));
    expect(result.stdout).not.toContain('\x1b');
  });

  it('table --local prints start times in the host zone (TZ=Asia/Shanghai), UTC by default', async () => {
    const [instance] = emu.groundTruth.instances('capitalonline-mysql');
    const truth = emu.groundTruth.backups('capitalonline-mysql', instance!.instanceId);
    const args = ['list', '--endpoint', emu.url, '--provider', 'capitalonline-mysql', '--instance', instance!.instanceId, '--format', 'table'];
    const local = await runBin([...args, '--local'], { ...env, TZ: 'Asia/Shanghai' });
    const utc = await runBin(args, { ...env, TZ: 'Asia/Shanghai' });
    expect(local.code).toBe(0);
    for (const b of truth) {
      expect(local.stdout).toContain(formatISO(new TZDate(b.startTime, 'Asia/Shanghai')));
      expect(utc.stdout).toContain(b.startTime.toISOString().replace('.000Z', 'Z'));
    }
    expect(local.stdout).not.toMatch(/\d\dZ /);
  });

  it('--limit stops after n backups', async () => {
    const result = await runBin(['list', ...allSources(), '--format', 'ndjson', '--limit', '7'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(7);
  });

  it('a config file gives the same listing as the flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloud-backups-config-'));
    const path = join(dir, 'sources.json');
    writeFileSync(
      path,
      JSON.stringify({
        sources: [
          { provider: 'aliyun-kvstore', region: emu.aliyunRegion, endpoint: emu.url, signatureVersion: 'v1' },
          { provider: 'capitalonline-mysql', site: 'cn', endpoint: emu.url },
        ],
        concurrency: '2',
      }),
    );
    const result = await runBin(['list', '--config', path, '--format', 'json', '--status', 'success'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as BackupRecord[];
    expect(comparable(sortRecords(records))).toEqual(comparable(expectedRecords({ status: ['success'] }, ['aliyun-kvstore', 'capitalonline-mysql'])));
  });

  it('many instances queued behind a small concurrency keep stderr empty', async () => {
    const big = await startEmulator({ seed: 5, instances: 6, backupsPerInstance: 5 });
    try {
      const result = await runBin(
        ['list', '--endpoint', big.url, '--iam-endpoint', big.iamEndpoint, ...PROVIDER_NAMES.flatMap((p) => ['--provider', p]), '--region', big.aliyunRegion, '--region', `huawei-rds:${big.huaweiRegion}`, '--concurrency', '2', '--format', 'ndjson'],
        cleanEnv(emulatorCredentialsEnv(big)),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(4 * 6 * 5);
    } finally {
      await big.close();
    }
  });
});

describe('partial failure: exit 1, the rest still printed', () => {
  it('an unknown instance fails alone; the other instance and provider are listed', async () => {
    const [known] = emu.groundTruth.instances('aliyun-rds');
    const result = await runBin(
      ['list', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--provider', 'capitalonline-mysql', '--region', emu.aliyunRegion,
        '--instance', `aliyun-rds:${known!.instanceId}`, '--instance', 'aliyun-rds:rm-doesnotexist00', '--format', 'ndjson'],
      env,
    );
    expect(result.code).toBe(1);
    const records = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as BackupRecord);
    const expected = sortRecords([
      ...expectedRecords({}, ['aliyun-rds']).filter((r) => r.instanceId === known!.instanceId),
      ...expectedRecords({}, ['capitalonline-mysql']),
    ]);
    expect(comparable(sortRecords(records))).toEqual(comparable(expected));
    expect(result.stderr).toMatch(/1 part of the listing failed/);
    expect(result.stderr).toContain(`aliyun-rds / ${emu.aliyunRegion} / rm-doesnotexist00: NotFoundError`);
  });

  it('wrong credentials for one provider: its failure on stderr (no secret), every other provider printed', async () => {
    const wrongSecret = 'not-the-emulator-secret-0000000000';
    const result = await runBin(['list', ...allSources(), '--format', 'ndjson'], { ...env, HUAWEICLOUD_SDK_SK: wrongSecret });
    expect(result.code).toBe(1);
    const records = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as BackupRecord);
    expect(comparable(sortRecords(records))).toEqual(comparable(expectedRecords({}, ['aliyun-rds', 'aliyun-kvstore', 'capitalonline-mysql'])));
    expect(result.stderr).toMatch(/^ {2}- huawei-rds \/ cn-north-4: \w+Error: /m);
    expect(result.stderr).not.toContain(wrongSecret);
    expect(result.stderr).not.toContain(emu.credentials.accessKeySecret);
    expect(result.stderr).not.toMatch(/Signature=[A-Za-z0-9]/);
  });

  it('missing credentials for one provider is a configuration error: exit 2, naming the env variables, the rest printed', async () => {
    const { CDS_SECRET_ID: _id, CDS_SECRET_KEY: _key, ...withoutCds } = env;
    const result = await runBin(['list', '--endpoint', emu.url, '--provider', 'aliyun-rds', '--provider', 'capitalonline-mysql', '--region', emu.aliyunRegion, '--format', 'ndjson'], withoutCds);
    expect(result.code).toBe(2);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2 * 40);
    expect(result.stderr).toContain('capitalonline-mysql');
    expect(result.stderr).toContain('CDS_SECRET_ID');
  });
});

describe('usage errors exit 2 with a message naming the problem', () => {
  const cases: [string, string[], RegExp[]][] = [
    ['an unknown flag', ['list', '--provider', 'aliyun-rds', '--bogus'], [/unknown option '--bogus'/]],
    ['a bad enum value', ['list', '--provider', 'aliyun-rds', '--status', 'failed,oops'], [/--status/, /"oops" is not a backup status/, /success, failed, running, deleting, unknown/]],
    ['an unknown provider', ['list', '--provider', 'aws-rds'], [/--provider/, /"aws-rds" is not a provider/, /aliyun-rds, aliyun-kvstore, huawei-rds, capitalonline-mysql/]],
    ['a zone-less date-time', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--since', '2026-05-01T10:00'], [/--since/, /has no time zone/]],
    ['an inverted range', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--since', '1d', '--until', '2d'], [/--since .* must be earlier than --until/]],
    ['no sources', ['list'], [/--provider <name>/, /--config FILE/]],
    ['a missing region', ['list', '--provider', 'huawei-rds'], [/huawei-rds needs a region/]],
    ['an unknown region', ['list', '--provider', 'aliyun-rds', '--region', 'nowhere-9'], [/region "nowhere-9"/]],
    ['a bad format', ['list', '--provider', 'aliyun-rds', '--format', 'xml'], [/--format/, /table, json, ndjson, csv/]],
    ['--raw with csv', ['list', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--format', 'csv', '--raw'], [/--raw applies to --format json and ndjson/]],
    ['a bad limit', ['list', '--provider', 'aliyun-rds', '--limit', '0'], [/--limit/, /1 or more/]],
    ['an unknown command', ['lst'], [/unknown command 'lst'/, /Did you mean list\?/]],
    ['no command', [], [/Usage: cloud-backups/]],
  ];
  it.each(cases)('%s', async (_name, args, patterns) => {
    const result = await runBin(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    for (const pattern of patterns) expect(result.stderr).toMatch(pattern);
  });

  it('a config file with a secret is refused without echoing the secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloud-backups-config-'));
    const path = join(dir, 'sources.json');
    writeFileSync(path, JSON.stringify({ sources: [{ provider: 'huawei-rds', region: 'cn-north-4', credentials: { accessKeyId: 'AK1', accessKeySecret: 'hunter2-secret' } }] }));
    const result = await runBin(['list', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources[0].credentials');
    expect(result.stderr).toContain('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK');
    expect(result.stderr).not.toContain('hunter2-secret');
  });
});

describe('help and version', () => {
  it.each([['list'], ['demo'], ['emulator']])('%s --help shows usage and examples, exit 0', async (command) => {
    const result = await runBin([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: cloud-backups ${command}`);
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n(.*\\n)*\\s+\\$ (npx )?cloud-backups ${command}`));
  });

  it('--version prints the package version', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    const result = await runBin(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});

describe('cloud-backups demo', () => {
  it('exits 0 and prints backups per provider and status, the total size and the newest failed backups', async () => {
    const result = await runBin(['demo'], cleanEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The same seeded dataset, read straight from the emulator, fixes every number.
    const truthEmu = await startEmulator(DEMO_EMULATOR_OPTIONS);
    try {
      const all = PROVIDER_NAMES.flatMap((p) => truthEmu.groundTruth.backups(p));
      expect(result.stdout).toContain(`Listed ${all.length} backups of 12 instances from 4 providers`);
      for (const p of PROVIDER_NAMES) {
        const counts = BACKUP_STATUSES.map((s) => truthEmu.groundTruth.backups(p).filter((b) => b.status === s).length);
        const total = truthEmu.groundTruth.backups(p).length;
        expect(result.stdout).toMatch(new RegExp(`^${p}\\s+${counts.join('\\s+')}\\s+${total}\\s+\\S+ \\w?i?B$`, 'm'));
      }
      const totalBytes = all.reduce((sum, b) => sum + (b.sizeBytes ?? 0), 0);
      expect(result.stdout).toContain(`(${totalBytes} bytes)`);
      const failed = all.filter((b) => b.status === 'failed').sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
      expect(failed.length).toBeGreaterThan(0);
      const section = result.stdout.slice(result.stdout.indexOf('Newest failed backups:'));
      expect(section).not.toBe('');
      for (const b of failed.slice(0, 5)) expect(section).toContain(b.id);
    } finally {
      await truthEmu.close();
    }
  });
});

describe('cloud-backups emulator', () => {
  it('serves in the foreground, prints endpoints and credentials that work with list, and stops cleanly on SIGTERM', async () => {
    const child = spawnBin(['emulator', '--port', '0', '--seed', '9', '--instances', '1', '--backups', '12'], cleanEnv());
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const check = () => (stdout.includes('From code:') ? resolve() : undefined);
      child.stdout!.on('data', check);
      child.on('close', () => reject(new Error(`emulator exited early: ${stdout}`)));
    });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    const accessKeyId = /accessKeyId\s+(\S+)/.exec(stdout)?.[1];
    const accessKeySecret = /accessKeySecret\s+(\S+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toContain(`export CDS_SECRET_ID=${accessKeyId} CDS_SECRET_KEY=${accessKeySecret}`);
    expect(stdout).toMatch(/cloud-backups list --endpoint http:\/\/127\.0\.0\.1:\d+ --provider aliyun-rds/);

    const listed = await runBin(['list', '--endpoint', url!, '--provider', 'capitalonline-mysql', '--provider', 'aliyun-rds', '--region', 'cn-hangzhou', '--format', 'ndjson'], cleanEnv({
      ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId!, ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret!, CDS_SECRET_ID: accessKeyId!, CDS_SECRET_KEY: accessKeySecret!,
    }));
    expect(listed.code).toBe(0);
    expect(listed.stdout.trimEnd().split('\n')).toHaveLength(2 * 12);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Emulator stopped.');
  });

  it('a port in use is a usage error', async () => {
    const result = await runBin(['emulator', '--port', new URL(emu.url).port]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot listen on port \d+ \(EADDRINUSE\): choose another --port/);
  });
});
