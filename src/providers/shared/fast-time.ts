// Hot-path helpers for the one timestamp shape every response carries. They never guess: anything that is not
// exactly `yyyy-MM-ddTHH:mm:ss` with real calendar values returns undefined, and the callers fall back to
// their full (regex) parsers.

/** Digits at s[i..i+n) as a number, or -1 when any is not a digit. */
export function fixedDigits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `yyyy-MM-ddTHH:mm:ss` at the start of s (or with another date/time `separator`, e.g. a space), read as UTC
 * milliseconds; undefined when it is not exactly that or not a real time.
 */
export function fastUtcMs(s: string, separator = 'T'): number | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s[10] !== separator || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = fixedDigits(s, 0, 4);
  const mo = fixedDigits(s, 5, 2);
  const d = fixedDigits(s, 8, 2);
  const h = fixedDigits(s, 11, 2);
  const mi = fixedDigits(s, 14, 2);
  const sec = fixedDigits(s, 17, 2);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  return d <= daysInMonth(y, mo) ? Date.UTC(y, mo - 1, d, h, mi, sec) : undefined;
}

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A numeric `+hhmm` / `-hhmm` offset at s[i..i+5) in minutes east of UTC, or undefined. */
export function fastOffsetMinutes(s: string, i: number): number | undefined {
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return undefined;
  const oh = fixedDigits(s, i + 1, 2);
  const om = fixedDigits(s, i + 3, 2);
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
  return (sign === 45 ? -1 : 1) * (oh * 60 + om);
}
