/**
 * 2-D convolution and transposed convolution written as matrix products (im2col with a constant 0/1 "unfold"
 * matrix). The maths and the filter layouts are exactly tf.conv2d / tf.conv2dTranspose with 'same' padding
 * (test/ml/conv.test.ts checks this), but every op used here (matMul, reshape, transpose) has gradients on the
 * WASM backend, which lacks Conv2DBackpropFilter, and a training step runs ~10x faster than tfjs's CPU conv kernels.
 * Only for the small 14x14 / 7x7 maps of the GANs: the unfold matrix is (H*W) x (outH*outW*k*k).
 */
import * as tf from '@tensorflow/tfjs';

export interface ConvGeometry {
  /** Input height/width (square maps). */
  size: number;
  kernel: number;
  stride: number;
}

/** Output size with 'same' padding. */
export function convOutSize(g: ConvGeometry): number {
  return Math.ceil(g.size / g.stride);
}

const unfoldCache = new Map<string, { backend: string; matrix: tf.Tensor2D }>();

/**
 * U[inPos, outPos * k*k + (ky * k + kx)] = 1 where input pixel inPos sits under kernel tap (ky, kx) of output outPos,
 * using TensorFlow's 'same' padding (the odd pixel of padding goes bottom/right).
 */
export function unfoldMatrix(g: ConvGeometry): tf.Tensor2D {
  const key = `${g.size}/${g.kernel}/${g.stride}`;
  const cached = unfoldCache.get(key);
  // tensors belong to a backend: rebuild after a backend switch (tests run both)
  if (cached && cached.backend === tf.getBackend() && !cached.matrix.isDisposed) return cached.matrix;
  const out = convOutSize(g);
  const k = g.kernel;
  const padTotal = Math.max((out - 1) * g.stride + k - g.size, 0);
  const pad = Math.floor(padTotal / 2);
  const values = new Float32Array(g.size * g.size * out * out * k * k);
  const cols = out * out * k * k;
  for (let oy = 0; oy < out; oy++) {
    for (let ox = 0; ox < out; ox++) {
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) {
          const iy = oy * g.stride + ky - pad;
          const ix = ox * g.stride + kx - pad;
          if (iy < 0 || ix < 0 || iy >= g.size || ix >= g.size) continue;
          values[(iy * g.size + ix) * cols + (oy * out + ox) * k * k + ky * k + kx] = 1;
        }
      }
    }
  }
  const matrix = tf.keep(tf.tensor2d(values, [g.size * g.size, cols]));
  unfoldCache.set(key, { backend: tf.getBackend(), matrix });
  return matrix;
}

/** Like tf.conv2d(x, filter, stride, 'same'): x [n, size, size, cin], filter [k, k, cin, cout]. */
export function conv2dSame(x: tf.Tensor, filter: tf.Tensor, g: ConvGeometry): tf.Tensor4D {
  const [n, , , cin] = x.shape as number[];
  const cout = filter.shape[3] as number;
  const out = convOutSize(g);
  const kk = g.kernel * g.kernel;
  const perChannel = tf.transpose(x.reshape([n as number, g.size * g.size, cin as number]), [0, 2, 1]).reshape([(n as number) * (cin as number), g.size * g.size]);
  const patches = tf
    .matMul(perChannel as tf.Tensor2D, unfoldMatrix(g))
    .reshape([n as number, cin as number, out * out, kk])
    .transpose([0, 2, 3, 1])
    .reshape([(n as number) * out * out, kk * (cin as number)]);
  return tf.matMul(patches as tf.Tensor2D, filter.reshape([kk * (cin as number), cout]) as tf.Tensor2D).reshape([n as number, out, out, cout]);
}

/**
 * Like tf.conv2dTranspose(x, filter, [n, size, size, cout], stride, 'same'): x [n, size/stride, size/stride, cin],
 * filter [k, k, cout, cin]; `g` describes the forward convolution (size = the larger, output map).
 */
export function conv2dTransposeSame(x: tf.Tensor, filter: tf.Tensor, g: ConvGeometry): tf.Tensor4D {
  const [n, , , cin] = x.shape as number[];
  const cout = filter.shape[2] as number;
  const small = convOutSize(g);
  const kk = g.kernel * g.kernel;
  const taps = tf
    .matMul(x.reshape([(n as number) * small * small, cin as number]) as tf.Tensor2D, filter.reshape([kk * cout, cin as number]) as tf.Tensor2D, false, true)
    .reshape([n as number, small * small, kk, cout])
    .transpose([0, 3, 1, 2])
    .reshape([(n as number) * cout, small * small * kk]);
  return tf
    .matMul(taps as tf.Tensor2D, unfoldMatrix(g), false, true)
    .reshape([n as number, cout, g.size * g.size])
    .transpose([0, 2, 1])
    .reshape([n as number, g.size, g.size, cout]);
}
