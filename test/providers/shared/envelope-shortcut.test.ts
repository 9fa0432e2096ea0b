import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseBody } from '../../../src/http/parse-body.js';
import { unwrapResponseRoot } from '../../../src/providers/aliyun-common/rpc-call.js';
import { describeBackupsEnvelopeSchema, describeBackupsShortcut as kvstoreShortcut } from '../../../src/providers/aliyun-kvstore/schema.js';
import { describeBackupsResponseSchema as rdsSchema, describeBackupsShortcut as rdsShortcut } from '../../../src/providers/aliyun-rds/schema.js';
import { describeBackupsResponseSchema as coSchema, describeBackupsShortcut as coShortcut } from '../../../src/providers/capitalonline-mysql/schema.js';
import { listBackupsEnvelopeSchema, listBackupsShortcut } from '../../../src/providers/huawei-rds/schema.js';
import { compileRecordCheck } from '../../../src/providers/shared/record-check.js';
import type { EnvelopeShortcut } from '../../../src/providers/shared/records.js';

/**
 * An envelope shortcut (parseEnvelope's zod-free path for the usual answer) must give exactly what the envelope
 * schema gives, for every body it accepts; what it does not accept goes to the schema. Checked on the fixtures
 * (JSON and XML) and on seeded mutations of them.
 */
interface Case {
  name: string;
  schema: z.ZodType;
  shortcut: EnvelopeShortcut<unknown>;
  /** Fixture file names (JSON and XML) of backup pages. */
  files: string[];
  dir: string;
  /** Aliyun bodies are wrapped in the action's root element in XML. */
  action?: string;
}

const fixtures = (dir: string, pattern: RegExp) => readdirSync(join('fixtures', dir)).filter((f) => pattern.test(f));
const CASES: Case[] = [
  { name: 'aliyun-rds', schema: rdsSchema, shortcut: rdsShortcut, dir: 'aliyun-rds', files: fixtures('aliyun-rds', /^(describebackups|empty-page|numbers-as|one-bad|one-item|two-items)/), action: 'DescribeBackups' },
  { name: 'aliyun-kvstore', schema: describeBackupsEnvelopeSchema, shortcut: kvstoreShortcut, dir: 'aliyun-kvstore', files: fixtures('aliyun-kvstore', /^describe-backups\./), action: 'DescribeBackups' },
  { name: 'huawei-rds', schema: listBackupsEnvelopeSchema, shortcut: listBackupsShortcut, dir: 'huawei-rds', files: fixtures('huawei-rds', /^list-backups\./) },
  { name: 'capitalonline-mysql', schema: coSchema, shortcut: coShortcut, dir: 'capitalonline-mysql', files: fixtures('capitalonline-mysql', /^describe-backups\./) },
];

function bodyOf(c: Case, file: string): unknown {
  const text = readFileSync(join('fixtures', c.dir, file), 'utf8');
  const parsed = parseBody(text, file.endsWith('.xml') ? 'text/xml' : 'application/json', 'aliyun-rds', 'http://fixture');
  return c.action ? unwrapResponseRoot(parsed, c.action) : parsed;
}

/** A deterministic generator (mulberry32), so the mutations are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [undefined, null, '', 0, 7, '12', 'x', true, [], {}, [{}], { Backup: [] }, { Backup: {} }, { Backup: '' }, { Other: [] }];

/** The body with one field (at the top or one level down) removed or replaced by an odd value. */
function mutate(body: unknown, next: () => number): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (keys.length === 0) return copy;
  let holder: Record<string, unknown> = copy;
  let key = keys[Math.floor(next() * keys.length)]!;
  const inner = holder[key];
  if (next() < 0.4 && typeof inner === 'object' && inner !== null && !Array.isArray(inner) && Object.keys(inner).length > 0) {
    holder = inner as Record<string, unknown>;
    const innerKeys = Object.keys(holder);
    key = innerKeys[Math.floor(next() * innerKeys.length)]!;
  }
  if (next() < 0.25) delete holder[key];
  else holder[key] = structuredClone(ODD_VALUES[Math.floor(next() * ODD_VALUES.length)]);
  return copy;
}

describe('envelope shortcuts give what the envelope schema gives', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const check = compileRecordCheck(c.shortcut.shape);

      it('has a compiled check for its shape', () => {
        expect(check).toBeDefined();
      });

      it('takes the usual JSON answers itself and reads them as the schema does', () => {
        const json = c.files.filter((f) => f.endsWith('.json'));
        expect(json.length).toBeGreaterThan(0);
        let taken = 0;
        for (const file of json) {
          const body = bodyOf(c, file);
          if (!check!(body)) continue;
          taken++;
          expect(c.shortcut.read(body as Record<string, unknown>), file).toEqual(c.schema.parse(body));
        }
        expect(taken).toBeGreaterThan(0);
      });

      it('leaves an XML page of one record (an object, not a list) to the schema', () => {
        const single = c.files.filter((f) => f.endsWith('.xml') && f.includes('one-item'));
        for (const file of single) expect(check!(bodyOf(c, file)), file).toBe(false);
        expect(single.length > 0).toBe(c.action !== undefined);
      });

      it('agrees with the schema on every body it takes, over the fixtures and 600 seeded mutations', () => {
        const next = random(19);
        const bodies = c.files.map((f) => bodyOf(c, f));
        let taken = 0;
        let left = 0;
        for (let i = 0; i < 600; i++) {
          const body = i < bodies.length ? bodies[i] : mutate(bodies[i % bodies.length], next);
          if (!check!(body)) {
            left++;
            continue;
          }
          taken++;
          const byZod = c.schema.safeParse(body);
          expect(byZod.success, JSON.stringify(body).slice(0, 300)).toBe(true);
          expect(c.shortcut.read(body as Record<string, unknown>)).toEqual(byZod.data);
        }
        expect(taken).toBeGreaterThan(50);
        expect(left).toBeGreaterThan(50);
      });
    });
  }
});
