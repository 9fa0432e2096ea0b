import { describe, expect, it } from 'vitest';
import { excessArguments } from '../../src/cli/excess-arguments.js';
import { closestMatch, didYouMean, editDistance } from '../../src/cli/suggest.js';

describe('did you mean', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['sucess', 'success', 1],
    ['aliyun-rsd', 'aliyun-rds', 2],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('editDistance(%j, %j) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('suggests the nearest candidate within two edits, ignoring case; nothing when none is that close', () => {
    expect(closestMatch('sucess', ['success', 'failed'])).toBe('success');
    expect(closestMatch('FAILD', ['success', 'failed'])).toBe('failed');
    expect(closestMatch('aws-rds', ['aliyun-rds', 'huawei-rds'])).toBeUndefined();
    expect(didYouMean('runing', ['running', 'deleting'])).toBe(' Did you mean "running"?');
    expect(didYouMean('zzz', ['running'])).toBe('');
  });
});

describe('stray words after a list flag', () => {
  it('suggests a comma list when the word follows a list flag and its value', () => {
    expect(excessArguments(['list', '--status', 'failed', 'running', 'deleting'], ['running', 'deleting'])).toContain('(--status failed,running,deleting)');
    expect(excessArguments(['list', '--status', 'failed', 'failed'], ['failed'])).toContain('(--status failed,failed)');
  });

  it('says positional arguments are not taken otherwise', () => {
    expect(excessArguments(['list', 'now', '--provider', 'x'], ['now'])).toContain('list takes no positional arguments');
    expect(excessArguments(['list', '--limit', '3', 'more'], ['more'])).toContain('list takes no positional arguments');
  });
});
