import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS, RULE_DEFAULTS } from '../../src/index.js';

const CLI_DIR = join(process.cwd(), 'src', 'cli');

function cliFiles(dir = CLI_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cliFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * What only the registry may know: provider names and the words of their titles, where they list (examples,
 * known locations), their option keys and flags, their credential variables.
 */
function forbiddenTokens(): string[] {
  const tokens = new Set<string>();
  for (const entry of PROVIDERS) {
    tokens.add(entry.name);
    for (const part of entry.name.split('-')) if (part.length > 3) tokens.add(part); // aliyun, kvstore, huawei, capitalonline, mysql
    // Brand and product words of the titles ("Cloud" is everyone's word).
    for (const word of entry.title.split(/[\s(),]+/)) if (word.length > 3 && word !== 'Cloud') tokens.add(word);
    tokens.add(entry.location.example);
    for (const place of entry.location.known) if (place.length > 3) tokens.add(place);
    for (const option of entry.options) {
      tokens.add(option.flag);
      // `format` is also the CLI's own --format: only camelCase keys are unambiguous in source text.
      if (/[A-Z]/.test(option.key)) tokens.add(option.key);
    }
    for (const variable of entry.credentialVariables) tokens.add(variable);
  }
  // Words of the library's own, provider-free API the CLI must use (the audit's `timeZone` of consecutiveDays).
  for (const word of Object.keys(RULE_DEFAULTS)) tokens.delete(word);
  return [...tokens];
}

describe('the CLI knows providers only through the registry', () => {
  it('no file under src/cli names a provider, its locations, options, flags or credential variables', () => {
    const tokens = forbiddenTokens();
    expect(tokens).toEqual(expect.arrayContaining(['aliyun-rds', 'huawei', 'project-id', 'iamEndpoint', 'cn-hangzhou', 'CDS_SECRET_ID']));
    const found: string[] = [];
    for (const file of cliFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const token of tokens) {
        // Not inside a path-like word: `Asia/Shanghai` is a time zone, not the site `asia`.
        const at = new RegExp(`(?<![\\w/-])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/-])`, 'i').exec(text);
        if (at) found.push(`${file.slice(CLI_DIR.length + 1)}: ${token}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the scan sees a hard-coded name when there is one (it can fail)', () => {
    const text = "if (spec.provider === 'huawei-rds') options.projectId = flags.projectId;";
    const hits = forbiddenTokens().filter((t) => new RegExp(`(?<![\\w-])${t}(?![\\w-])`, 'i').test(text));
    expect(hits).toEqual(expect.arrayContaining(['huawei-rds', 'projectId']));
  });
});
