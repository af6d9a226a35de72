/**
 * What /generate draws for each model, as panels for png.ts. Everything is a function of the request's seed (and
 * digit), so the same request gives the same bytes.
 */
import * as tf from '@tensorflow/tfjs';
import type { GenerateRequest } from '../core/ports.js';
import { aeReconstruct, besideReconstructions, latentGrid, vaeDecode, vaeReconstruct, VAE_LATENT } from './autoencoders.js';
import type { ModelName } from './catalog.js';
import { cycleRows, morph } from './cyclegan.js';
import { PIXELS, type DigitSet } from './data.js';
import type { Params } from './layers.js';
import type { Panel } from './png.js';
import { latentVectors, mulberry32, shuffleInPlace } from './rng.js';
import { GRID_COLS, GRID_ROWS, sample } from './sampler.js';
import type { EpochRecord } from './training.js';

export interface LoadedModel {
  name: ModelName;
  params: Params;
  meta: { latentDim?: number; conditional?: boolean; truncation?: number; history?: EpochRecord[] };
  /** Unseen real digits the reconstructions start from. */
  digits: DigitSet;
}

const CHART_COLOURS = [
  [255, 140, 60],
  [80, 190, 255],
] as const;

/** `count` preview digits picked by the seed (only of `digit` when given). */
export function pickDigits(digits: DigitSet, seed: number, count: number, digit?: number): Float32Array {
  const rows = Array.from({ length: digits.count }, (_, i) => i).filter((i) => digit === undefined || digits.labels[i] === digit);
  const chosen = shuffleInPlace(rows, mulberry32(seed)).slice(0, count);
  const out = new Float32Array(count * PIXELS);
  chosen.forEach((r, i) => out.set(digits.images.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS));
  return out;
}

/** A chart of named losses from the training history (one line per loss, each on its own scale). */
function lossChart(history: EpochRecord[] | undefined, names: string[], height: number): Panel {
  return {
    type: 'chart',
    width: 260,
    height,
    series: names.map((name, i) => ({ values: (history ?? []).map((h) => h.losses[name] ?? 0), color: CHART_COLOURS[i % 2]! })),
  };
}

/** The VAE's map of its latent space is the same in every picture: decoded once per loaded model. */
const latentMaps = new WeakMap<Params, Float32Array>();
function latentMap(params: Params): Float32Array {
  let map = latentMaps.get(params);
  if (!map) {
    map = tf.tidy(() => vaeDecode(params, tf.tensor2d(latentGrid(8), [64, VAE_LATENT])).dataSync() as Float32Array);
    latentMaps.set(params, map);
  }
  return map;
}

export function drawPicture(model: LoadedModel, request: GenerateRequest): Panel[] {
  switch (model.name) {
    case 'dcgan':
    case 'wgan': {
      const weights = { name: model.name, latentDim: model.meta.latentDim ?? 32, conditional: true, params: model.params, truncation: model.meta.truncation ?? 1 };
      const batch = sample(weights, request);
      const grid: Panel = { type: 'grid', pixels: batch.pixels, cols: batch.cols, rows: batch.rows };
      return model.name === 'wgan' && request.interpolateTo === undefined ? [grid, lossChart(model.meta.history, ['W'], 200)] : [grid];
    }
    case 'ae': {
      const pairs = besideReconstructions(pickDigits(model.digits, request.seed, 16, request.digit), (x) => aeReconstruct(model.params, x));
      return [{ type: 'grid', ...pairs }];
    }
    case 'vae': {
      const z = latentVectors(request.seed, GRID_COLS * GRID_ROWS, VAE_LATENT);
      const samples = tf.tidy(() => vaeDecode(model.params, tf.tensor2d(z, [GRID_COLS * GRID_ROWS, VAE_LATENT])).dataSync() as Float32Array);
      const map = latentMap(model.params);
      const pairs = besideReconstructions(pickDigits(model.digits, request.seed, 8), (x) => vaeReconstruct(model.params, x), 2);
      return [
        { type: 'grid', pixels: samples, cols: GRID_COLS, rows: GRID_ROWS },
        { type: 'grid', pixels: map, cols: 8, rows: 8, scale: 2, gap: 2 },
        { type: 'grid', ...pairs, scale: 2, gap: 2 },
        lossChart(model.meta.history, ['recon', 'kl'], 200),
      ];
    }
    case 'cyclegan': {
      const thin = morph(pickDigits(model.digits, request.seed, 8, request.digit), 'erode', 2);
      return [{ type: 'grid', pixels: cycleRows(model.params, thin, 'ab'), cols: 8, rows: 3 }];
    }
  }
}
