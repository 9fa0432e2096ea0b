import { expect } from 'vitest';
import { RECORD_FIELDS, type BackupRecord } from '../../src/cli/format/record.js';
import type { EmulatedBackup, RunningEmulator } from '../../src/emulator/index.js';
import { PROVIDER_NAMES, type ProviderName } from '../../src/index.js';

export interface Filter {
  status?: string[];
  mode?: string[];
  type?: string[];
  method?: string[];
  since?: Date;
  until?: Date;
}

/** What the CLI must print for the ground truth under a filter, sorted for comparison. */
export function expectedRecords(emu: RunningEmulator, filter: Filter, providers: readonly ProviderName[] = PROVIDER_NAMES): BackupRecord[] {
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
        account: b.account,
        region: b.region,
        instanceId: b.instanceId,
        id: contractId(b),
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

/**
 * The id the contract gives a backup (docs/contracts: a KVStore row's id is its BackupJobID when it has one, else its
 * BackupId). The emulator's ground truth still says BackupId for such rows; this agrees with both once it follows.
 */
function contractId(b: EmulatedBackup): string {
  if (b.provider !== 'aliyun-kvstore') return b.id;
  const job = b.raw.BackupJobID;
  return job === undefined || job === null || job === '' ? b.id : String(job);
}

const keyOf = (r: { provider: string; instanceId: string; id: string; account?: string }) => `${r.provider}/${r.account ?? ''}/${r.instanceId}/${r.id}`;
export function sortRecords<T extends { provider: string; instanceId: string; id: string; account?: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** Engines are compared without case: providers spell them `MySQL` or `mysql` in different places. */
export function comparable(records: BackupRecord[]): BackupRecord[] {
  return sortRecords(records).map((r) => ({ ...r, engine: r.engine?.toLowerCase() ?? null }));
}

export function ndjsonRecords(text: string): BackupRecord[] {
  return text.trimEnd() === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as BackupRecord);
}

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, embedded newlines). */
export function csvRows(text: string): string[][] {
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

export function csvRecords(text: string): BackupRecord[] {
  const [header, ...rows] = csvRows(text);
  expect(header).toEqual([...RECORD_FIELDS]);
  return rows.map((cells) => {
    const get = (f: (typeof RECORD_FIELDS)[number]) => cells[RECORD_FIELDS.indexOf(f)] ?? '';
    const orNull = (f: (typeof RECORD_FIELDS)[number]) => (get(f) === '' ? null : get(f));
    return {
      provider: get('provider') as ProviderName,
      account: get('account'),
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
