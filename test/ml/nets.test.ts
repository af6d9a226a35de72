import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/ml/backend.js';
import {
  CLASS_COUNT,
  FEATURE_UNITS,
  GAN_PIXELS,
  G_DECONV,
  LATENT_DIM,
  convDiscriminatorFeatures,
  generatorNet,
  generatorSpec,
  initConvDiscriminator,
  initConvGenerator,
  initParams,
} from '../../src/ml/nets.js';

describe('DCGAN networks', () => {
  beforeAll(async () => {
    await selectBackend('wasm'); // training and inference both run on WASM: no conv back-propagation kernel needed
  });

  afterEach(() => tf.disposeVariables()); // variable names are global in tfjs

  const input = (n: number) => tf.concat([tf.randomNormal([n, LATENT_DIM], 0, 1, 'float32', 9), tf.oneHot(tf.tensor1d([3, 7, 0], 'int32'), CLASS_COUNT).toFloat()], 1);

  it('the conv generator draws 14x14 pixels in [-1, 1] and is picked by its tensor names', () => {
    const conv = initConvGenerator(1);
    expect(conv.has(G_DECONV.kernel)).toBe(true);
    const out = generatorNet(conv, input(3));
    expect(out.shape).toEqual([3, GAN_PIXELS]);
    const values = out.dataSync();
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    // the same input through the dense generator gives a different picture: dispatch really depends on the weights
    tf.disposeVariables();
    const dense = initParams('g', generatorSpec, 1);
    expect(dense.has(G_DECONV.kernel)).toBe(false);
    expect(Array.from(generatorNet(dense, input(3)).dataSync())).not.toEqual(Array.from(values));
  });

  it('trains both networks on WASM: gradients reach the conv kernels', () => {
    const g = initConvGenerator(2);
    const d = initConvDiscriminator(3);
    const labels = tf.oneHot(tf.tensor1d([3, 7, 0], 'int32'), CLASS_COUNT).toFloat();
    const features = convDiscriminatorFeatures(d, generatorNet(g, input(3)), labels, true);
    expect(features.shape).toEqual([3, FEATURE_UNITS]);
    const { grads } = tf.variableGrads(() => tf.sum(convDiscriminatorFeatures(d, generatorNet(g, input(3)), labels)) as tf.Scalar);
    expect(tf.sum(tf.abs(grads[G_DECONV.kernel] as tf.Tensor)).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.sum(tf.abs(grads['d/conv/k'] as tf.Tensor)).dataSync()[0]).toBeGreaterThan(0);
  });
});
