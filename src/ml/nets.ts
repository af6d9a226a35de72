/**
 * The networks, written as plain dense layers over named tensors. Dense layers because convolution
 * back-propagation is far too slow to train on the 2-core CPU/WASM budget (a conv step took ~4 s per batch of 64;
 * a dense step takes ~0.1 s). Plain tensors (not tf.layers) keep saving/loading a flat Float32 list, and let the
 * WGAN-GP critic be differentiated twice (its leaky ReLU is built from relu, which has a second-order gradient).
 */
import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu' | 'leaky' | 'tanh';

export interface LayerSpec {
  units: number;
  activation: Activation;
  /** Training-only dropout rate after the activation. */
  dropout?: number;
}

export interface MlpSpec {
  inputs: number;
  layers: LayerSpec[];
}

/** Logical tensor name ('g/w0') -> tensor; variables while training, constants at inference. */
export type Params = Map<string, tf.Tensor>;

export function paramShapes(prefix: string, spec: MlpSpec): { name: string; shape: number[] }[] {
  const shapes: { name: string; shape: number[] }[] = [];
  let fanIn = spec.inputs;
  spec.layers.forEach((layer, i) => {
    shapes.push({ name: `${prefix}/w${i}`, shape: [fanIn, layer.units] });
    shapes.push({ name: `${prefix}/b${i}`, shape: [layer.units] });
    fanIn = layer.units;
  });
  return shapes;
}

/** Glorot-uniform weights, zero biases, seeded so training runs are reproducible. */
export function initParams(prefix: string, spec: MlpSpec, seed: number): Map<string, tf.Variable> {
  const params = new Map<string, tf.Variable>();
  paramShapes(prefix, spec).forEach(({ name, shape }, i) => {
    const init =
      shape.length === 2
        ? tf.randomUniform(shape, -Math.sqrt(6 / ((shape[0] as number) + (shape[1] as number))), Math.sqrt(6 / ((shape[0] as number) + (shape[1] as number))), 'float32', seed + i)
        : tf.zeros(shape);
    params.set(name, tf.variable(init, true, name));
    init.dispose();
  });
  return params;
}

function param(params: Params, name: string): tf.Tensor {
  const found = params.get(name);
  if (!found) throw new Error(`missing parameter ${name}`);
  return found;
}

/** Leaky ReLU as 0.2x + 0.8 relu(x): tf.leakyRelu's gradient has no gradient itself, which WGAN-GP needs. */
export function leaky(x: tf.Tensor, alpha = 0.2): tf.Tensor {
  return tf.add(tf.mul(x, alpha), tf.mul(tf.relu(x), 1 - alpha));
}

function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'leaky':
      return leaky(x);
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return x;
  }
}

/** Forward pass; `training` turns dropout on. */
export function mlp(params: Params, prefix: string, spec: MlpSpec, input: tf.Tensor, training = false): tf.Tensor {
  let h = input;
  spec.layers.forEach((layer, i) => {
    h = activate(tf.add(tf.matMul(h as tf.Tensor2D, param(params, `${prefix}/w${i}`) as tf.Tensor2D), param(params, `${prefix}/b${i}`)), layer.activation);
    if (training && layer.dropout) h = tf.dropout(h, layer.dropout);
  });
  return h;
}

export const LATENT_DIM = 32;
export const CLASS_COUNT = 10;
/**
 * The GANs work at 14x14 (MNIST average-pooled 2x2) and the result is upsampled to 28x28: the output and input
 * layers are 4x smaller, which made training ~6x cheaper on this CPU budget while digits stay legible.
 */
export const GAN_SIZE = 14;
export const GAN_PIXELS = GAN_SIZE * GAN_SIZE;

/** Generator: [z, one-hot digit] -> 14x14 pixels in [-1, 1]. */
export const generatorSpec: MlpSpec = {
  inputs: LATENT_DIM + CLASS_COUNT,
  layers: [
    { units: 128, activation: 'leaky' },
    { units: 256, activation: 'leaky' },
    { units: GAN_PIXELS, activation: 'tanh' },
  ],
};

/**
 * Discriminator/critic bodies end in a 128-unit feature layer read by two heads (AC-GAN style): a real/fake
 * (or Wasserstein) score and a 10-way digit classifier. The class head makes the generator honour the
 * requested digit within a few epochs, where label concatenation alone was still ignored after five.
 */
export const FEATURE_UNITS = 128;
export const scoreHeadSpec: MlpSpec = { inputs: FEATURE_UNITS, layers: [{ units: 1, activation: 'linear' }] };
export const classHeadSpec: MlpSpec = { inputs: FEATURE_UNITS, layers: [{ units: CLASS_COUNT, activation: 'linear' }] };

/** DCGAN discriminator body: [image, one-hot] -> features. */
export const discriminatorSpec: MlpSpec = {
  inputs: GAN_PIXELS + CLASS_COUNT,
  layers: [
    { units: 256, activation: 'leaky', dropout: 0.3 },
    { units: FEATURE_UNITS, activation: 'leaky', dropout: 0.3 },
  ],
};

/** WGAN-GP critic body: no dropout and no normalisation, as the gradient penalty expects. */
export const criticSpec: MlpSpec = {
  inputs: GAN_PIXELS + CLASS_COUNT,
  layers: [
    { units: 256, activation: 'leaky' },
    { units: FEATURE_UNITS, activation: 'leaky' },
  ],
};

/** Digit classifier used to score generated samples: 784 pixels in [0, 1] -> 10 logits. */
export const classifierSpec: MlpSpec = {
  inputs: 784,
  layers: [
    { units: 256, activation: 'relu', dropout: 0.2 },
    { units: 10, activation: 'linear' },
  ],
};

/** Real digits (n x 784 in [0, 1]) to the GAN's 14x14 scale in [-1, 1]. */
export function toGanScale(images: tf.Tensor2D): tf.Tensor2D {
  const n = images.shape[0];
  const pooled = tf.avgPool(images.reshape([n, 28, 28, 1]) as tf.Tensor4D, 2, 2, 'valid');
  return pooled.reshape([n, GAN_PIXELS]).mul(2).sub(1) as tf.Tensor2D;
}

/** Generator output (n x 196 in [-1, 1]) to 28x28 pixels in [0, 1], bilinear upsampling. */
export function toPixels(generated: tf.Tensor): tf.Tensor {
  const n = generated.shape[0] as number;
  const small = tf.div(tf.add(generated, 1), 2).reshape([n, GAN_SIZE, GAN_SIZE, 1]) as tf.Tensor4D;
  return tf.image.resizeBilinear(small, [28, 28]).reshape([n, 784]);
}
