/**
 * Seeded randomness. Every random choice the emulator makes (data and faults) comes from a
 * stream derived from the user's seed, so a run can be reproduced exactly.
 */

/** A uniform generator in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts, so independent streams (per provider, per instance, faults) never overlap. */
export function deriveSeed(seed: number, ...parts: Array<string | number>): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  h = Math.imul(h, 0x01000193) >>> 0;
  for (const part of parts) {
    const s = `|${String(part)}`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

export function streamFor(seed: number, ...parts: Array<string | number>): Rng {
  return mulberry32(deriveSeed(seed, ...parts));
}

/** Integer in [min, max] inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Weighted choice over [value, weight] pairs. */
export function weighted<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let u = rng() * total;
  for (const [value, w] of entries) {
    u -= w;
    if (u < 0) return value;
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('weighted choice from an empty list');
  return last[0];
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

export function randString(rng: Rng, length: number, alphabet: string = LOWER_ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(rng() * alphabet.length));
  return out;
}

export function randHex(rng: Rng, length: number): string {
  return randString(rng, length, HEX);
}

export function randUpper(rng: Rng, length: number): string {
  return randString(rng, length, UPPER_ALNUM);
}

/** A v4-shaped UUID from the stream (not crypto: ids only need to look real and be reproducible). */
export function randUuid(rng: Rng): string {
  const h = randHex(rng, 32);
  const variant = HEX.charAt(8 + Math.floor(rng() * 4));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Upper-case request id like Aliyun's `1A6D328C-84B8-40DC-BF49-6C73984D7494`. */
export function randRequestId(rng: Rng): string {
  return randUuid(rng).toUpperCase();
}
