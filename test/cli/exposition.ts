/**
 * A strict reader of the Prometheus text exposition format (0.0.4): `# HELP` and `# TYPE` lines, then samples
 * `name{label="value",...} number`. Throws on any line it cannot read, so a test that parses output checks that it
 * is valid exposition.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parseExposition(text: string): { samples: Sample[]; types: Map<string, string>; help: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const where = `line ${i + 1}: ${line}`;
    if (line.startsWith('# HELP ')) {
      const [, name, doc] = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line) ?? [];
      if (!name) throw new Error(`bad HELP, ${where}`);
      help.set(name, doc!);
    } else if (line.startsWith('# TYPE ')) {
      const [, name, type] = new RegExp(`^# TYPE (${NAME}) (\\w+)$`).exec(line) ?? [];
      if (!name || !TYPES.has(type!)) throw new Error(`bad TYPE, ${where}`);
      if (types.has(name)) throw new Error(`second TYPE for ${name}, ${where}`);
      types.set(name, type!);
    } else if (line.startsWith('#')) {
      continue;
    } else {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`bad sample, ${where}`);
      const [, name, labelText, valueText] = match;
      const labels: Record<string, string> = {};
      if (labelText) {
        LABEL.lastIndex = 0;
        while (LABEL.lastIndex < labelText.length) {
          const start = LABEL.lastIndex;
          const label = LABEL.exec(labelText);
          if (!label || label.index !== start) throw new Error(`bad labels, ${where}`);
          labels[label[1]!] = label[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        }
      }
      const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
      if (Number.isNaN(value) && valueText !== 'NaN') throw new Error(`bad value, ${where}`);
      samples.push({ name: name!, labels, value });
    }
  }
  return { samples, types, help };
}
