/**
 * Scores a generator with the project's digit classifier: confidence (are the samples digit-like?), the spread of
 * predicted digits (mode collapse shows as a skewed spread) and agreement with the requested digit.
 */
import { classify } from './classifier.js';
import { PIXELS } from './data.js';
import { CLASS_COUNT, type Params } from './nets.js';
import { latentVectors } from './rng.js';
import { runGenerator } from './sampler.js';

export interface GanScore {
  samples: number;
  /** Mean probability the classifier gives its chosen digit. */
  meanConfidence: number;
  /** Share of samples predicted as each digit 0..9. */
  predictedShare: number[];
  /** Entropy of predictedShare / log(10): 1 is a perfectly even spread, 0 is one digit only. */
  spreadEntropy: number;
  /** Fewest / most predicted digit count (1 is even). */
  minMaxRatio: number;
  /** Share of samples whose predicted digit is the requested one. */
  agreement: number;
  agreementPerDigit: number[];
  /**
   * Mean pixel distance between two samples of the same digit (RMS over 784 pixels). Mode collapse within a digit
   * (the same sample whatever the seed) drives it towards 0; compare with real digits.
   */
  sameDigitDistance: number;
}

/** Mean RMS pixel distance over pairs of images that share a label (first `limit` of each label). */
export function sameLabelDistance(pixels: Float32Array, labels: number[], limit = 40): number {
  const byLabel = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label) ?? [];
    if (list.length < limit) list.push(i);
    byLabel.set(label, list);
  });
  let sum = 0;
  let pairs = 0;
  for (const list of byLabel.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const ia = (list[a] as number) * PIXELS;
        const ib = (list[b] as number) * PIXELS;
        let squared = 0;
        for (let p = 0; p < PIXELS; p++) squared += ((pixels[ia + p] as number) - (pixels[ib + p] as number)) ** 2;
        sum += Math.sqrt(squared / PIXELS);
        pairs++;
      }
    }
  }
  return pairs ? sum / pairs : 0;
}

export function summarise(predicted: number[], confidence: number[], requested: number[], pixels: Float32Array): GanScore {
  const counts = new Array<number>(CLASS_COUNT).fill(0);
  const agreeCounts = new Array<number>(CLASS_COUNT).fill(0);
  const askedCounts = new Array<number>(CLASS_COUNT).fill(0);
  predicted.forEach((p, i) => {
    counts[p] = (counts[p] as number) + 1;
    const asked = requested[i] as number;
    askedCounts[asked] = (askedCounts[asked] as number) + 1;
    if (p === asked) agreeCounts[asked] = (agreeCounts[asked] as number) + 1;
  });
  const n = predicted.length;
  const share = counts.map((c) => c / n);
  const entropy = share.reduce((sum, p) => (p > 0 ? sum - p * Math.log(p) : sum), 0) / Math.log(CLASS_COUNT);
  return {
    samples: n,
    meanConfidence: confidence.reduce((a, b) => a + b, 0) / n,
    predictedShare: share,
    spreadEntropy: entropy,
    minMaxRatio: Math.min(...counts) / Math.max(...counts),
    agreement: agreeCounts.reduce((a, b) => a + b, 0) / n,
    agreementPerDigit: agreeCounts.map((a, d) => (askedCounts[d] ? a / (askedCounts[d] as number) : 0)),
    sameDigitDistance: sameLabelDistance(pixels, requested),
  };
}

/** `perDigit` samples of every digit, latent vectors from `seed`, scored in batches. */
export function scoreGenerator(generator: Params, classifier: Params, latentDim: number, perDigit = 100, seed = 2024): GanScore {
  const total = perDigit * CLASS_COUNT;
  const z = latentVectors(seed, total, latentDim);
  const requested = Array.from({ length: total }, (_, i) => i % CLASS_COUNT);
  const predicted: number[] = [];
  const confidence: number[] = [];
  const all = new Float32Array(total * PIXELS);
  const batch = 200;
  for (let start = 0; start < total; start += batch) {
    const end = Math.min(total, start + batch);
    const y = new Float32Array((end - start) * CLASS_COUNT);
    for (let i = start; i < end; i++) y[(i - start) * CLASS_COUNT + (requested[i] as number)] = 1;
    const pixels = runGenerator(generator, z.subarray(start * latentDim, end * latentDim), y, latentDim);
    all.set(pixels, start * PIXELS);
    const result = classify(classifier, pixels);
    predicted.push(...result.predicted);
    confidence.push(...result.confidence);
  }
  return summarise(predicted, confidence, requested, all);
}
