/** The project's own digit classifier, used to score generated samples (confidence, spread, agreement). */
import * as tf from '@tensorflow/tfjs';
import { classifierSpec, mlp, type Params } from './nets.js';
import { PIXELS } from './data.js';

export interface Classification {
  /** Most likely digit per image. */
  predicted: number[];
  /** Probability of that digit per image. */
  confidence: number[];
}

export function classify(params: Params, pixels: Float32Array): Classification {
  const count = pixels.length / PIXELS;
  const probs = tf.tidy(() => tf.softmax(mlp(params, 'c', classifierSpec, tf.tensor2d(pixels, [count, PIXELS]))).dataSync());
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if ((probs[i * 10 + k] as number) > (probs[i * 10 + best] as number)) best = k;
    predicted.push(best);
    confidence.push(probs[i * 10 + best] as number);
  }
  return { predicted, confidence };
}
