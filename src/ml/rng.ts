/** Seeded randomness so the same seed always gives the same latent vectors (and so the same PNG bytes). */

import { seededRandom } from '../core/random.js';

export { shuffleInPlace } from '../core/random.js';

/** mulberry32, the same generator the core's shuffles use. */
export const mulberry32 = seededRandom;

/** Standard normal samples (Box-Muller) from a uniform source. */
export function gaussian(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - uniform(); // (0, 1]: log never sees 0
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

/** `count` latent vectors of length `dim`, flattened, fully determined by `seed`. */
export function latentVectors(seed: number, count: number, dim: number): Float32Array {
  const normal = gaussian(mulberry32(seed));
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = normal();
  return out;
}

