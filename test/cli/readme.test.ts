import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKeysOf } from '../../src/cli/config-file.js';
import { PROVIDERS } from '../../src/index.js';
import { run } from './harness.js';

/** The README's "The CLI" section stays true: it names every flag `--help` shows and every config key. */
const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
const start = readme.indexOf('## The CLI\n');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

describe('README: The CLI', () => {
  it.each([['list'], ['audit'], ['exporter'], ['sync'], ['history'], ['demo'], ['emulator']])('documents every flag of %s --help', async (command) => {
    const { stdout } = await run([command, '--help']);
    const flags = [...new Set(stdout.slice(0, stdout.indexOf('Examples:')).match(/--[a-z][a-z-]+/g) ?? [])].filter((f) => f !== '--help');
    expect(flags.length).toBeGreaterThan(2);
    expect(flags.filter((flag) => !section.includes(`\`${flag}`))).toEqual([]);
    expect(section).toContain(`| \`${command}\` |`);
  });

  it('documents every config key of every provider, and the exit codes 0 to 3', () => {
    for (const { name } of PROVIDERS) for (const key of configKeysOf(name)) expect(section, key).toMatch(new RegExp(`\`${key}\``));
    for (const heading of ['### Exit codes of `list`', 'Exit codes of `audit`:', 'Exit codes of `sync`:']) {
      const table = section.slice(section.indexOf(heading));
      for (const code of [0, 1, 2, 3]) expect(table, heading).toMatch(new RegExp(`^\\| \`${code}\` \\| .+`, 'm'));
    }
  });

  it('its config example is a valid config file', async () => {
    const { parseConfig } = await import('../../src/cli/config-file.js');
    const example = /### The config file[\s\S]*?```json\n([\s\S]*?)```/.exec(section)![1]!;
    expect(new Set(parseConfig(example, 'README.md').sources.map((s) => s.provider))).toEqual(new Set(PROVIDERS.map((p) => p.name)));
  });
});
