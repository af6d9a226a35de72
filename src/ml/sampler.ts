/**
 * Turns a GenerateRequest into latent vectors and labels (all from the seed, so the result is reproducible)
 * and runs the generator on them.
 */
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../core/errors.js';
import type { GenerateOptionName, GenerateRequest } from '../core/ports.js';
import { CLASSES as CLASS_COUNT } from './data.js';
import { generatePixels } from './gan.js';
import type { Params } from './layers.js';
import { latentVectors, mulberry32, shuffleInPlace } from './rng.js';

export const GRID_COLS = 4;
export const GRID_ROWS = 4;
export const INTERPOLATION_STEPS = 8;
export const MAX_SEED = 0xffffffff;

export interface GeneratorWeights {
  name: string;
  latentDim: number;
  conditional: boolean;
  params: Params;
  /** Latent vectors are scaled by this at inference (the truncation trick; 1 = none). */
  truncation: number;
}

export interface SampleBatch {
  /** count x 784 pixels in [0, 1]. */
  pixels: Float32Array;
  /** The digit each image was asked for (for conditional models; interpolation reports the nearer end). */
  labels: number[];
  cols: number;
  rows: number;
}

/** Rejects values the core should already have filtered, so a bad call never reaches TensorFlow. */
export function validateRequest(request: GenerateRequest, takes: readonly GenerateOptionName[], takesText: string): void {
  const isSeed = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_SEED;
  if (!isSeed(request.seed)) throw new UserError(`Seed must be a whole number from 0 to ${MAX_SEED}.`);
  if (request.interpolateTo !== undefined && !takes.includes('interpolate')) throw new UserError(`The ${request.model} model does not take interpolate. It takes: ${takesText}.`);
  if (request.interpolateTo !== undefined && !isSeed(request.interpolateTo)) {
    throw new UserError(`The seed to interpolate to must be a whole number from 0 to ${MAX_SEED}.`);
  }
  if (request.digit !== undefined) {
    if (!takes.includes('digit')) throw new UserError(`The ${request.model} model does not take a digit. It takes: ${takesText}.`);
    if (!Number.isInteger(request.digit) || request.digit < 0 || request.digit > 9) {
      throw new UserError('Digit must be a whole number from 0 to 9.');
    }
  }
}

/** A mix of digits for an unconditioned grid: every digit once, then a few more, in a seed-determined order. */
export function mixedLabels(seed: number, count: number): number[] {
  const uniform = mulberry32((seed ^ 0x9e3779b9) >>> 0);
  const labels: number[] = [];
  while (labels.length < count) labels.push(...shuffleInPlace([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], uniform));
  return labels.slice(0, count);
}

function oneHotRows(labels: number[]): Float32Array {
  const out = new Float32Array(labels.length * CLASS_COUNT);
  labels.forEach((label, i) => (out[i * CLASS_COUNT + label] = 1));
  return out;
}

/** Latent vectors and label vectors for a request (no TensorFlow involved). */
export function requestInputs(request: GenerateRequest, latentDim: number): { z: Float32Array; y: Float32Array; labels: number[]; cols: number; rows: number } {
  if (request.interpolateTo === undefined) {
    const count = GRID_COLS * GRID_ROWS;
    const labels = request.digit !== undefined ? new Array<number>(count).fill(request.digit) : mixedLabels(request.seed, count);
    return { z: latentVectors(request.seed, count, latentDim), y: oneHotRows(labels), labels, cols: GRID_COLS, rows: GRID_ROWS };
  }
  const steps = INTERPOLATION_STEPS;
  const from = latentVectors(request.seed, 1, latentDim);
  const to = latentVectors(request.interpolateTo, 1, latentDim);
  const fromLabel = request.digit ?? (mixedLabels(request.seed, 1)[0] as number);
  const toLabel = request.digit ?? (mixedLabels(request.interpolateTo, 1)[0] as number);
  const z = new Float32Array(steps * latentDim);
  const y = new Float32Array(steps * CLASS_COUNT);
  const labels: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let d = 0; d < latentDim; d++) z[s * latentDim + d] = (1 - t) * (from[d] as number) + t * (to[d] as number);
    // the label walks too (a blend of the two one-hot vectors) when no digit is fixed
    y[s * CLASS_COUNT + fromLabel] = (y[s * CLASS_COUNT + fromLabel] as number) + (1 - t);
    y[s * CLASS_COUNT + toLabel] = (y[s * CLASS_COUNT + toLabel] as number) + t;
    labels.push(t < 0.5 ? fromLabel : toLabel);
  }
  return { z, y, labels, cols: steps, rows: 1 };
}

/** Runs the generator on explicit inputs (latent vectors scaled by `truncation`); returns pixels in [0, 1]. */
export function runGenerator(params: Params, z: Float32Array, y: Float32Array, latentDim: number, truncation = 1): Float32Array {
  const count = z.length / latentDim;
  return tf.tidy(() => {
    const input = tf.concat([tf.mul(tf.tensor2d(z, [count, latentDim]), truncation), tf.tensor2d(y, [count, CLASS_COUNT])], 1);
    return generatePixels(params, input).dataSync() as Float32Array;
  });
}

/** A GAN's grid (or latent walk) for a request whose options were already checked. */
export function sample(weights: GeneratorWeights, request: GenerateRequest): SampleBatch {
  const inputs = requestInputs(request, weights.latentDim);
  const pixels = runGenerator(weights.params, inputs.z, inputs.y, weights.latentDim, weights.truncation);
  return { pixels, labels: inputs.labels, cols: inputs.cols, rows: inputs.rows };
}
