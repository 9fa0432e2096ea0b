import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const DOCS = ['README.md', 'CHANGELOG.md', 'examples/README.md', 'src/emulator/README.md'];
const files = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;

/** npm always packs these, whatever `files` says. */
const ALWAYS_PACKED = ['README.md', 'LICENSE', 'package.json'];

function shipped(path: string): boolean {
  return ALWAYS_PACKED.includes(path) || files.some((entry) => path === entry || path.startsWith(`${entry.replace(/\/$/, '')}/`));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(join(ROOT, path), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

function linksOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/i.test(target));
}

/** The docs the package ships link only to what the package ships, so their links work on npm too. */
describe.each(DOCS)('links in %s', (doc) => {
  it('every relative link points to a file (and heading) that exists and is in the npm package', () => {
    expect(shipped(doc)).toBe(true);
    const links = linksOf(doc);
    for (const link of links) {
      const [target, anchor] = link.split('#') as [string, string | undefined];
      const path = target === '' ? doc : normalize(relative(ROOT, join(ROOT, dirname(doc), target)));
      expect(existsSync(join(ROOT, path)), `${doc} links to ${link}, which does not exist`).toBe(true);
      if (statSync(join(ROOT, path)).isFile()) expect(shipped(path), `${doc} links to ${path}, which the package does not ship`).toBe(true);
      if (anchor !== undefined) expect(anchorsOf(path), `${doc} links to #${anchor}, a heading ${path} does not have`).toContain(anchor);
    }
  });
});
