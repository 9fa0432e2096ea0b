import { ConfigurationError } from './errors.js';
import { closestMatch } from './suggest.js';

/**
 * Throws a ConfigurationError naming the first key of `value` that `allowed` lacks, with the likeliest meant one: a
 * misspelt option is otherwise ignored and its default used in its place. `undefined` passes; a non-object does not.
 */
export function checkKnownKeys(label: string, value: unknown, allowed: readonly string[], noun: 'field' | 'option' = 'field'): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(`${label}: pass an object (${noun}s: ${allowed.join(', ')}).`, { field: label });
  }
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown === undefined) return;
  const hint = closestMatch(unknown, allowed);
  throw new ConfigurationError(`${label}: unknown ${noun} "${unknown}".${hint ? ` Did you mean "${hint}"?` : ''} ${noun === 'field' ? 'Fields' : 'Options'}: ${allowed.join(', ')}.`, {
    field: unknown,
  });
}
