/**
 * CycleGAN between two digit styles with no paired examples: style A (thin strokes: the first half of the GAN
 * digits, eroded) and style B (thick strokes: the other half, dilated). Two small fully convolutional generators
 * (A -> B, B -> A) and two patch discriminators, least-squares GAN loss plus the cycle-consistency loss
 * |F(G(a)) - a| + |G(F(b)) - b| (weight 10) and the identity loss |G(b) - b| + |F(a) - a| (weight 5).
 */
import * as tf from '@tensorflow/tfjs';
import { meanPool2 } from './conv.js';
import { IMAGE_SIZE, PIXELS, type DigitSet } from './data.js';
import { conv, convShapes, initParams, leaky, type Params } from './layers.js';
import { mulberry32, shuffleInPlace } from './rng.js';
import type { ModelRecipe } from './training.js';

export type CycleDirection = 'ab' | 'ba';
const CHANNELS = 8;
const CYCLE_WEIGHT = 10;
/**
 * Identity loss (Zhu et al. 2017, section 5.2): each generator should leave a digit already in its target
 * style as it is. Without it the shipped run learnt to invert the picture: an inversion is cycle-consistent.
 */
const IDENTITY_WEIGHT = 5;

export const cycleganArchitecture = `generators (A->B, B->A): 28x28 -> conv3 ${CHANNELS} leaky -> conv3 ${CHANNELS} leaky -> conv3 ${CHANNELS} leaky -> conv3 1 tanh; discriminators: conv3 16 leaky -> pool -> conv3 32 leaky -> pool -> conv3 1 (7x7 patch scores); least squares + ${CYCLE_WEIGHT} x cycle L1 + ${IDENTITY_WEIGHT} x identity L1; each generator adds its output to its input (residual)`;

/** Grey-level morphology over a square window anchored at the top-left (size 2) or centred (size 3). */
export function morph(images: Float32Array, op: 'erode' | 'dilate', size: number): Float32Array {
  const out = new Float32Array(images.length);
  const offset = size === 3 ? 1 : 0;
  const pick = op === 'erode' ? Math.min : Math.max;
  for (let base = 0; base < images.length; base += PIXELS) {
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) {
        let value = op === 'erode' ? 1 : 0;
        for (let dy = 0; dy < size; dy++) {
          for (let dx = 0; dx < size; dx++) {
            const yy = y + dy - offset;
            const xx = x + dx - offset;
            const v = yy < 0 || xx < 0 || yy >= IMAGE_SIZE || xx >= IMAGE_SIZE ? 0 : (images[base + yy * IMAGE_SIZE + xx] as number);
            value = pick(value, v);
          }
        }
        out[base + y * IMAGE_SIZE + x] = value;
      }
    }
  }
  return out;
}

/** The two styles from disjoint halves of a digit set: even rows thin (A), odd rows thick (B). */
export function styleDomains(data: DigitSet): { a: DigitSet; b: DigitSet } {
  const half = (parity: number, op: 'erode' | 'dilate', size: number): DigitSet => {
    const rows = Array.from({ length: data.count }, (_, i) => i).filter((i) => i % 2 === parity);
    const images = new Float32Array(rows.length * PIXELS);
    rows.forEach((r, i) => images.set(data.images.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS));
    return { images: morph(images, op, size), labels: Uint8Array.from(rows.map((r) => data.labels[r] as number)), count: rows.length };
  };
  return { a: half(0, 'erode', 2), b: half(1, 'dilate', 3) };
}

function generatorShapes(name: string) {
  return [...convShapes(`${name}/c1`, 3, 1, CHANNELS), ...convShapes(`${name}/c2`, 3, CHANNELS, CHANNELS), ...convShapes(`${name}/c3`, 3, CHANNELS, CHANNELS), ...convShapes(`${name}/out`, 3, CHANNELS, 1)];
}

function discriminatorShapes(name: string) {
  return [...convShapes(`${name}/c1`, 3, 1, 16), ...convShapes(`${name}/c2`, 3, 16, 32), ...convShapes(`${name}/out`, 3, 32, 1)];
}

/**
 * Images n x 784 in [-1, 1] through generator `name` ('gab' or 'gba'). Residual: the convolutions say what
 * to change, added to the input before the tanh, so a generator starts near the identity (a change of
 * stroke width is a small edit) rather than having to learn to copy the digit first.
 */
function translateRaw(params: Params, name: string, images: tf.Tensor): tf.Tensor2D {
  const n = images.shape[0] as number;
  const x = images.reshape([n, IMAGE_SIZE, IMAGE_SIZE, 1]);
  let h: tf.Tensor = leaky(conv(params, `${name}/c1`, x));
  h = leaky(conv(params, `${name}/c2`, h));
  h = leaky(conv(params, `${name}/c3`, h));
  return tf.tanh(tf.add(conv(params, `${name}/out`, h), tf.mul(x, RESIDUAL_GAIN))).reshape([n, PIXELS]) as tf.Tensor2D;
}
/** tanh(2x) keeps -1 and 1 at -0.96 and 0.96: the input passes almost unchanged through an untrained generator. */
const RESIDUAL_GAIN = 2;

/** Pixels in [0, 1] of one style -> the other style, in [0, 1]. */
export function translate(params: Params, direction: CycleDirection, pixels: tf.Tensor): tf.Tensor2D {
  return tf.div(tf.add(translateRaw(params, `g${direction}`, tf.sub(tf.mul(pixels, 2), 1)), 1), 2) as tf.Tensor2D;
}

function patchScores(params: Params, name: string, images: tf.Tensor): tf.Tensor {
  const n = images.shape[0] as number;
  let h: tf.Tensor = images.reshape([n, IMAGE_SIZE, IMAGE_SIZE, 1]);
  h = meanPool2(leaky(conv(params, `${name}/c1`, h)));
  h = meanPool2(leaky(conv(params, `${name}/c2`, h)));
  return conv(params, `${name}/out`, h);
}

