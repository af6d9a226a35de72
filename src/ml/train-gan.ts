/**
 * Trains a class-conditional GAN on the shipped digits: 'dcgan' (convolutional, non-saturating BCE, Adam 2e-4/0.5,
 * dropout in D) or 'wgan' (dense) (Wasserstein loss + gradient penalty, several critic steps per generator step).
 * Checkpoints after every epoch (resumable), writes a sample grid per epoch, exports float16 generator weights.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDigits, PIXELS } from './data.js';
import {
  CLASS_COUNT,
  GAN_SIZE,
  LATENT_DIM,
  classHeadSpec,
  convDiscriminatorFeatures,
  convGenerator,
  criticSpec,
  dcganArchitecture,
  generatorSpec,
  initConvDiscriminator,
  initConvGenerator,
  initParams,
  mlp,
  scoreHeadSpec,
  toGanScale,
} from './nets.js';
import { renderGrid } from './png.js';
import { mulberry32, shuffleInPlace } from './rng.js';
import { runGenerator } from './sampler.js';
import { latentVectors } from './rng.js';
import { assignVariables, loadWeights, saveWeights } from './weights.js';
import { mkdir, writeFile } from 'node:fs/promises';

export type GanKind = 'dcgan' | 'wgan';

export interface GanTrainOptions {
  kind: GanKind;
  epochs: number;
  batchSize?: number;
  /** ml-runs/<kind>: checkpoint/ and epoch-NNN.png */
  runDir: string;
  /** models/<kind>: the exported generator */
  exportDir: string;
  resume?: boolean;
  /** Called after every batch and at the end of each epoch. */
  onProgress?: (p: { epoch: number; epochs: number; batch: number; batches: number; dLoss: number; gLoss: number }) => void;
  log?: (msg: string) => void;
}

export interface GanMeta {
  kind: GanKind;
  latentDim: number;
  conditional: boolean;
  /** The generator's native resolution (upsampled to 28x28). */
  ganSize: number;
  epochsDone: number;
  trainSeconds: number;
  trainImages: number;
  batchSize: number;
  backend: string;
  loss: string;
  history: { epoch: number; dLoss: number; gLoss: number; seconds: number }[];
  /** 'conv' (dcgan) or 'mlp' (wgan); generator/critic describe the layers. */
  architecture?: 'conv' | 'mlp';
  generator: unknown;
  critic: unknown;
  classLossWeight: number;
}

const WGAN_CRITIC_STEPS = 2;
const WGAN_GP_WEIGHT = 10;
/** Weight of the auxiliary digit-classification loss (AC-GAN) for D on real digits and for G on its samples. */
const CLASS_LOSS_WEIGHT = 1;

