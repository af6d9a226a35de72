/**
 * The autoencoder (`ae`) and the variational autoencoder (`vae`): dense encoders and decoders on 28x28 digits.
 * The VAE has a 2-D latent space so its whole map fits in one picture (the latent grid).
 */
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from './data.js';
import { dense, denseShapes, initParams, type Params } from './layers.js';
import type { ModelRecipe } from './training.js';

export const AE_BOTTLENECK = 16;
export const VAE_LATENT = 2;
const HIDDEN = 400;

export const aeArchitecture = `784 -> ${HIDDEN} relu -> ${AE_BOTTLENECK} (bottleneck) -> ${HIDDEN} relu -> 784 sigmoid; binary cross-entropy`;
export const vaeArchitecture = `784 -> ${HIDDEN} relu -> mean ${VAE_LATENT}, log-variance ${VAE_LATENT}; z ~ N(mean, var) -> ${HIDDEN} relu -> 784 sigmoid; loss = binary cross-entropy (summed over pixels) + KL(q(z|x) || N(0, I))`;

function decode(params: Params, prefix: string, z: tf.Tensor): tf.Tensor2D {
  return tf.sigmoid(dense(params, `${prefix}/dec2`, tf.relu(dense(params, `${prefix}/dec1`, z)))) as tf.Tensor2D;
}

/** ae: images (n x 784 in [0, 1]) -> reconstructions. */
export function aeReconstruct(params: Params, images: tf.Tensor): tf.Tensor2D {
  const code = dense(params, 'ae/enc2', tf.relu(dense(params, 'ae/enc1', images)));
  return decode(params, 'ae', code);
}

/** vae encoder: the mean and log-variance of q(z | x). */
export function vaeEncode(params: Params, images: tf.Tensor): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
  const h = tf.relu(dense(params, 'vae/enc1', images));
  return { mean: dense(params, 'vae/mean', h) as tf.Tensor2D, logVar: dense(params, 'vae/logvar', h) as tf.Tensor2D };
}

/** vae decoder: latent points (n x 2) -> images. */
export function vaeDecode(params: Params, z: tf.Tensor): tf.Tensor2D {
  return decode(params, 'vae', z);
}

/** Reconstructions through the posterior mean (no sampling noise, so pictures are deterministic). */
export function vaeReconstruct(params: Params, images: tf.Tensor): tf.Tensor2D {
  return vaeDecode(params, vaeEncode(params, images).mean);
}

/** Binary cross-entropy summed over pixels, averaged over the batch. */
function reconstructionLoss(images: tf.Tensor, reconstructed: tf.Tensor): tf.Scalar {
  const clipped = tf.clipByValue(reconstructed, 1e-6, 1 - 1e-6);
  const perPixel = tf.add(tf.mul(images, tf.log(clipped)), tf.mul(tf.sub(1, images), tf.log(tf.sub(1, clipped))));
  return tf.neg(tf.mean(tf.sum(perPixel, 1))) as tf.Scalar;
}

/** `count` evenly spaced points of the standard normal's quantiles per axis: the latent grid's coordinates. */
export function latentGrid(count: number): Float32Array {
  const out = new Float32Array(count * count * VAE_LATENT);
  // probit of evenly spaced quantiles (0.05 .. 0.95) so the grid covers N(0, I) where its mass is
  const probit = (p: number) => Math.SQRT2 * inverseErf(2 * p - 1);
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      const i = row * count + col;
      out[i * 2] = probit(0.05 + (0.9 * col) / (count - 1));
      out[i * 2 + 1] = probit(0.95 - (0.9 * row) / (count - 1));
    }
  }
  return out;
}

/** Winitzki's approximation of erf^-1 (error < 2e-3, plenty for grid coordinates). */
function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const t = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(t * t - ln / a) - t);
}