/** Rows A, A->B, A->B->A for the given style-A digits (count x 784 in [0, 1]). */
export function cycleRows(params: Params, start: Float32Array, from: CycleDirection = 'ab'): Float32Array {
  const count = start.length / PIXELS;
  const back: CycleDirection = from === 'ab' ? 'ba' : 'ab';
  return tf.tidy(() => {
    const x = tf.tensor2d(start, [count, PIXELS]);
    const there = translate(params, from, x);
    return tf.concat([x, there, translate(params, back, there)], 0).dataSync() as Float32Array;
  });
}

export function cycleganRecipe(data: DigitSet): ModelRecipe {
  const { a, b } = styleDomains(data);
  const variables = new Map([
    ...initParams(generatorShapes('gab'), 51),
    ...initParams(generatorShapes('gba'), 53),
    ...initParams(discriminatorShapes('da'), 57),
    ...initParams(discriminatorShapes('db'), 59),
  ]);
  const gVars = [...variables].filter(([n]) => n.startsWith('g')).map(([, v]) => v);
  const dVars = [...variables].filter(([n]) => n.startsWith('d')).map(([, v]) => v);
  const gOpt = tf.train.adam(2e-4, 0.5);
  const dOpt = tf.train.adam(2e-4, 0.5);
  const batchSize = 32;
  const aAll = tf.keep(tf.sub(tf.mul(tf.tensor2d(a.images, [a.count, PIXELS]), 2), 1));
  const bAll = tf.keep(tf.sub(tf.mul(tf.tensor2d(b.images, [b.count, PIXELS]), 2), 1));
  const perEpoch = Math.floor(Math.min(a.count, b.count) / batchSize);
  let order: { a: number[]; b: number[]; epoch: number } = { a: [], b: [], epoch: -1 };
  const batchOf = (step: number) => {
    const epoch = Math.floor(step / perEpoch);
    if (order.epoch !== epoch) {
      order = {
        a: shuffleInPlace(Array.from({ length: a.count }, (_, i) => i), mulberry32(3000 + epoch)),
        b: shuffleInPlace(Array.from({ length: b.count }, (_, i) => i), mulberry32(4000 + epoch)),
        epoch,
      };
    }
    const k = (step % perEpoch) * batchSize;
    return { ra: tf.gather(aAll, order.a.slice(k, k + batchSize)), rb: tf.gather(bAll, order.b.slice(k, k + batchSize)) };
  };
  const square = (t: tf.Tensor, target: number) => tf.mean(tf.square(tf.sub(t, target)));
  const preview = a.images.subarray(0, 8 * PIXELS);
  const previewB = b.images.subarray(0, 8 * PIXELS);

  return {
    kind: 'cyclegan',
    batchSize,
    // the loop walks style A; steps draw their own unpaired style-B batch
    trainSet: a,
    variables,
    optimizers: { g: gOpt, d: dOpt },
    exportPrefix: 'g',
    step: ({ step }) => {
      const { ra, rb } = batchOf(step);
      let stopB: tf.Tensor = ra;
      let stopA: tf.Tensor = rb;
      const gLoss = gOpt.minimize(() => {
        const fakeB = translateRaw(variables, 'gab', ra);
        const fakeA = translateRaw(variables, 'gba', rb);
        // the discriminators' step reuses these samples as constants (kept past minimize's own tidy)
        stopB = tf.keep(fakeB.clone());
        stopA = tf.keep(fakeA.clone());
        const cycle = tf.add(tf.mean(tf.abs(tf.sub(translateRaw(variables, 'gba', fakeB), ra))), tf.mean(tf.abs(tf.sub(translateRaw(variables, 'gab', fakeA), rb))));
        const adversarial = tf.add(square(patchScores(variables, 'db', fakeB), 1), square(patchScores(variables, 'da', fakeA), 1));
        const identity = tf.add(tf.mean(tf.abs(tf.sub(translateRaw(variables, 'gab', rb), rb))), tf.mean(tf.abs(tf.sub(translateRaw(variables, 'gba', ra), ra))));
        return tf.addN([adversarial, tf.mul(cycle, CYCLE_WEIGHT), tf.mul(identity, IDENTITY_WEIGHT)]) as tf.Scalar;
      }, true, gVars) as tf.Scalar;
      const dLoss = dOpt.minimize(() => {
        const lossB = tf.add(square(patchScores(variables, 'db', rb), 1), square(patchScores(variables, 'db', stopB), 0));
        const lossA = tf.add(square(patchScores(variables, 'da', ra), 1), square(patchScores(variables, 'da', stopA), 0));
        return tf.mul(tf.add(lossA, lossB), 0.5) as tf.Scalar;
      }, true, dVars) as tf.Scalar;
      stopA.dispose();
      stopB.dispose();
      return { G: gLoss.dataSync()[0] as number, D: dLoss.dataSync()[0] as number };
    },
    picture: (shipped) => {
      const rows = new Float32Array(6 * 8 * PIXELS);
      rows.set(cycleRows(shipped, preview, 'ab'), 0);
      rows.set(cycleRows(shipped, previewB, 'ba'), 3 * 8 * PIXELS);
      return { pixels: rows, cols: 8, rows: 6 };
    },
    meta: {
      architecture: cycleganArchitecture,
      styles: { a: 'thin strokes: even rows of the GAN digits, eroded (2x2 minimum)', b: 'thick strokes: odd rows, dilated (3x3 maximum)' },
      cycleWeight: CYCLE_WEIGHT,
      identityWeight: IDENTITY_WEIGHT,
    },
  };
}
