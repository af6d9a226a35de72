import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dSame, conv2dTransposeSame, convOutSize, unfoldMatrix } from '../../src/ml/conv.js';
import { selectBackend } from '../../src/ml/backend.js';

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('convolutions as matrix products', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  // odd and even kernels exercise the asymmetric 'same' padding; several channels exercise the layout
  const cases = [
    { size: 14, kernel: 4, cin: 1, cout: 32 },
    { size: 14, kernel: 5, cin: 3, cout: 8 },
    { size: 7, kernel: 4, cin: 6, cout: 5 },
    { size: 7, kernel: 3, cin: 2, cout: 4 },
  ];

  for (const { size, kernel, cin, cout } of cases) {
    it(`matches tf.conv2d and tf.conv2dTranspose (${size}x${size}, k${kernel}, ${cin}->${cout})`, () => {
      const g = { size, kernel, stride: 2 };
      const small = convOutSize(g);
      const x = tf.randomNormal([3, size, size, cin], 0, 1, 'float32', 1);
      const filter = tf.randomNormal([kernel, kernel, cin, cout], 0, 1, 'float32', 2);
      const ours = conv2dSame(x, filter, g);
      expect(ours.shape).toEqual([3, small, small, cout]);
      expect(maxDiff(ours, tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same'))).toBeLessThan(1e-3);

      const h = tf.randomNormal([3, small, small, cout], 0, 1, 'float32', 3);
      const back = conv2dTransposeSame(h, filter, g);
      expect(back.shape).toEqual([3, size, size, cin]);
      expect(maxDiff(back, tf.conv2dTranspose(h as tf.Tensor4D, filter as tf.Tensor4D, [3, size, size, cin], 2, 'same'))).toBeLessThan(1e-3);
    });
  }

  it('has the gradient of tf.conv2d with respect to the filter', () => {
    const g = { size: 14, kernel: 4, stride: 2 };
    const x = tf.randomNormal([2, 14, 14, 1], 0, 1, 'float32', 4);
    const filter = tf.randomNormal([4, 4, 1, 3], 0, 1, 'float32', 5);
    const ours = tf.grad((f: tf.Tensor) => tf.sum(tf.square(conv2dSame(x, f, g))))(filter);
    const reference = tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'))))(filter);
    expect(maxDiff(ours, reference)).toBeLessThan(1e-2);
  });

  it('unfolds each output tap from at most one input pixel', () => {
    const columnSums = tf.tidy(() => tf.sum(unfoldMatrix({ size: 7, kernel: 4, stride: 2 }), 0).dataSync());
    expect(Math.max(...columnSums)).toBe(1);
    expect(Math.min(...columnSums)).toBe(0); // taps over the padding read nothing
  });
});