export function aeRecipe(preview: Float32Array): ModelRecipe {
  const variables = initParams(
    [...denseShapes('ae/enc1', PIXELS, HIDDEN), ...denseShapes('ae/enc2', HIDDEN, AE_BOTTLENECK), ...denseShapes('ae/dec1', AE_BOTTLENECK, HIDDEN), ...denseShapes('ae/dec2', HIDDEN, PIXELS)],
    41,
  );
  const optimizer = tf.train.adam(1e-3);
  return {
    kind: 'ae',
    batchSize: 64,
    variables,
    optimizers: { ae: optimizer },
    exportPrefix: 'ae/',
    step: ({ x }) => {
      const loss = optimizer.minimize(() => reconstructionLoss(x, aeReconstruct(variables, x)), true, [...variables.values()]) as tf.Scalar;
      return { recon: loss.dataSync()[0] as number };
    },
    picture: (shipped) => besideReconstructions(preview, (x) => aeReconstruct(shipped, x)),
    meta: { bottleneck: AE_BOTTLENECK, architecture: aeArchitecture },
  };
}

export function vaeRecipe(preview: Float32Array): ModelRecipe {
  const variables = initParams(
    [
      ...denseShapes('vae/enc1', PIXELS, HIDDEN),
      ...denseShapes('vae/mean', HIDDEN, VAE_LATENT),
      ...denseShapes('vae/logvar', HIDDEN, VAE_LATENT),
      ...denseShapes('vae/dec1', VAE_LATENT, HIDDEN),
      ...denseShapes('vae/dec2', HIDDEN, PIXELS),
    ],
    43,
  );
  const optimizer = tf.train.adam(1e-3);
  return {
    kind: 'vae',
    batchSize: 64,
    variables,
    optimizers: { vae: optimizer },
    exportPrefix: 'vae/',
    step: ({ x, step }) => {
      let recon = 0;
      let kl = 0;
      optimizer.minimize(() => {
        const { mean, logVar } = vaeEncode(variables, x);
        const noise = tf.randomNormal(mean.shape, 0, 1, 'float32', step);
        const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), noise));
        const r = reconstructionLoss(x, vaeDecode(variables, z));
        // KL(N(mean, var) || N(0, 1)) summed over latent dimensions, averaged over the batch
        const k = tf.mul(-0.5, tf.mean(tf.sum(tf.sub(tf.add(1, logVar), tf.add(tf.square(mean), tf.exp(logVar))), 1))) as tf.Scalar;
        recon = r.dataSync()[0] as number;
        kl = k.dataSync()[0] as number;
        return tf.add(r, k) as tf.Scalar;
      }, false, [...variables.values()]);
      return { recon, kl };
    },
    picture: (shipped) => ({ pixels: tf.tidy(() => vaeDecode(shipped, tf.tensor2d(latentGrid(10), [100, VAE_LATENT])).dataSync() as Float32Array), cols: 10, rows: 10 }),
    meta: { latentDim: VAE_LATENT, architecture: vaeArchitecture },
  };
}

/** Inputs and their reconstructions side by side: columns alternate input, reconstruction. */
export function besideReconstructions(inputs: Float32Array, reconstruct: (x: tf.Tensor2D) => tf.Tensor2D, pairsPerRow = 4): { pixels: Float32Array; cols: number; rows: number } {
  const count = inputs.length / PIXELS;
  const out = tf.tidy(() => reconstruct(tf.tensor2d(inputs, [count, PIXELS])).dataSync() as Float32Array);
  const pixels = new Float32Array(count * 2 * PIXELS);
  for (let i = 0; i < count; i++) {
    pixels.set(inputs.subarray(i * PIXELS, (i + 1) * PIXELS), 2 * i * PIXELS);
    pixels.set(out.subarray(i * PIXELS, (i + 1) * PIXELS), (2 * i + 1) * PIXELS);
  }
  return { pixels, cols: pairsPerRow * 2, rows: Math.ceil(count / pairsPerRow) };
}
