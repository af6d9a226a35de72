/**
 * Small deterministic randomness helpers. Core logic takes a `() => number` instead of calling
 * Math.random, so shuffles and picks are reproducible in tests and from a stored seed.
 */

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). Good enough for shuffles, not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string (UTF-16 code units), as an unsigned integer. Stable across runs and platforms. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fisher–Yates shuffle in place, driven by `random`; returns `items`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** Fisher–Yates shuffle into a new array, driven by `random`. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  return shuffleInPlace(items.slice(), random);
}