export async function trainGan(options: GanTrainOptions): Promise<GanMeta> {
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 64;
  const { kind } = options;
  const conv = kind === 'dcgan';
  const { train } = loadDigits(0);
  const generator = conv ? initConvGenerator(11) : initParams('g', generatorSpec, 11);
  const critic = new Map([
    ...(conv ? initConvDiscriminator(23) : initParams('d', criticSpec, 23)),
    ...initParams('d/score', scoreHeadSpec, 29),
    ...initParams('d/class', classHeadSpec, 31),
  ]);
  const gOpt = kind === 'dcgan' ? tf.train.adam(2e-4, 0.5) : tf.train.adam(2e-4, 0.5, 0.9);
  const dOpt = kind === 'dcgan' ? tf.train.adam(2e-4, 0.5) : tf.train.adam(2e-4, 0.5, 0.9);
  const checkpointDir = join(options.runDir, 'checkpoint');

  let meta: GanMeta = {
    kind,
    latentDim: LATENT_DIM,
    conditional: true,
    ganSize: GAN_SIZE,
    epochsDone: 0,
    trainSeconds: 0,
    trainImages: train.count,
    batchSize,
    backend: tf.getBackend(),
    loss: kind === 'dcgan' ? 'non-saturating BCE + auxiliary digit loss' : 'Wasserstein + gradient penalty + auxiliary digit loss',
    history: [],
    architecture: conv ? 'conv' : 'mlp',
    generator: conv ? dcganArchitecture.generator : generatorSpec,
    critic: conv ? dcganArchitecture.discriminator : criticSpec,
    classLossWeight: CLASS_LOSS_WEIGHT,
  };

  if (options.resume && existsSync(join(checkpointDir, 'model.json'))) {
    const saved = await loadWeights<GanMeta>(checkpointDir);
    assignVariables(saved.values, generator, 'g/');
    assignVariables(saved.values, critic, 'd/');
    const optimizerState = (prefix: string) =>
      [...saved.values]
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, v]) => ({ name: name.slice(prefix.length), tensor: tf.tensor(v.data, v.shape) }));
    await gOpt.setWeights(optimizerState('opt-g:'));
    await dOpt.setWeights(optimizerState('opt-d:'));
    meta = { ...saved.manifest.meta, backend: tf.getBackend() };
    log(`resumed ${kind} from ${checkpointDir} after epoch ${meta.epochsDone}`);
  }

  const gVars = [...generator.values()];
  const dVars = [...critic.values()];
  const batches = Math.floor(train.count / batchSize);
  const images = tf.tidy(() => toGanScale(tf.tensor2d(train.images, [train.count, PIXELS]))); // 14x14, [-1, 1]
  const labels = tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASS_COUNT).toFloat() as tf.Tensor2D;

  const fake = (y: tf.Tensor2D) => {
    const input = tf.concat([tf.randomNormal([y.shape[0], LATENT_DIM]), y], 1);
    return conv ? convGenerator(generator, input) : mlp(generator, 'g', generatorSpec, input);
  };
  const features = (x: tf.Tensor, y: tf.Tensor2D) =>
    conv ? convDiscriminatorFeatures(critic, x, y, true) : mlp(critic, 'd', criticSpec, tf.concat([x, y], 1), true);
  const scoreOf = (h: tf.Tensor) => mlp(critic, 'd/score', scoreHeadSpec, h);
  const score = (x: tf.Tensor, y: tf.Tensor2D) => scoreOf(features(x, y));
  const classLoss = (h: tf.Tensor, y: tf.Tensor2D) => tf.mul(tf.losses.softmaxCrossEntropy(y, mlp(critic, 'd/class', classHeadSpec, h)), CLASS_LOSS_WEIGHT);

  for (let epoch = meta.epochsDone + 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const order = shuffleInPlace(Array.from({ length: train.count }, (_, i) => i), mulberry32(1000 + epoch));
    let dSum = 0;
    let gSum = 0;
    let gSteps = 0;
    for (let b = 0; b < batches; b++) {
      const idx = tf.tensor1d(order.slice(b * batchSize, (b + 1) * batchSize), 'int32');
      const real = tf.gather(images, idx);
      const y = tf.gather(labels, idx);
      idx.dispose();
      let dLoss: number;
      if (kind === 'dcgan') {
        dLoss = tf.tidy(() => {
          const cost = dOpt.minimize(() => {
            const realFeatures = features(real, y);
            const realLogits = scoreOf(realFeatures);
            const fakeLogits = score(fake(y), y);
            // one-sided label smoothing (0.9) keeps D from becoming over-confident on this small data set
            return tf.addN([
              tf.losses.sigmoidCrossEntropy(tf.onesLike(realLogits).mul(0.9), realLogits),
              tf.losses.sigmoidCrossEntropy(tf.zerosLike(fakeLogits), fakeLogits),
              classLoss(realFeatures, y),
            ]) as tf.Scalar;
          }, true, dVars);
          return (cost as tf.Scalar).dataSync()[0] as number;
        });
      } else {
        dLoss = tf.tidy(() => {
          const cost = dOpt.minimize(() => {
            const generated = fake(y);
            const eps = tf.randomUniform([batchSize, 1]);
            const mixed = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), generated));
            const gradient = tf.grad((x: tf.Tensor) => tf.sum(score(x, y)))(mixed);
            const norm = tf.sqrt(tf.add(tf.sum(tf.square(gradient), 1), 1e-12));
            const penalty = tf.mean(tf.square(tf.sub(norm, 1)));
            const realFeatures = features(real, y);
            return tf.addN([
              tf.sub(tf.mean(score(generated, y)), tf.mean(scoreOf(realFeatures))),
              tf.mul(penalty, WGAN_GP_WEIGHT),
              classLoss(realFeatures, y),
            ]) as tf.Scalar;
          }, true, dVars);
          return (cost as tf.Scalar).dataSync()[0] as number;
        });
      }
      dSum += dLoss;
      real.dispose();
      const trainGenerator = kind === 'dcgan' || b % WGAN_CRITIC_STEPS === WGAN_CRITIC_STEPS - 1;
      if (trainGenerator) {
        const gLoss = tf.tidy(() => {
          const cost = gOpt.minimize(() => {
            const h = features(fake(y), y);
            const logits = scoreOf(h);
            const adversarial = kind === 'dcgan' ? tf.losses.sigmoidCrossEntropy(tf.onesLike(logits), logits) : tf.neg(tf.mean(logits));
            return tf.add(adversarial, classLoss(h, y)) as tf.Scalar;
          }, true, gVars);
          return (cost as tf.Scalar).dataSync()[0] as number;
        });
        gSum += gLoss;
        gSteps++;
      }
      y.dispose();
      options.onProgress?.({ epoch, epochs: options.epochs, batch: b + 1, batches, dLoss: dSum / (b + 1), gLoss: gSteps ? gSum / gSteps : 0 });
    }
    const seconds = (performance.now() - started) / 1000;
    meta.epochsDone = epoch;
    meta.trainSeconds += seconds;
    meta.history.push({ epoch, dLoss: dSum / batches, gLoss: gSteps ? gSum / gSteps : 0, seconds });
    await writeEpochGrid(generator, join(options.runDir, `epoch-${String(epoch).padStart(3, '0')}.png`));
    await saveCheckpoint(checkpointDir, generator, critic, gOpt, dOpt, meta);
    // export every epoch too, so a run stopped early still leaves usable weights
    await saveWeights(options.exportDir, generator, meta, 'float16');
    log(`epoch ${epoch}: D ${(dSum / batches).toFixed(3)} G ${(gSteps ? gSum / gSteps : 0).toFixed(3)} in ${seconds.toFixed(1)} s`);
  }
  images.dispose();
  labels.dispose();
  await saveWeights(options.exportDir, generator, meta, 'float16');
  log(`exported ${kind} generator to ${options.exportDir}`);
  return meta;
}

