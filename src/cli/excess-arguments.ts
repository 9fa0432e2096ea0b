import { LOCATION_FLAGS } from './source-flags.js';

/** Flags that take comma-separated lists: where a stray word most likely meant another list item. */
const LIST_FLAGS = new Set(['provider', 'instance', 'status', 'mode', 'type', 'method', 'profile', 'exclude-region', 'warn', ...LOCATION_FLAGS.map((f) => f.name)].map((f) => `--${f}`));

/**
 * The message for words a command did not expect (it takes no positional arguments). `--status failed running` most
 * likely meant a list: say how to write one instead of commander's "too many arguments".
 */
export function excessArguments(argv: readonly string[], extras: readonly string[], command = 'list'): string {
  const first = extras[0]!;
  // Where the stray word sits: right after a flag and its value (`--status failed running`), when it does.
  const positions = argv.flatMap((token, i) => (token === first ? [i] : []));
  const at = positions.find((i) => i >= 2 && argv[i - 2]!.startsWith('--') && !argv[i - 1]!.startsWith('-')) ?? positions[0] ?? -1;
  const flag = at >= 2 ? argv[at - 2] : undefined;
  const value = at >= 1 ? argv[at - 1] : undefined;
  const quoted = extras.map((e) => `"${e}"`).join(', ');
  if (flag !== undefined && value !== undefined && !value.startsWith('-') && LIST_FLAGS.has(flag)) {
    const following = extras.filter((e, i) => argv[at + i] === e);
    return `unexpected argument${extras.length === 1 ? '' : 's'} ${quoted} after ${flag} ${value}: to give several values, separate them with commas (${flag} ${[value, ...following].join(',')}) or repeat ${flag}.`;
  }
  return `unexpected argument${extras.length === 1 ? '' : 's'} ${quoted}: ${command} takes no positional arguments (each flag takes one value; quote values with spaces).`;
}
