/**
 * The fitting behind scripts/fit-grader.ts: ordinal logistic regression over the grader's features, each
 * weight held to the sign FEATURE_SIGNS gives it, classes weighted by the inverse of their frequency
 * (Incorrect is 5% of SAF's rows), L2 penalty, full-batch gradient descent; then the two verdict
 * thresholds on the strength, picked on the same rows (one pair for rows with an answer bank, one for rows
 * without): the best accuracy + macro-F1 among those whose false-pass rate (Incorrect graded correct) stays
 * at most `falsePassLimit`.
 * Deterministic: no random start, a fixed number of steps.
 */
import { sigmoid, type CombinerModel, type Thresholds } from '../src/core/grading/combiner.js';
import { FEATURE_NAMES, FEATURE_SIGNS } from '../src/core/grading/features.js';
import { LABELS } from './grading-sets.js';

const L2 = 0.01;
const STEPS = 3000;
const LEARNING_RATE = 0.5;
const GRID = 120;
const BANKED_AT = FEATURE_NAMES.indexOf('banked');

/** One answer as the fit sees it: its features, the teacher's label (index into LABELS), and whether a rule fails it. */
export interface Sample {
  x: number[];
  y: number;
  /** Failed by a rule (negation, swapped roles, …): incorrect whatever the thresholds, left out of the fit. */
  failed: boolean;
}

export interface Fitted {
  weights: number[];
  cuts: [number, number];
  thresholds: CombinerModel['thresholds'];
  figures: Figures;
}

export interface Figures {
  accuracy: number;
  macroF1: number;
  falsePass: number;
}

export function fit(samples: Sample[], falsePassLimit: number): Fitted {
  const F = samples[0]!.x.length;
  const K = LABELS.length;
  const Xs = samples.map((s) => s.x);
  const ys = samples.map((s) => s.y);
  // Standardise for the fit, then fold the scaling back into the weights.
  const mean = Array.from({ length: F }, (_, j) => (j === 0 ? 0 : Xs.reduce((a, x) => a + x[j]!, 0) / Xs.length));
  const sd = Array.from({ length: F }, (_, j) => (j === 0 ? 1 : Math.sqrt(Xs.reduce((a, x) => a + (x[j]! - mean[j]!) ** 2, 0) / Xs.length) || 1));
  const Z = Xs.map((x) => x.map((v, j) => (j === 0 ? 1 : (v - mean[j]!) / sd[j]!)));
  const n = LABELS.map((_, k) => Math.max(1, ys.filter((v) => v === k).length));
  const classWeight = n.map((c) => Xs.length / (K * c));

  // Ordinal classes: 0 Incorrect < 1 Partially correct < 2 Correct.
  const ordinal = ys.map((k) => 2 - k);
  let w = new Array<number>(F).fill(0);
  let cuts: [number, number] = [-0.5, 0.5];
  for (let step = 0; step < STEPS; step++) {
    const gw = new Array<number>(F).fill(0);
    const gc = [0, 0];
    let totalWeight = 0;
    Z.forEach((z, i) => {
      if (samples[i]!.failed) return;
      const s = z.reduce((acc, v, j) => acc + v * w[j]!, 0);
      const cw = classWeight[ys[i]!]!;
      totalWeight += cw;
      // P(class) = σ(s − c_lower) − σ(s − c_upper), with c_-1 = −∞, c_2 = +∞.
      const lower = ordinal[i]! === 0 ? null : cuts[ordinal[i]! - 1]!;
      const upper = ordinal[i]! === 2 ? null : cuts[ordinal[i]!]!;
      const a = lower === null ? 1 : sigmoid(s - lower);
      const b = upper === null ? 0 : sigmoid(s - upper);
      const p = Math.max(a - b, 1e-9);
      const da = lower === null ? 0 : a * (1 - a);
      const db = upper === null ? 0 : b * (1 - b);
      const dS = -(da - db) / p; // d(−log p)/ds
      for (let j = 1; j < F; j++) gw[j]! += cw * dS * z[j]!;
      if (lower !== null) gc[ordinal[i]! - 1]! += cw * (da / p);
      if (upper !== null) gc[ordinal[i]!]! += cw * (-db / p);
    });
    w = w.map((v, j) => (j === 0 ? 0 : v - LEARNING_RATE * (gw[j]! / totalWeight + L2 * v)));
    // Keep each weight's sign (FEATURE_SIGNS); the cut points stay ordered.
    w = w.map((v, j) => (FEATURE_SIGNS[j]! > 0 ? Math.max(0, v) : FEATURE_SIGNS[j]! < 0 ? Math.min(0, v) : v));
    cuts = [cuts[0] - LEARNING_RATE * (gc[0]! / totalWeight), cuts[1] - LEARNING_RATE * (gc[1]! / totalWeight)];
    if (cuts[1] < cuts[0] + 0.01) cuts = [cuts[0], cuts[0] + 0.01];
  }
  // Undo the standardisation: s = Σ w_j (x_j − mean_j) / sd_j = bias + Σ (w_j / sd_j) x_j.
  const raw = w.map((v, j) => (j === 0 ? 0 : v / sd[j]!));
  raw[0] = -w.reduce((acc, v, j) => (j === 0 ? acc : acc + (v * mean[j]!) / sd[j]!), 0);
  const weights = raw.map((v) => Number(v.toFixed(4)));
  const fitted: [number, number] = [Number(cuts[0].toFixed(4)), Number(cuts[1].toFixed(4))];

  // Thresholds on the strength, one pair per kind of card: a card with an answer bank and one without
  // differ in how far their strengths reach, and a card without one (any new deck) must not inherit
  // the pair that suits cards with one.
  const strengths = Xs.map((x) => strength(x, weights));
  const pick = (banked: boolean) => {
    const rows = samples.map((_, i) => i).filter((i) => isBanked(samples[i]!) === banked);
    return pickThresholds(rows.map((i) => strengths[i]!), rows.map((i) => samples[i]!), falsePassLimit);
  };
  const plain = pick(false);
  const banked = samples.some(isBanked) ? pick(true) : plain;
  const predicted = samples.map((sample) => verdictAt(strength(sample.x, weights), sample.failed, isBanked(sample) ? banked : plain));
  return { weights, cuts: fitted, thresholds: { plain, banked }, figures: figuresOf(ys, predicted) };
}

