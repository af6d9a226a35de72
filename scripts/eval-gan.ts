/**
 * npm run eval:gan [-- --per-digit 100 --models-dir models --json out.json]
 * Scores each shipped generator with the shipped digit classifier; real held-out digits give the reference.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/ml/backend.js';
import { GAN_CATALOG } from '../src/ml/catalog.js';
import { classify } from '../src/ml/classifier.js';
import * as tf from '@tensorflow/tfjs';
import { loadDigits, PIXELS } from '../src/ml/data.js';
import { toGanScale, toPixels } from '../src/ml/nets.js';
import { scoreGenerator, summarise, type GanScore } from '../src/ml/evaluate.js';
import { modelsDir as defaultModelsDir } from '../src/ml/paths.js';
import { loadWeights, toTensors } from '../src/ml/weights.js';

const { values } = parseArgs({
  options: {
    'per-digit': { type: 'string', default: '100' },
    'models-dir': { type: 'string' },
    json: { type: 'string' },
  },
});
const perDigit = Number(values['per-digit']);
const dir = values['models-dir'] ?? defaultModelsDir();

await selectBackend('auto', (m) => console.log(m));
const classifier = toTensors((await loadWeights(join(dir, 'classifier'))).values, 'c/');

const { test } = loadDigits(0.2);
const real = classify(classifier, test.images);
const results: Record<string, GanScore> = { 'real held-out digits': summarise(real.predicted, real.confidence, [...test.labels], test.images) };
// the GANs draw at 14x14 and upsample: the same round trip on real digits is the fair reference for them
const realSmall = tf.tidy(() => toPixels(toGanScale(tf.tensor2d(test.images, [test.count, PIXELS]))).dataSync() as Float32Array);
const small = classify(classifier, realSmall);
results['real, 14x14 round trip'] = summarise(small.predicted, small.confidence, [...test.labels], realSmall);

for (const info of GAN_CATALOG) {
  const { manifest, values: weights } = await loadWeights<{ latentDim: number; epochsDone: number }>(join(dir, info.name));
  const started = performance.now();
  results[info.name] = scoreGenerator(toTensors(weights, 'g/'), classifier, manifest.meta.latentDim, perDigit);
  console.log(`${info.name}: scored ${perDigit * 10} samples in ${((performance.now() - started) / 1000).toFixed(1)} s (${manifest.meta.epochsDone} epochs trained)`);
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
console.log('\n(agreement: predicted digit = requested digit; for real digits, the classifier\'s accuracy)');
console.log('source                 | samples | confidence | agreement | spread entropy | min/max | same-digit distance | predicted share % 0..9');
for (const [name, s] of Object.entries(results)) {
  console.log(
    `${name.padEnd(22)} | ${String(s.samples).padStart(7)} | ${pct(s.meanConfidence).padStart(10)} | ${pct(s.agreement).padStart(9)} | ${s.spreadEntropy.toFixed(3).padStart(14)} | ${s.minMaxRatio.toFixed(2).padStart(7)} | ${s.sameDigitDistance.toFixed(3).padStart(19)} | ${s.predictedShare.map((p) => (p * 100).toFixed(0)).join(' ')}`,
  );
}
for (const info of GAN_CATALOG) {
  const s = results[info.name] as GanScore;
  console.log(`${info.name} agreement per digit: ${s.agreementPerDigit.map((a, d) => `${d}:${pct(a)}`).join(' ')}`);
}
if (values.json) await writeFile(values.json, JSON.stringify(results, null, 2));
