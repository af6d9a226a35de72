/**
 * Fits the typed-answer grader's combiner (src/core/grading/combiner.ts) on the SAF benchmark's train
 * rows only, and writes the weights and thresholds to src/core/grading/combiner-weights.ts.
 *
 *   npm run fit:grader               # fit, print train figures, write the weights
 *   npm run fit:grader -- --dry-run  # fit and print only
 *   npm run fit:grader -- --dry-run --false-pass-limit 1   # what the thresholds would be without the limit
 *   npm run fit:grader -- --dry-run --cv   # also a cross-validated estimate over unseen train questions
 *
 * The model: ordinal logistic regression over FEATURE_NAMES (features.ts), each weight held to the sign
 * FEATURE_SIGNS gives it, classes weighted by the inverse of their frequency (Incorrect is 5% of the
 * rows), L2 penalty, full-batch gradient descent. Then the two verdict thresholds on the strength are
 * picked on the same train rows: the ones with the best accuracy + macro-F1
 * among those whose false-pass rate (Incorrect graded correct) stays at most FALSE_PASS_LIMIT.
 * Deterministic: no random start, a fixed number of steps.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { clausesOf } from '../src/core/grading/clauses.js';
import { sigmoid, type CombinerModel } from '../src/core/grading/combiner.js';
import { FEATURE_NAMES, FEATURE_SIGNS, compare, otherCardFit } from '../src/core/grading/features.js';
import { fromRoot } from '../src/paths.js';
import { fails, flagsOf } from '../src/core/grading/typed.js';
import { trigramsOf } from '../src/core/grading/trigrams.js';
import { LABELS, SAF_FILE, casesOf, readSet } from './grading-sets.js';

const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, saf: { type: 'string', default: SAF_FILE }, 'false-pass-limit': { type: 'string', default: '0.05' }, cv: { type: 'boolean', default: false } },
});

const FALSE_PASS_LIMIT = Number(values['false-pass-limit']);
const L2 = 0.01;
const STEPS = 3000;
const LEARNING_RATE = 0.5;
const FOLDS = 5;

const train = readSet(values.saf).filter((r) => r.split === 'train');
const cases = casesOf(train);
const comparisons = cases.map((c) => {
  const answer = c.row.answer.trim().replace(/\s+/g, ' ');
  const clauses = clausesOf(answer);
  return compare(clauses, trigramsOf(answer), c.card.reference, otherCardFit(clauses, c.card, c.deck));
});
const X = comparisons.map((c) => c.features);
// Answers the rules fail (negation, swapped roles, …) are incorrect whatever the thresholds: they are
// left out of the fit and counted as graded incorrect when the thresholds are chosen.
const failed = comparisons.map((c) => fails(flagsOf(c)));
const y = cases.map((c) => LABELS.indexOf(c.row.label));
const F = FEATURE_NAMES.length;
const K = LABELS.length;
const counts = LABELS.map((_, k) => y.filter((v) => v === k).length);

interface Fitted {
  weights: number[];
  cuts: [number, number];
  thresholds: { correct: number; partial: number };
  figures: { accuracy: number; macroF1: number; falsePass: number };
}

/** Fits weights, cut points and thresholds on the rows `rows` (indices into X). */
function fit(rows: number[]): Fitted {
  const Xs = rows.map((i) => X[i]!);
  const ys = rows.map((i) => y[i]!);
  const fs = rows.map((i) => failed[i]!);
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
      if (fs[i]) return;
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

  // Thresholds on the strength: a grid between the extremes seen on these rows.
  const strengths = Xs.map((x) => strength(x, weights));
  const lo = Math.min(...strengths);
  const hi = Math.max(...strengths);
  let best = { correct: fitted[1], partial: fitted[0], objective: -1, figures: { accuracy: 0, macroF1: 0, falsePass: 1 } };
  const GRID = 120;
  for (let a = 0; a <= GRID; a++) {
    const tc = lo + ((hi - lo) * a) / GRID;
    for (let b = 0; b <= a; b++) {
      const tp = lo + ((hi - lo) * b) / GRID;
      const predicted = strengths.map((s, i) => (fs[i] ? 2 : s >= tc ? 0 : s >= tp ? 1 : 2));
      const f = figures(ys, predicted);
      const objective = f.accuracy + f.macroF1;
      if (f.falsePass <= FALSE_PASS_LIMIT && objective > best.objective) best = { correct: round4(tc), partial: round4(tp), objective, figures: f };
    }
  }
  return { weights, cuts: fitted, thresholds: { correct: best.correct, partial: best.partial }, figures: best.figures };
}

