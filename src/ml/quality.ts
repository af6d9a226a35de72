/**
 * One row of `npm run eval:gan`: samples scored by the judge against unseen real digits, and the two baselines
 * that need no training (class means, per-class PCA-Gaussian).
 */
import * as tf from '@tensorflow/tfjs';
import { CLASSES, PIXELS, type DigitSet } from './data.js';
import { JUDGE_FEATURES, judge } from './judge.js';
import type { Params } from './layers.js';
import { frechetDistance, kthNeighbourRadii, memorisation, nearestDistances, precisionRecall, withinLabelDistance, type FeatureRows } from './metrics.js';
import { gaussian, mulberry32 } from './rng.js';

/** Samples per row (and unseen real digits) checked against every training digit in pixel space: the costly figure. */
const NN_PROBES = 300;

export interface QualityContext {
  judge: Params;
  /** Judge features of the reference digits (unseen by generators and judge). */
  reference: FeatureRows;
  /** k-NN radii of the reference (for precision; computed once). */
  referenceRadii: Float32Array;
  /** Mean within-digit feature distance of real digits (diversity 1.0 = as varied as real digits). */
  realDiversity: number;
  /** The generators' training digits (pixels), for the nearest-neighbour check. */
  train: FeatureRows;
  /** Nearest-training-digit distances of unseen real digits: what "no copying" looks like. */
  heldOutToTrain: Float32Array;
}

export interface QualityRow {
  samples: number;
  /** Judge's digit = requested digit (null for unconditional samples). */
  agreement: number | null;
  fid: number;
  precision: number;
  recall: number;
  /** Within-digit feature distance / the real digits' (by requested digit, else by judged digit). */
  diversity: number;
  /** Median nearest-training-digit distance / that of unseen real digits (below ~0.8: copying). */
  nnRatio: number;
  /** Share of samples closer to a training digit than 99% of unseen real digits are. */
  nearCopies: number;
  /** Share of samples the judge reads as each digit (collapse onto few digits shows here). */
  predictedShare: number[];
}

export function qualityContext(judgeParams: Params, reference: DigitSet, train: DigitSet): QualityContext {
  const ref = judge(judgeParams, reference.images);
  const referenceRows = { data: ref.features, dim: JUDGE_FEATURES };
  const trainRows = { data: train.images, dim: PIXELS };
  return {
    judge: judgeParams,
    reference: referenceRows,
    referenceRadii: kthNeighbourRadii(referenceRows, 3),
    realDiversity: withinLabelDistance(referenceRows, reference.labels),
    train: trainRows,
    heldOutToTrain: nearestDistances({ data: reference.images.subarray(0, Math.min(reference.count, NN_PROBES) * PIXELS), dim: PIXELS }, trainRows),
  };
}

export function scoreSamples(ctx: QualityContext, pixels: Float32Array, requested: number[] | null): QualityRow {
  const { predicted, features } = judge(ctx.judge, pixels);
  const rows = { data: features, dim: JUDGE_FEATURES };
  const n = predicted.length;
  const share = new Array<number>(CLASSES).fill(0);
  predicted.forEach((p) => (share[p]! += 1 / n));
  const { precision, recall } = precisionRecall(ctx.reference, rows, 3, ctx.referenceRadii);
  const memo = memorisation(nearestDistances({ data: pixels.subarray(0, Math.min(n, NN_PROBES) * PIXELS), dim: PIXELS }, ctx.train), ctx.heldOutToTrain);
  return {
    samples: n,
    agreement: requested ? predicted.filter((p, i) => p === requested[i]).length / n : null,
    fid: frechetDistance(rows, ctx.reference),
    precision,
    recall,
    diversity: withinLabelDistance(rows, requested ?? predicted) / ctx.realDiversity,
    nnRatio: memo.ratio,
    nearCopies: memo.nearCopies,
    predictedShare: share,
  };
}

/** Requested digits 0..9 repeated: sample i asks for digit i % 10. */
export function requestedDigits(perDigit: number): number[] {
  return Array.from({ length: perDigit * CLASSES }, (_, i) => i % CLASSES);
}

/** Baseline: every sample is its digit's mean image. */
export function classMeanSamples(train: DigitSet, requested: number[]): Float32Array {
  const means = new Float32Array(CLASSES * PIXELS);
  const counts = new Array<number>(CLASSES).fill(0);
  for (let i = 0; i < train.count; i++) {
    const label = train.labels[i]!;
    counts[label]!++;
    for (let p = 0; p < PIXELS; p++) means[label * PIXELS + p]! += train.images[i * PIXELS + p]!;
  }
  for (let c = 0; c < CLASSES; c++) for (let p = 0; p < PIXELS; p++) means[c * PIXELS + p]! /= Math.max(1, counts[c]!);
  const out = new Float32Array(requested.length * PIXELS);
  requested.forEach((label, i) => out.set(means.subarray(label * PIXELS, (label + 1) * PIXELS), i * PIXELS));
  return out;
}

/**
 * Baseline: per digit, a Gaussian in the span of the top `components` principal components of the training
 * digits (found by subspace iteration), sampled and clipped to [0, 1].
 */
export function pcaGaussianSamples(train: DigitSet, requested: number[], components = 20, seed = 99): Float32Array {
  const out = new Float32Array(requested.length * PIXELS);
  const normal = gaussian(mulberry32(seed));
  for (let c = 0; c < CLASSES; c++) {
    const rows: number[] = [];
    for (let i = 0; i < train.count; i++) if (train.labels[i] === c) rows.push(i);
    const images = new Float32Array(rows.length * PIXELS);
    rows.forEach((r, i) => images.set(train.images.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS));
    const [mean, basis, scales] = tf.tidy(() => {
      const x = tf.tensor2d(images, [rows.length, PIXELS]);
      const mu = tf.mean(x, 0, true);
      const centred = tf.sub(x, mu);
      const cov = tf.div(tf.matMul(centred, centred, true, false), rows.length - 1);
      let v = tf.randomNormal([PIXELS, components], 0, 1, 'float32', seed + c) as tf.Tensor2D;
      for (let it = 0; it < 30; it++) v = (tf.linalg.gramSchmidt(tf.matMul(cov as tf.Tensor2D, v).transpose() as tf.Tensor2D) as tf.Tensor2D).transpose();
      const variances = tf.sum(tf.mul(v, tf.matMul(cov as tf.Tensor2D, v)), 0);
      return [mu.dataSync(), v.dataSync(), tf.sqrt(tf.relu(variances)).dataSync()] as Float32Array[];
    });
    requested.forEach((label, i) => {
      if (label !== c) return;
      const coeffs = Array.from({ length: components }, (_, k) => normal() * scales![k]!);
      for (let p = 0; p < PIXELS; p++) {
        let v = mean![p]!;
        for (let k = 0; k < components; k++) v += basis![p * components + k]! * coeffs[k]!;
        out[i * PIXELS + p] = Math.min(1, Math.max(0, v));
      }
    });
  }
  return out;
}
