/**
 * A small ordinal logistic model over the grader's features: one strength s = w·features, and two
 * cut points on it (incorrect | partly right | correct). P(at least partly right) = σ(s − cuts[0]),
 * P(correct) = σ(s − cuts[1]). One ordered scale keeps "more of the reference covered" from ever
 * meaning a worse verdict, which matters on decks unlike the data it was fitted on.
 * The weights, cut points and decision thresholds are fitted on the SAF benchmark's train rows only by
 * scripts/fit-grader.ts, which writes combiner-weights.ts.
 */
import { COMBINER } from './combiner-weights.js';

export interface CombinerModel {
  features: readonly string[];
  /** One weight per feature (the first feature is the constant 1). */
  weights: readonly number[];
  cuts: readonly [number, number];
  /** Verdict thresholds on the strength, for a card without an answer bank and for one with (the 'banked' feature). */
  thresholds: { plain: Thresholds; banked: Thresholds };
}

/** Correct at or above `correct`, partly right at or above `partial`. */
export interface Thresholds {
  correct: number;
  partial: number;
}

export interface Strength {
  /** w·features, less the card's shift (strengthOf). */
  s: number;
  /** P(correct) + ½ P(partly right): the expected mark. */
  score: number;
  verdict: 'correct' | 'partial' | 'incorrect';
}

/**
 * `shift`: how far the card's own bar for correct is from the usual one (calibration.ts). The bar for
 * correct moves by it (the one for partly right no higher than that), and the score is that of the
 * strength moved back by it, so that it says how far the answer is from this card's bar.
 */
export function strengthOf(features: readonly number[], model: CombinerModel = COMBINER, shift = 0): Strength {
  const raw = model.weights.reduce((acc, w, i) => acc + w * (features[i] ?? 0), 0);
  const s = raw - shift;
  const atLeastPartial = sigmoid(s - model.cuts[0]);
  const correct = sigmoid(s - model.cuts[1]);
  const banked = (features[model.features.indexOf('banked')] ?? 0) > 0;
  const usual = banked ? model.thresholds.banked : model.thresholds.plain;
  const atCorrect = usual.correct + shift;
  const atPartial = Math.min(usual.partial, atCorrect);
  const verdict = raw >= atCorrect ? 'correct' : raw >= atPartial ? 'partial' : 'incorrect';
  return { s, score: correct + 0.5 * (atLeastPartial - correct), verdict };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