/** Digits 0..9 across, four fixed latent vectors down: the same cells every epoch, so progress is visible. */
async function writeEpochGrid(generator: Map<string, tf.Variable>, file: string): Promise<void> {
  const rows = 4;
  const z = new Float32Array(rows * 10 * LATENT_DIM);
  const base = latentVectors(7, rows, LATENT_DIM);
  const y = new Float32Array(rows * 10 * CLASS_COUNT);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < 10; d++) {
      z.set(base.subarray(r * LATENT_DIM, (r + 1) * LATENT_DIM), (r * 10 + d) * LATENT_DIM);
      y[(r * 10 + d) * CLASS_COUNT + d] = 1;
    }
  }
  const pixels = runGenerator(generator, z, y, LATENT_DIM);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderGrid(pixels, { cols: 10, rows, scale: 2, gap: 2 }).png);
}

async function saveCheckpoint(
  dir: string,
  generator: Map<string, tf.Variable>,
  critic: Map<string, tf.Variable>,
  gOpt: tf.Optimizer,
  dOpt: tf.Optimizer,
  meta: GanMeta,
): Promise<void> {
  const tensors = new Map<string, tf.Tensor>([...generator, ...critic]);
  for (const { name, tensor } of await gOpt.getWeights()) tensors.set(`opt-g:${name}`, tensor);
  for (const { name, tensor } of await dOpt.getWeights()) tensors.set(`opt-d:${name}`, tensor);
  await saveWeights(dir, tensors, meta, 'float32');
}