/** Does this sample have an answer bank (the 'banked' feature)? */
export function isBanked(sample: Sample): boolean {
  return (sample.x[BANKED_AT] ?? 0) > 0;
}

/** The best accuracy + macro-F1 pair on a grid between the extremes seen, among those within the false-pass limit. */
function pickThresholds(strengths: number[], samples: Sample[], falsePassLimit: number): Thresholds {
  const ys = samples.map((s) => s.y);
  const lo = Math.min(...strengths);
  const hi = Math.max(...strengths);
  let best = { correct: hi, partial: lo, objective: -1 };
  for (let a = 0; a <= GRID; a++) {
    const tc = lo + ((hi - lo) * a) / GRID;
    for (let b = 0; b <= a; b++) {
      const tp = lo + ((hi - lo) * b) / GRID;
      const predicted = strengths.map((s, i) => verdictAt(s, samples[i]!.failed, { correct: tc, partial: tp }));
      const f = figuresOf(ys, predicted);
      const objective = f.accuracy + f.macroF1;
      if (f.falsePass <= falsePassLimit && objective > best.objective) best = { correct: round4(tc), partial: round4(tp), objective };
    }
  }
  return { correct: best.correct, partial: best.partial };
}

function verdictAt(s: number, failed: boolean, t: Thresholds): number {
  return failed ? 2 : s >= t.correct ? 0 : s >= t.partial ? 1 : 2;
}

export function strength(x: number[], weights: readonly number[]): number {
  return x.reduce((acc, v, j) => acc + v * weights[j]!, 0);
}

/** The verdict (index into LABELS) a fitted model gives a sample. */
export function verdictOf(sample: Sample, m: Fitted): number {
  return verdictAt(strength(sample.x, m.weights), sample.failed, isBanked(sample) ? m.thresholds.banked : m.thresholds.plain);
}

export function figuresOf(gold: number[], predicted: number[]): Figures {
  const f1 = LABELS.map((_, k) => {
    const tp = gold.filter((g, i) => g === k && predicted[i] === k).length;
    const denom = gold.filter((g) => g === k).length + predicted.filter((p) => p === k).length;
    return denom > 0 ? (2 * tp) / denom : 0;
  });
  const incorrect = gold.filter((g) => g === 2).length;
  return {
    accuracy: gold.filter((g, i) => g === predicted[i]).length / gold.length,
    macroF1: f1.reduce((a, b) => a + b, 0) / LABELS.length,
    falsePass: incorrect > 0 ? gold.filter((g, i) => g === 2 && predicted[i] === 0).length / incorrect : 0,
  };
}

export function line(f: Figures): string {
  return `accuracy=${f.accuracy.toFixed(3)} macro_f1=${f.macroF1.toFixed(3)} false_pass=${f.falsePass.toFixed(3)}`;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
