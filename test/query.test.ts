import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import type { Backup } from '../src/model.js';
import { matchesQuery, normalizeQuery, pushdownValue, singleValue, widenToMinutes } from '../src/query.js';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('normalizeQuery', () => {
  it('names the field, the bad value, the allowed values and the likely fix for a typo', () => {
    expect(message(() => normalizeQuery({ status: 'sucess' }))).toBe(
      'Invalid query: status "sucess" is not allowed. Allowed values: success, failed, running, deleting, unknown. Did you mean "success"?',
    );
    expect(message(() => normalizeQuery({ mode: ['manual', 'automatic'] }))).toBe(
      'Invalid query: mode "automatic" is not allowed. Allowed values: automated, manual, unknown. Did you mean "automated"?',
    );
    expect(message(() => normalizeQuery({ type: 'FullBackup' }))).toBe(
      'Invalid query: type "FullBackup" is not allowed. Allowed values: full, incremental, differential, unknown.',
    );
    expect(message(() => normalizeQuery({ method: 3 }))).toBe(
      'Invalid query: method number 3 is not allowed. Allowed values: physical, logical, snapshot, unknown.',
    );
  });

  it('rejects a string date and says how to convert it', () => {
    expect(message(() => normalizeQuery({ since: '2024-01-01' }))).toBe(
      'Invalid query: since must be a Date, got "2024-01-01". Convert it first, e.g. new Date("2024-01-01").',
    );
    expect(message(() => normalizeQuery({ until: new Date('nope') }))).toBe('Invalid query: until is an invalid Date.');
  });

  it('rejects since >= until and states the rule', () => {
    const d = new Date('2024-03-01T00:00:00Z');
    expect(message(() => normalizeQuery({ since: d, until: d }))).toBe(
      'Invalid query: since (2024-03-01T00:00:00.000Z) must be earlier than until (2024-03-01T00:00:00.000Z); a backup matches when since <= startTime < until.',
    );
  });

  it('rejects unknown fields, empty lists and a non-signal', () => {
    expect(message(() => normalizeQuery({ staus: 'failed' }))).toMatch(/^Invalid query: unknown field "staus". Allowed fields: status, mode/);
    expect(message(() => normalizeQuery({ status: [] }))).toMatch(/status is an empty list/);
    expect(message(() => normalizeQuery({ signal: {} }))).toBe('Invalid query: signal must be an AbortSignal, got an object.');
    expect(message(() => normalizeQuery('failed'))).toBe('Invalid query: expected an object, got "failed".');
  });

  it('keeps valid values as sets, and the error carries the field', () => {
    const q = normalizeQuery({ status: ['failed', 'running'], mode: 'manual' });
    expect([...q.status!]).toEqual(['failed', 'running']);
    expect([...q.mode!]).toEqual(['manual']);
    expect(q.type).toBeUndefined();
    try {
      normalizeQuery({ type: 'x' });
    } catch (e) {
      expect((e as ConfigurationError).field).toBe('type');
    }
  });
});

describe('matchesQuery', () => {
  const backup = {
    provider: 'huawei-rds',
    id: '1',
    instanceId: 'i',
    status: 'failed',
    mode: 'automated',
    type: 'full',
    method: 'physical',
    startTime: new Date('2024-03-01T10:00:00Z'),
    raw: {},
  } as unknown as Backup;

  it('includes since and excludes until', () => {
    expect(matchesQuery(backup, normalizeQuery({ since: new Date('2024-03-01T10:00:00Z') }))).toBe(true);
    expect(matchesQuery(backup, normalizeQuery({ until: new Date('2024-03-01T10:00:00Z') }))).toBe(false);
    expect(matchesQuery(backup, normalizeQuery({ until: new Date('2024-03-01T10:00:00.001Z') }))).toBe(true);
  });

  it('applies every enum filter as "any of"', () => {
    expect(matchesQuery(backup, normalizeQuery({ status: ['success', 'failed'], type: 'full' }))).toBe(true);
    expect(matchesQuery(backup, normalizeQuery({ status: 'success' }))).toBe(false);
    expect(matchesQuery(backup, normalizeQuery({ method: 'logical' }))).toBe(false);
    expect(matchesQuery(backup, normalizeQuery({ mode: 'manual' }))).toBe(false);
  });
});

describe('pushdown helpers', () => {
  it('push down only a single pinned value with an exact equivalent', () => {
    const table = { success: 'Success', failed: 'Failed' } as const;
    expect(pushdownValue(normalizeQuery({ status: 'failed' }).status, table)).toBe('Failed');
    expect(pushdownValue(normalizeQuery({ status: ['failed', 'success'] }).status, table)).toBeUndefined();
    expect(pushdownValue(normalizeQuery({ status: 'running' }).status, table)).toBeUndefined();
    expect(singleValue(undefined)).toBeUndefined();
  });

  it('widens a window to whole minutes', () => {
    const w = widenToMinutes(new Date('2024-03-01T10:00:59.999Z'), new Date('2024-03-01T11:00:00.001Z'));
    expect(w.since!.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(w.until!.toISOString()).toBe('2024-03-01T11:01:00.000Z');
  });
});
