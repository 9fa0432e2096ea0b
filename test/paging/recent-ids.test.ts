import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/paging/recent-ids.js';

describe('RecentIds', () => {
  it('refuses an id seen before within the window, on the same page or a later one', () => {
    const ids = new RecentIds(4);
    expect(ids.add('a', 0)).toBe(true);
    expect(ids.add('a', 0)).toBe(false);
    expect(ids.add('b', 1)).toBe(true);
    expect(ids.add('a', 3)).toBe(false);
    expect(ids.has('b')).toBe(true);
    expect(ids.has('c')).toBe(false);
  });

  it('remembers every id of the last windowPages pages, whatever page the window starts at', () => {
    for (let start = 0; start < 12; start++) {
      const ids = new RecentIds(4);
      for (let page = 0; page < start; page++) ids.add(`old-${page}`, page);
      for (let page = start; page < start + 4; page++) ids.add(`id-${page}`, page);
      for (let page = start; page < start + 4; page++) expect(ids.has(`id-${page}`), `start ${start}, page ${page}`).toBe(true);
    }
  });

  it('forgets ids more than twice the window back, so memory stays bounded', () => {
    const ids = new RecentIds(4);
    ids.add('first', 0);
    for (let page = 1; page <= 8; page++) ids.add(`id-${page}`, page);
    expect(ids.has('first')).toBe(false);
    expect(ids.add('first', 9)).toBe(true);
  });
});
