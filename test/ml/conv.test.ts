import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dSame, meanPool2, upsample2 } from '../../src/ml/conv.js';
import { selectBackend } from '../../src/ml/backend.js';

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe('convolution building blocks', () => {
  beforeAll(async () => {
    await selectBackend("cpu"); // the CPU backend has tf.conv2d's own gradients (and second-order ones) to compare with
  });

  for (const { size, kernel, cin, cout } of [
    { size: 28, kernel: 3, cin: 1, cout: 4 },
    { size: 14, kernel: 5, cin: 3, cout: 8 },
    { size: 7, kernel: 3, cin: 6, cout: 5 },
  ]) {
    it(`matches tf.conv2d and its gradients (${size}x${size}, k${kernel}, ${cin}->${cout})`, () => {
      const x = tf.randomNormal([2, size, size, cin], 0, 1, 'float32', 1);
      const filter = tf.randomNormal([kernel, kernel, cin, cout], 0, 1, 'float32', 2);
      const ours = conv2dSame(x, filter);
      expect(ours.shape).toEqual([2, size, size, cout]);
      expect(maxDiff(ours, tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'))).toBeLessThan(1e-3);
      const loss = (conv: (a: tf.Tensor, f: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.square(conv(a, f)));
      const [dxOurs, dfOurs] = tf.grads(loss(conv2dSame))([x, filter]);
      const [dxRef, dfRef] = tf.grads(loss((a, f) => tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, 'same')))([x, filter]);
      expect(maxDiff(dxOurs!, dxRef!)).toBeLessThan(1e-2);
      expect(maxDiff(dfOurs!, dfRef!) / (tf.max(tf.abs(dfRef!)).dataSync()[0] as number)).toBeLessThan(1e-4);
    });
  }

  it('rejects an even kernel (its same padding would be lopsided)', () => {
    expect(() => conv2dSame(tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1]))).toThrow(/odd kernel/);
  });

  it('upsamples by repeating pixels and pools by averaging 2x2 blocks', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(Array.from(upsample2(x).dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(maxDiff(meanPool2(upsample2(x)), x)).toBe(0);
    expect(maxDiff(meanPool2(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])), tf.tensor4d([2.5], [1, 1, 1, 1]))).toBe(0);
  });

  it('can be differentiated twice, like tf.conv2d (the WGAN-GP penalty needs it)', () => {
    const filter = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 3);
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 4);
    const penalty = (convolve: (a: tf.Tensor, f: tf.Tensor) => tf.Tensor) => (f: tf.Tensor) =>
      tf.sum(tf.square(tf.grad((a: tf.Tensor) => tf.sum(tf.square(meanPool2(convolve(upsample2(a), f)))))(x)));
    const ours = tf.grad(penalty(conv2dSame))(filter);
    const reference = tf.grad(penalty((a, f) => tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, 1, 'same')))(filter);
    const scale = tf.max(tf.abs(reference)).dataSync()[0] as number;
    expect(scale).toBeGreaterThan(0);
    expect(maxDiff(ours, reference) / scale).toBeLessThan(1e-4);
  });
});
