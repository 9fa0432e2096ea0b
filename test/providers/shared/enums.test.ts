import { describe, expect, it } from 'vitest';
import { normalizeEngine } from '../../../src/providers/shared/engine.js';
import { enumMapping } from '../../../src/providers/shared/enums.js';

describe('normalizeEngine', () => {
  it('maps every provider spelling to the lower-case vocabulary, and the unknown to other', () => {
    const spellings = ['MySQL', 'mysql', 'PostgreSQL', 'postgres', 'PG', 'SQLServer', 'SQL Server', 'Microsoft SQL Server', 'MSSQL', 'MariaDB', 'Redis', 'Tair', 'Memcache', 'memcached', 'MongoDB'];
    expect(spellings.map(normalizeEngine)).toEqual(['mysql', 'mysql', 'postgresql', 'postgresql', 'postgresql', 'sqlserver', 'sqlserver', 'sqlserver', 'sqlserver', 'mariadb', 'redis', 'tair', 'memcache', 'memcache', 'other']);
  });

  it('is undefined when the provider says nothing', () => {
    expect([normalizeEngine(undefined), normalizeEngine(''), normalizeEngine('  '), normalizeEngine(5)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('enumMapping', () => {
  it('matches exactly, then ignoring case and blanks, and falls back for anything else', () => {
    const map = enumMapping({ Success: 'ok', FAILED: 'bad' } as const, 'other' as 'ok' | 'bad' | 'other');
    expect([map('Success'), map(' success '), map('failed'), map('Failed!'), map(1), map(null)]).toEqual(['ok', 'ok', 'bad', 'other', 'other', 'other']);
  });
});
