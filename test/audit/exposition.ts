/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), written from the format's
 * description for tests: prom-client's own parser is not public, and a renderer should not be checked by itself.
 * It throws on anything the format does not allow: a sample before its TYPE, a family split in two, a HELP or TYPE
 * twice, a bad metric or label name, a bad escape, a repeated series, an unparsable value.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string | undefined;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parseExposition(text: string): Map<string, Family> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const series = new Set<string>();
  const typed = new Set<string>();
  let current: Family | undefined;
  const open = (name: string): Family => {
    if (current?.name === name) return current;
    if (closed.has(name) || families.has(name)) throw new Error(`family ${name} appears in two places`);
    if (current) closed.add(current.name);
    current = { name, help: undefined, type: 'untyped', samples: [] };
    families.set(name, current);
    return current;
  };
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a comment
      const [, kind, name, rest] = m as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name`);
      const family = open(name);
      if (kind === 'HELP') {
        if (family.help !== undefined) throw new Error(`${where}: second HELP`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`${where}: bad escape in HELP`);
        family.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      } else {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
        if (family.samples.length > 0 || typed.has(name)) throw new Error(`${where}: TYPE after samples or twice`);
        family.type = rest as Family['type'];
        typed.add(name);
      }
      return;
    }
    const sample = parseSample(line, where);
    const base = familyOf(sample.name, current);
    if (!current || base !== current.name) throw new Error(`${where}: sample outside its family (TYPE must come first, families contiguous)`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (series.has(key)) throw new Error(`${where}: repeated series`);
    series.add(key);
    current.samples.push(sample);
  });
  return families;
}

/** A histogram's or summary's `_bucket`/`_sum`/`_count` samples belong to its family. */
function familyOf(sampleName: string, current: Family | undefined): string {
  if (current && (current.type === 'histogram' || current.type === 'summary')) {
    for (const suffix of ['_bucket', '_sum', '_count']) if (sampleName === current.name + suffix) return current.name;
  }
  return sampleName;
}

function parseSample(line: string, where: string): Sample {
  let i = 0;
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new Error(`${where}: no metric name`);
  const name = nameMatch[0];
  i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const labelMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
      if (!labelMatch || !LABEL_NAME.test(labelMatch[0])) throw new Error(`${where}: bad label name`);
      const label = labelMatch[0];
      i += label.length;
      if (line[i] !== '=' || line[i + 1] !== '"') throw new Error(`${where}: expected ="`);
      i += 2;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) throw new Error(`${where}: unterminated label value`);
        if (c === '"') break;
        if (c === '\\') {
          const next = line[i + 1];
          if (next === '\\') value += '\\';
          else if (next === '"') value += '"';
          else if (next === 'n') value += '\n';
          else throw new Error(`${where}: bad escape \\${next ?? ''}`);
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      if (label in labels) throw new Error(`${where}: label ${label} twice`);
      labels[label] = value;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new Error(`${where}: expected , or }`);
    }
    i++;
  }
  const rest = line.slice(i);
  const m = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!m) throw new Error(`${where}: expected " value [timestamp]"`);
  const text = m[1]!;
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : text === 'NaN' ? Number.NaN : Number(text);
  if (Number.isNaN(value) && text !== 'NaN') throw new Error(`${where}: bad value ${text}`);
  if (!/^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|Inf|NaN)$/.test(text)) throw new Error(`${where}: bad value ${text}`);
  return { name, labels, value };
}
