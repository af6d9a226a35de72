/**
 * The networks, written as plain layers over named tensors. The DCGAN is convolutional, its convolutions written
 * as matrix products (conv.ts) because tfjs's own conv back-propagation is far too slow on this 2-core budget
 * (~1.2 s per step on CPU) and missing on WASM; the WGAN-GP and the classifier are dense. Plain tensors (not
 * tf.layers) keep saving/loading a flat Float32 list, and let the WGAN-GP critic be differentiated twice (its
 * leaky ReLU is built from relu, which has a second-order gradient).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dSame, conv2dTransposeSame, type ConvGeometry } from './conv.js';

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

/** Glorot-uniform weights (dense [in, out] or conv [k, k, in, out]), zero biases, seeded so runs are reproducible. */
export function initTensor(name: string, shape: number[], seed: number): tf.Variable {
  let init: tf.Tensor;
  if (shape.length === 1) {
    init = tf.zeros(shape);
  } else {
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const limit = Math.sqrt(6 / (receptive * ((shape[shape.length - 2] as number) + (shape[shape.length - 1] as number))));
    init = tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }
  const variable = tf.variable(init, true, name);
  init.dispose();
  return variable;
}

export function initParams(prefix: string, spec: MlpSpec, seed: number): Map<string, tf.Variable> {
  const params = new Map<string, tf.Variable>();
  paramShapes(prefix, spec).forEach(({ name, shape }, i) => params.set(name, initTensor(name, shape, seed + i)));
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

/** MLP generator (WGAN-GP): [z, one-hot digit] -> 14x14 pixels in [-1, 1]. */
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

/**
 * The DCGAN, kept as small as a 2-core training budget allows (a G+D step ~0.11 s on WASM at batch 64):
 * generator [z ; one-hot] -> dense 7x7x32 (leaky) -> transposed conv 4x4 stride 2 -> 14x14x1 tanh;
 * discriminator 14x14x1 -> conv 4x4 stride 2 -> 7x7x32 (leaky) -> [flattened ; one-hot] -> dense 128 (leaky,
 * dropout 0.3) -> the two heads. A second discriminator conv layer (7x7 -> 4x4x64) tripled the step time.
 */
export const DCGAN_CHANNELS = 32;
export const DCGAN_BASE = GAN_SIZE / 2;
export const DCGAN_KERNEL = 4;
/** Geometry of the stride-2 convolution between the 14x14 image and the 7x7 feature map (both networks). */
export const dcganConv: ConvGeometry = { size: GAN_SIZE, kernel: DCGAN_KERNEL, stride: 2 };

export const convGeneratorDenseSpec: MlpSpec = {
  inputs: LATENT_DIM + CLASS_COUNT,
  layers: [{ units: DCGAN_BASE * DCGAN_BASE * DCGAN_CHANNELS, activation: 'leaky' }],
};
export const convDiscriminatorDenseSpec: MlpSpec = {
  inputs: DCGAN_BASE * DCGAN_BASE * DCGAN_CHANNELS + CLASS_COUNT,
  layers: [{ units: FEATURE_UNITS, activation: 'leaky', dropout: 0.3 }],
};
/** Tensor names of the conv layers: the generator's transposed conv marks a conv generator file. */
export const G_DECONV = { kernel: 'g/deconv/k', bias: 'g/deconv/b' };
export const D_CONV = { kernel: 'd/conv/k', bias: 'd/conv/b' };

/** Summary written into model.json's meta. */
export const dcganArchitecture = {
  generator: `[z ${LATENT_DIM} ; one-hot 10] -> dense ${DCGAN_BASE}x${DCGAN_BASE}x${DCGAN_CHANNELS} leaky -> conv2dTranspose ${DCGAN_KERNEL}x${DCGAN_KERNEL}/2 -> ${GAN_SIZE}x${GAN_SIZE}x1 tanh`,
  discriminator: `${GAN_SIZE}x${GAN_SIZE}x1 -> conv2d ${DCGAN_KERNEL}x${DCGAN_KERNEL}/2 -> ${DCGAN_BASE}x${DCGAN_BASE}x${DCGAN_CHANNELS} leaky -> [flatten ; one-hot 10] -> dense ${FEATURE_UNITS} leaky (dropout 0.3) -> score 1 + digit 10`,
};

export function initConvGenerator(seed: number): Map<string, tf.Variable> {
  const params = initParams('g', convGeneratorDenseSpec, seed);
  params.set(G_DECONV.kernel, initTensor(G_DECONV.kernel, [DCGAN_KERNEL, DCGAN_KERNEL, 1, DCGAN_CHANNELS], seed + 100));
  params.set(G_DECONV.bias, initTensor(G_DECONV.bias, [1], seed + 101));
  return params;
}

export function initConvDiscriminator(seed: number): Map<string, tf.Variable> {
  const params = initParams('d', convDiscriminatorDenseSpec, seed);
  params.set(D_CONV.kernel, initTensor(D_CONV.kernel, [DCGAN_KERNEL, DCGAN_KERNEL, 1, DCGAN_CHANNELS], seed + 100));
  params.set(D_CONV.bias, initTensor(D_CONV.bias, [DCGAN_CHANNELS], seed + 101));
  return params;
}

/** Conv generator: [z, one-hot] (n x 42) -> n x 196 pixels in [-1, 1]. */
export function convGenerator(params: Params, input: tf.Tensor): tf.Tensor {
  const n = input.shape[0] as number;
  const base = mlp(params, 'g', convGeneratorDenseSpec, input).reshape([n, DCGAN_BASE, DCGAN_BASE, DCGAN_CHANNELS]);
  const image = conv2dTransposeSame(base, param(params, G_DECONV.kernel), dcganConv);
  return tf.tanh(tf.add(image, param(params, G_DECONV.bias))).reshape([n, GAN_PIXELS]);
}

/** Conv discriminator body: images (n x 196) and one-hot digits -> n x 128 features. */
export function convDiscriminatorFeatures(params: Params, images: tf.Tensor, labels: tf.Tensor, training = false): tf.Tensor {
  const n = images.shape[0] as number;
  const maps = conv2dSame(images.reshape([n, GAN_SIZE, GAN_SIZE, 1]), param(params, D_CONV.kernel), dcganConv);
  const flat = leaky(tf.add(maps, param(params, D_CONV.bias))).reshape([n, DCGAN_BASE * DCGAN_BASE * DCGAN_CHANNELS]);
  return mlp(params, 'd', convDiscriminatorDenseSpec, tf.concat([flat, labels], 1), training);
}

/** Runs whichever generator the parameters describe (a transposed-conv kernel means the DCGAN). */
export function generatorNet(params: Params, input: tf.Tensor): tf.Tensor {
  return params.has(G_DECONV.kernel) ? convGenerator(params, input) : mlp(params, 'g', generatorSpec, input);
}

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
