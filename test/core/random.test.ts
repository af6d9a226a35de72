import { describe, expect, it } from 'vitest';
import { hashString, seededRandom, shuffle } from '../../src/core/random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 10 }, a);
    const seqB = Array.from({ length: 10 }, b);
    const seqC = Array.from({ length: 10 }, c);
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('stays in [0, 1) and spreads roughly evenly', () => {
    const r = seededRandom(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const n of buckets) expect(n).toBeGreaterThan(800);
  });
});

describe('hashString', () => {
  it('is stable, unsigned and sensitive to content', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
    expect(hashString('')).toBe(0x811c9dc5);
    expect(Number.isInteger(hashString('x'))).toBe(true);
    expect(hashString('some longer text')).toBeGreaterThanOrEqual(0);
  });
});

describe('shuffle', () => {
  it('permutes without losing items, deterministically for a seed, and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const a = shuffle(input, seededRandom(1));
    expect([...a].sort((x, y) => x - y)).toEqual(input);
    expect(shuffle(input, seededRandom(1))).toEqual(a);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const differs = [2, 3, 4, 5].some((s) => shuffle(input, seededRandom(s)).join() !== input.join());
    expect(differs).toBe(true);
  });
});
