/**
 * npm run eval:gan [-- --per-digit 100 --models dcgan,wgan,vae,ae,cyclegan --models-dir models --json out.json]
 * Judges every shipped model with the independent judge (models/judge, trained on digits no generator saw)
 * against held-out real digits, next to the real-vs-real floor and two baselines that need no training.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { aeReconstruct, vaeDecode, VAE_LATENT } from '../src/ml/autoencoders.js';
import { selectBackend } from '../src/ml/backend.js';
import { morph, translate } from '../src/ml/cyclegan.js';
import { headOf, loadSplit, PIXELS } from '../src/ml/data.js';
import { JUDGE_DIR, judge } from '../src/ml/judge.js';
import { withPrefix } from '../src/ml/layers.js';
import { modelsDir as defaultModelsDir, projectRoot } from '../src/ml/paths.js';
import { classMeanSamples, pcaGaussianSamples, qualityContext, requestedDigits, scoreSamples, type QualityRow } from '../src/ml/quality.js';
import { latentVectors } from '../src/ml/rng.js';
import { runGenerator } from '../src/ml/sampler.js';
import { loadWeights, toTensors } from '../src/ml/weights.js';

const { values } = parseArgs({
  options: {
    'per-digit': { type: 'string', default: '100' },
    'models-dir': { type: 'string' },
    json: { type: 'string' },
    models: { type: 'string', default: 'dcgan,wgan,vae,ae,cyclegan' },
    /** How many held-out digits form the reference (all 2,000 by default; fewer is faster). */
    reference: { type: 'string', default: '2000' },
    /** Also score other truncations (see --truncations) and the raw, non-averaged generator from the training checkpoint. */
    tricks: { type: 'boolean', default: false },
    /** With --tricks: the latent scales scored besides the shipped one. */
    truncations: { type: 'string', default: '1,0.85,0.7' },
    /**
     * Where the reference digits come from: `heldOut` (the figures reported) or `judge`, the judge's own
     * part, for choosing settings such as the shipped truncation without looking at the held-out digits.
     */
    'reference-part': { type: 'string', default: 'heldOut' },
  },
});
const chosen = new Set((values.models ?? '').split(',').map((m) => m.trim()));
const perDigit = Number(values['per-digit']);
if (!Number.isInteger(perDigit) || perDigit < 2) {
  console.error('--per-digit must be a whole number of at least 2');
  process.exit(2);
}
const dir = values['models-dir'] ?? defaultModelsDir();
await selectBackend('auto', (m) => console.log(m));

const split = loadSplit();
const judgeWeights = await loadWeights<{ testAccuracy: number }>(join(dir, JUDGE_DIR));
const judgeParams = toTensors(judgeWeights.values, 'j/');
const referencePart = values['reference-part'];
if (referencePart !== 'heldOut' && referencePart !== 'judge') {
  console.error('--reference-part must be heldOut or judge');
  process.exit(2);
}
const reference = headOf(split[referencePart], Number(values.reference));
const ctx = qualityContext(judgeParams, reference, split.gan);
const total = perDigit * 10;
const requested = requestedDigits(perDigit);
const rows: Record<string, QualityRow> = {};
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
console.log(`judge: ${pct(judgeWeights.manifest.meta.testAccuracy)} on the ${split.heldOut.count} held-out digits; reference: ${reference.count} digits of the ${referencePart} part; ${total} samples a row`);
console.log('source                                             | agreement | FID (judge) | precision | recall | diversity | NN ratio | near copies | judged digit share % 0..9');
// each row prints as soon as it is scored (a slow machine still shows the first rows)
const score = (name: string, pixels: Float32Array, asked: number[] | null) => {
  const r = scoreSamples(ctx, pixels, asked);
  rows[name] = r;
  console.log(
    `${name.padEnd(50)} | ${(r.agreement === null ? '-' : pct(r.agreement)).padStart(9)} | ${r.fid.toFixed(2).padStart(11)} | ${pct(r.precision).padStart(9)} | ${pct(r.recall).padStart(6)} | ${r.diversity.toFixed(2).padStart(9)} | ${r.nnRatio.toFixed(2).padStart(8)} | ${pct(r.nearCopies).padStart(11)} | ${r.predictedShare.map((p) => (p * 100).toFixed(0)).join(' ')}`,
  );
};

// the floor: real digits from the generators' own training part, judged against the held-out part
const real = headOf(split.gan, total);
score('real digits (floor)', real.images, [...real.labels]);

