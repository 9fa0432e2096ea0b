/**
 * A mapping from a provider's enum spelling to ours that ignores case and surrounding blanks (providers are not
 * consistent: `Success` in one answer, `success` in another), with a fallback for values it does not know: a new
 * enum value never throws and never drops a record; the provider's own value stays in `raw`.
 */
export function enumMapping<T extends string>(table: Readonly<Record<string, T>>, fallback: T): (value: unknown) => T {
  const exact = new Map(Object.entries(table));
  const folded = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v]));
  return (value) => {
    if (typeof value !== 'string') return fallback;
    return exact.get(value) ?? folded.get(value.trim().toLowerCase()) ?? fallback;
  };
}
