import type { z } from 'zod';

/** Answers "would the schema accept this value?" without building a result: no copies, no issue lists. */
export type RecordCheck = (value: unknown) => boolean;

/**
 * A yes/no check compiled from a zod schema's definition, for the listing's hot path (issue 19: zod's parse of a
 * record allocates a result object per field and a copy of the record, a fifth of the listing's garbage).
 *
 * zod stays the validator: the check covers only the schema kinds our record schemas use, each with zod's exact
 * rules (objects read keys with `in`, numbers must be finite, a missing key passes only when the field is optional,
 * unions pass when any option does), and returns undefined for anything else (refinements, transforms, coercion,
 * strict objects, checks it does not know), so those schemas keep zod's own parse. A record the check rejects is
 * handed to zod, whose issues make the failure report; one it accepts is exactly one zod accepts (a differential
 * test runs both over thousands of mutated records of every provider).
 */
export function compileRecordCheck(schema: z.ZodType, options: { generate?: boolean } = {}): RecordCheck | undefined {
  return compile(schema as unknown as ZodNode, 0, options.generate ?? true);
}

/** The parts of zod's (v4) internal definition the compiler reads. */
interface ZodNode {
  _zod: {
    def: ZodDef;
    optin?: 'optional' | 'defaulted' | undefined;
    optout?: 'optional' | undefined;
  };
}

interface ZodDef {
  type: string;
  checks?: ZodNode[];
  coerce?: boolean;
  shape?: Record<string, ZodNode>;
  catchall?: ZodNode;
  options?: ZodNode[];
  innerType?: ZodNode;
  element?: ZodNode;
  values?: unknown[];
  // checks
  check?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  abort?: boolean;
  when?: unknown;
}

/** Deeper than any record schema; a deeper one is left to zod rather than compiled. */
const MAX_DEPTH = 16;

function compile(node: ZodNode, depth: number, generate: boolean): RecordCheck | undefined {
  if (depth > MAX_DEPTH || typeof node !== 'object' || node === null || !node._zod?.def) return undefined;
  const def = node._zod.def;
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'unknown':
    case 'any':
      return checks.length === 0 ? accept : undefined;
    case 'string': {
      if (def.coerce) return undefined;
      const rules = stringRules(checks);
      if (!rules) return undefined;
      if (rules.length === 0) return isString;
      return (value) => {
        if (typeof value !== 'string') return false;
        for (const rule of rules) if (!rule(value)) return false;
        return true;
      };
    }
    case 'number':
      // zod's number rejects NaN and the infinities; any check (int, bounds) is left to zod.
      return def.coerce || checks.length > 0 ? undefined : isFiniteNumber;
    case 'boolean':
      return def.coerce || checks.length > 0 ? undefined : isBoolean;
    case 'null':
      return checks.length === 0 ? isNull : undefined;
    case 'literal': {
      if (checks.length > 0 || !Array.isArray(def.values)) return undefined;
      const values = new Set(def.values);
      const literals = def.values.map(literalSource);
      const check: RecordCheck = (value) => values.has(value);
      return literals.length > 0 && literals.every((l) => l !== undefined) ? withSource(check, `(${literals.map((l) => `v === ${l}`).join(' || ')})`) : check;
    }
    case 'optional': {
      // A defaulted inner schema substitutes a value for undefined: zod's business, not a yes/no check's.
      const inner = def.innerType;
      if (!inner || inner._zod.optin === 'defaulted' || checks.length > 0) return undefined;
      const check = compile(inner, depth + 1, generate);
      return check && withSource((value) => value === undefined || check(value), sourceOf(check, (inner) => `(v === undefined || ${inner})`));
    }
    case 'nullable': {
      const check = def.innerType && checks.length === 0 ? compile(def.innerType, depth + 1, generate) : undefined;
      return check && withSource((value) => value === null || check(value), sourceOf(check, (inner) => `(v === null || ${inner})`));
    }
    case 'union': {
      if (checks.length > 0 || !def.options || def.options.length === 0) return undefined;
      const options: RecordCheck[] = [];
      for (const option of def.options) {
        const check = compile(option, depth + 1, generate);
        if (!check) return undefined;
        options.push(check);
      }
      if (options.length === 1) return options[0];
      const optionSources = options.map((option) => sources.get(option));
      const check: RecordCheck = (value) => {
        for (const option of options) if (option(value)) return true;
        return false;
      };
      return optionSources.every((o) => o !== undefined) ? withSource(check, `(${optionSources.join(' || ')})`) : check;
    }
    case 'array': {
      if (checks.length > 0 || !def.element) return undefined;
      const element = compile(def.element, depth + 1, generate);
      if (!element) return undefined;
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case 'object':
      return checks.length === 0 ? compileObject(def, depth, generate) : undefined;
    default:
      return undefined;
  }
}

interface FieldCheck {
  key: string;
  check: RecordCheck;
  /** What a missing key means, as zod decides it (see compileObject). */
  whenMissing: 'pass' | 'fail' | 'check';
}