const load = async (name: string) => (chosen.has(name) && existsSync(join(dir, name, 'model.json')) ? loadWeights<Record<string, unknown>>(join(dir, name)) : null);
const z = latentVectors(2024, total, 32);
const oneHot = new Float32Array(total * 10);
requested.forEach((d, i) => (oneHot[i * 10 + d] = 1));
for (const name of ['dcgan', 'wgan']) {
  const weights = await load(name);
  if (!weights) continue;
  const params = toTensors(weights.values, 'g/');
  const shipped = Number(weights.manifest.meta.truncation ?? 1);
  score(`${name} (EMA weights, z x ${shipped})`, runGenerator(params, z, oneHot, 32, shipped), requested);
  if (!values.tricks) continue;
  for (const psi of (values.truncations ?? '').split(',').map(Number).filter((p) => p > 0 && p !== shipped)) score(`${name} (EMA weights, z x ${psi})`, runGenerator(params, z, oneHot, 32, psi), requested);
  // the raw (non-averaged) generator from the training checkpoint, when this machine trained it: measures the EMA
  const checkpoint = join(projectRoot(), 'ml-runs', name, 'checkpoint');
  if (existsSync(join(checkpoint, 'model.json'))) {
    const raw = withPrefix(toTensors((await loadWeights(checkpoint)).values, 'g/'), 'g/');
    score(`${name} (raw weights, z x ${shipped})`, runGenerator(raw, z, oneHot, 32, shipped), requested);
  }
}

score('baseline: class means', classMeanSamples(split.gan, requested), requested);
score('baseline: per-class PCA-Gaussian (20 components)', pcaGaussianSamples(split.gan, requested), requested);

const vae = await load('vae');
if (vae) {
  const params = toTensors(vae.values, 'vae/');
  const pixels = tf.tidy(() => vaeDecode(params, tf.tensor2d(latentVectors(2024, total, VAE_LATENT), [total, VAE_LATENT])).dataSync() as Float32Array);
  score('vae samples from N(0, I) (unconditional)', pixels, null);
}
const heldOutSlice = headOf(split.heldOut, Math.min(total, split.heldOut.count));
const ae = await load('ae');
if (ae) {
  const params = toTensors(ae.values, 'ae/');
  const pixels = tf.tidy(() => aeReconstruct(params, tf.tensor2d(heldOutSlice.images, [heldOutSlice.count, PIXELS])).dataSync() as Float32Array);
  score('ae reconstructions of held-out digits', pixels, [...heldOutSlice.labels]);
}
const cyclegan = await load('cyclegan');
if (cyclegan) {
  const params = toTensors(cyclegan.values, 'g');
  const thin = morph(heldOutSlice.images, 'erode', 2);
  const there = tf.tidy(() => translate(params, 'ab', tf.tensor2d(thin, [heldOutSlice.count, PIXELS])).dataSync() as Float32Array);
  const back = tf.tidy(() => translate(params, 'ba', tf.tensor2d(there, [heldOutSlice.count, PIXELS])).dataSync() as Float32Array);
  const thick = morph(heldOutSlice.images, 'dilate', 3);
  const agree = (pixels: Float32Array) => judge(judgeParams, pixels).predicted.filter((p, i) => p === heldOutSlice.labels[i]).length / heldOutSlice.count;
  const cycleError = Math.sqrt(back.reduce((sum, v, i) => sum + (v - thin[i]!) ** 2, 0) / back.length);
  console.log(
    `\ncyclegan on ${heldOutSlice.count} held-out digits: judge keeps the digit through A->B ${pct(agree(there))}, A->B->A ${pct(agree(back))} ` +
      `(style A itself ${pct(agree(thin))}, real style B ${pct(agree(thick))}); cycle RMS error ${cycleError.toFixed(3)}; ` +
      `mean ink A ${mean(thin).toFixed(3)} -> A->B ${mean(there).toFixed(3)} (real B ${mean(thick).toFixed(3)})`,
  );
}

function mean(v: Float32Array): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

const floor = rows['real digits (floor)']!.fid;
console.log(`\nFID floor ${floor.toFixed(2)}; goal for the GANs: within ~4x (${(4 * floor).toFixed(2)}) and >= 97% agreement. NN ratio ~1 and near copies ~1% mean no memorisation.`);
if (values.json) await writeFile(values.json, JSON.stringify({ judgeAccuracy: judgeWeights.manifest.meta.testAccuracy, rows }, null, 2));
