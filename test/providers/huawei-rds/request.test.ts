import { describe, expect, it } from 'vitest';
import { normalizeQuery, type BackupQuery } from '../../../src/query.js';
import { backupTypePushdown, timeWindowParams } from '../../../src/providers/huawei-rds/request.js';

const pushdown = (query: BackupQuery) => backupTypePushdown(normalizeQuery(query));

describe('backupTypePushdown', () => {
  it('pushes the one Huawei type a mode/type combination pins', () => {
    expect(pushdown({ mode: 'automated', type: 'full' })).toBe('auto');
    expect(pushdown({ mode: 'manual', type: 'full' })).toBe('manual');
    expect(pushdown({ mode: 'manual' })).toBe('manual');
    expect(pushdown({ type: 'differential' })).toBe('fragment');
    expect(pushdown({ mode: 'unknown', type: 'differential' })).toBe('fragment');
    expect(pushdown({ type: 'incremental' })).toBe('incremental');
    expect(pushdown({ mode: 'automated', type: 'incremental' })).toBe('incremental');
    expect(pushdown({ mode: ['automated', 'manual'], type: 'incremental' })).toBe('incremental');
  });

  it('pushes nothing when two Huawei types could match', () => {
    expect(pushdown({ type: 'full' })).toBeUndefined(); // auto or manual
    expect(pushdown({ mode: 'automated' })).toBeUndefined(); // auto or incremental
    expect(pushdown({ type: ['full', 'differential'] })).toBeUndefined();
  });

  it('pushes nothing when an undocumented type (unknown/unknown) could match, so it is never hidden', () => {
    expect(pushdown({})).toBeUndefined();
    expect(pushdown({ mode: 'unknown' })).toBeUndefined();
    expect(pushdown({ type: 'unknown' })).toBeUndefined();
    expect(pushdown({ type: ['differential', 'unknown'] })).toBeUndefined();
  });

  it('pushes nothing for a combination no Huawei type has (the client filter answers it)', () => {
    expect(pushdown({ mode: 'manual', type: 'incremental' })).toBeUndefined();
  });

  it('ignores the other filters', () => {
    expect(pushdown({ status: 'failed', method: 'physical', type: 'differential' })).toBe('fragment');
  });
});

describe('timeWindowParams', () => {
  const now = new Date('2024-03-10T08:00:00.250Z');

  it('sends nothing when the query has no bounds', () => {
    expect(timeWindowParams({}, now)).toEqual({});
  });

  it('sends both bounds, widened to whole seconds, in UTC with a numeric offset', () => {
    expect(timeWindowParams({ since: new Date('2024-03-01T00:00:00.900Z'), until: new Date('2024-03-02T12:30:15.001Z') }, now)).toEqual({
      begin_time: '2024-03-01T00:00:00+0000',
      end_time: '2024-03-02T12:30:16+0000',
    });
  });

  it('fills a missing end with now plus the gateway clock-skew allowance', () => {
    expect(timeWindowParams({ since: new Date('2024-03-01T00:00:00Z') }, now)).toEqual({
      begin_time: '2024-03-01T00:00:00+0000',
      end_time: '2024-03-10T08:15:01+0000',
    });
  });

  it('fills a missing start with 2010-01-01', () => {
    expect(timeWindowParams({ until: new Date('2024-03-01T00:00:00Z') }, now)).toEqual({
      begin_time: '2010-01-01T00:00:00+0000',
      end_time: '2024-03-01T00:00:00+0000',
    });
  });

  it('keeps end after begin even for windows that can match nothing', () => {
    expect(timeWindowParams({ until: new Date('2005-01-01T00:00:00Z') }, now)).toEqual({
      begin_time: '2004-12-31T23:59:59+0000',
      end_time: '2005-01-01T00:00:00+0000',
    });
    expect(timeWindowParams({ since: new Date('2030-01-01T00:00:00Z') }, now)).toEqual({
      begin_time: '2024-03-10T08:15:00+0000',
      end_time: '2024-03-10T08:15:01+0000',
    });
  });
});