function strength(x: number[], weights: number[]): number {
  return x.reduce((acc, v, j) => acc + v * weights[j]!, 0);
}

function verdictOf(i: number, m: Fitted): number {
  const s = strength(X[i]!, m.weights);
  return failed[i] ? 2 : s >= m.thresholds.correct ? 0 : s >= m.thresholds.partial ? 1 : 2;
}

const all = X.map((_, i) => i);
const model = fit(all);
console.log(`train rows: ${X.length} (${LABELS.map((l, k) => `${l} ${counts[k]}`).join(', ')})`);
console.log(`thresholds: correct ≥ ${model.thresholds.correct}, partial ≥ ${model.thresholds.partial}`);
console.log(`train: ${line(model.figures)}`);
console.log(`cut points: ${model.cuts.join(', ')}`);
FEATURE_NAMES.forEach((name, j) => console.log(`  ${name.padEnd(12)} ${model.weights[j]!.toFixed(3).padStart(8)}`));

// What to expect on questions it has not seen: each fifth of the train questions graded by a model
// (weights and thresholds) fitted on the other four fifths. Printed only; the weights come from all rows.
if (values.cv) {
  const questions = [...new Set(cases.map((c) => c.row.question))].sort();
  const fold = new Map(questions.map((q, i) => [q, i % FOLDS]));
  const predicted = new Array<number>(X.length).fill(2);
  for (let k = 0; k < FOLDS; k++) {
    const held = all.filter((i) => fold.get(cases[i]!.row.question) === k);
    const m = fit(all.filter((i) => fold.get(cases[i]!.row.question) !== k));
    for (const i of held) predicted[i] = verdictOf(i, m);
  }
  console.log(`cross-validated over unseen train questions (${FOLDS} folds): ${line(figures(y, predicted))}`);
}

const written: CombinerModel = { features: FEATURE_NAMES, weights: model.weights, cuts: model.cuts, thresholds: model.thresholds };
if (!values['dry-run']) {
  const file = fromRoot('src/core/grading/combiner-weights.ts');
  writeFileSync(
    file,
    `// Written by scripts/fit-grader.ts (npm run fit:grader) from the SAF train rows; do not edit by hand.\n` +
      `import type { CombinerModel } from './combiner.js';\n\n` +
      `export const COMBINER: CombinerModel = ${JSON.stringify(written, null, 2)};\n`,
  );
  console.log(`wrote ${file}`);
}

function line(f: { accuracy: number; macroF1: number; falsePass: number }): string {
  return `accuracy=${f.accuracy.toFixed(3)} macro_f1=${f.macroF1.toFixed(3)} false_pass=${f.falsePass.toFixed(3)}`;
}

function figures(gold: number[], predicted: number[]): { accuracy: number; macroF1: number; falsePass: number } {
  const f1 = LABELS.map((_, k) => {
    const tp = gold.filter((g, i) => g === k && predicted[i] === k).length;
    const denom = gold.filter((g) => g === k).length + predicted.filter((p) => p === k).length;
    return denom > 0 ? (2 * tp) / denom : 0;
  });
  const incorrect = gold.filter((g) => g === 2).length;
  return {
    accuracy: gold.filter((g, i) => g === predicted[i]).length / gold.length,
    macroF1: f1.reduce((a, b) => a + b, 0) / K,
    falsePass: incorrect > 0 ? gold.filter((g, i) => g === 2 && predicted[i] === 0).length / incorrect : 0,
  };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