function compileObject(def: ZodDef, depth: number, generate: boolean): RecordCheck | undefined {
  // Loose objects (catchall unknown) and strip objects (no catchall) accept any other key; a strict one or a typed
  // catchall is zod's.
  const catchall = def.catchall;
  if (catchall !== undefined && !(catchall._zod?.def.type === 'unknown' && (catchall._zod.def.checks ?? []).length === 0)) return undefined;
  const shape = def.shape;
  if (!shape) return undefined;
  const fields: FieldCheck[] = [];
  for (const key of Object.keys(shape)) {
    // zod skips this key; so does the check (and it must never be read with `in` on a record).
    if (key === '__proto__') continue;
    const field = shape[key]!;
    const check = compile(field, depth + 1, generate);
    if (!check) return undefined;
    const { optin, optout } = field._zod;
    // zod's object parse: a field that is optional in and out may be missing whatever its schema says of
    // undefined; one that is not optional in must be present; otherwise the schema decides on undefined.
    const whenMissing = optin !== undefined && optout === 'optional' ? 'pass' : optin === undefined ? 'fail' : 'check';
    fields.push({ key, check, whenMissing });
  }
  return (generate && generateObjectCheck(fields)) || ((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const field of fields) {
      if (field.key in record) {
        if (!field.check(record[field.key])) return false;
      } else if (field.whenMissing === 'fail' || (field.whenMissing === 'check' && !field.check(undefined))) {
        return false;
      }
    }
    return true;
  });
}

/**
 * The same object check as source code with each key written out and the simple field tests inline, compiled with
 * `new Function` (as zod compiles its own object parser). A loop over the fields reads every key through one
 * property access site, which V8 cannot specialize for 20-odd keys: about 1.3 us per record, against about 0.1 us
 * for the generated code. Where code generation is disallowed (`--disallow-code-generation-from-strings`), the
 * loop is used. A field test whose check has a source (`sources`) is written inline; the others (strings with
 * rules, arrays, nested objects) are the compiled closures, called from the generated code.
 */
function generateObjectCheck(fields: readonly FieldCheck[]): RecordCheck | undefined {
  let body = 'if (typeof value !== "object" || value === null || Array.isArray(value)) return false;\nlet v;\n';
  fields.forEach((field, i) => {
    const key = JSON.stringify(field.key);
    const test = sources.get(field.check) ?? `c[${i}](v)`;
    const missing = field.whenMissing === 'pass' ? '' : field.whenMissing === 'fail' ? ' else return false;' : ` else if (!c[${i}](undefined)) return false;`;
    body += `if (${key} in value) { v = value[${key}]; if (!(${test})) return false; }${missing}\n`;
  });
  body += 'return true;';
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('c', `"use strict"; return function check(value) {\n${body}\n};`) as (checks: readonly RecordCheck[]) => RecordCheck;
    return make(fields.map((f) => f.check));
  } catch {
    return undefined;
  }
}

/** A literal as source, when `===` decides it exactly as zod's set lookup does (not NaN, not objects or bigints). */
function literalSource(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The string checks the compiler knows (regex, lengths), as predicates; undefined when there is any other. */
function stringRules(checks: readonly ZodNode[]): Array<(value: string) => boolean> | undefined {
  const rules: Array<(value: string) => boolean> = [];
  for (const node of checks) {
    const check = node._zod?.def;
    if (!check) return undefined;
    const isLength = check.check === 'min_length' || check.check === 'max_length' || check.check === 'length_equals';
    // A conditional check (`when`) runs only in some states of the parse, which is zod's business; except zod's own
    // condition on length checks ("the value has a length"), always true of the strings these checks see.
    if (check.when !== undefined && !(isLength && alwaysAppliesToStrings(check.when))) return undefined;
    if (check.check === 'string_format' && check.format === 'regex' && check.pattern instanceof RegExp) {
      const pattern = check.pattern;
      rules.push((value) => {
        pattern.lastIndex = 0;
        return pattern.test(value);
      });
    } else if (check.check === 'min_length' && typeof check.minimum === 'number') {
      const minimum = check.minimum;
      rules.push((value) => value.length >= minimum);
    } else if (check.check === 'max_length' && typeof check.maximum === 'number') {
      const maximum = check.maximum;
      rules.push((value) => value.length <= maximum);
    } else if (check.check === 'length_equals' && typeof check.length === 'number') {
      const length = check.length;
      rules.push((value) => value.length === length);
    } else {
      return undefined;
    }
  }
  return rules;
}

/** Whether a check's `when` holds for strings whatever the parse's state (probed: an empty one, one with issues). */
function alwaysAppliesToStrings(when: unknown): boolean {
  if (typeof when !== 'function') return false;
  const issue = { code: 'custom', message: 'probe', input: '', path: [] };
  try {
    for (const value of ['', 'ab']) {
      if (when({ value, issues: [] }) !== true || when({ value, issues: [issue] }) !== true) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The checks that are one comparison, as a JavaScript expression over `v` (the same rule as the closure), for the
 * generated object checks to write inline. Only checks made by `compile` have one, and only when every part does.
 */
const sources = new WeakMap<RecordCheck, string>();

function withSource(check: RecordCheck, source: string | undefined): RecordCheck {
  if (source !== undefined) sources.set(check, source);
  return check;
}

/** The source of a check wrapping `inner`, when `inner` has one. */
function sourceOf(inner: RecordCheck, wrap: (innerSource: string) => string): string | undefined {
  const source = sources.get(inner);
  return source === undefined ? undefined : wrap(source);
}

const accept = withSource(() => true, 'true');
const isString = withSource((value) => typeof value === 'string', 'typeof v === "string"');
const isFiniteNumber = withSource((value) => typeof value === 'number' && Number.isFinite(value), 'Number.isFinite(v)');
const isBoolean = withSource((value) => typeof value === 'boolean', 'typeof v === "boolean"');
const isNull = withSource((value) => value === null, 'v === null');
