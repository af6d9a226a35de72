/**
 * Networks as plain functions over named tensors (no tf.layers): saving and loading stay a flat list of float
 * arrays, the WGAN-GP critic can be differentiated twice, and every op has gradients on WASM (see conv.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dSame } from './conv.js';

/** Logical tensor name ('g/c1/k') -> tensor; variables while training, constants at inference. */
export type Params = Map<string, tf.Tensor>;

export interface TensorShape {
  name: string;
  shape: number[];
}

/** The kernel and bias of a dense layer `name` (weights [in, out]). */
export function denseShapes(name: string, inputs: number, units: number): TensorShape[] {
  return [
    { name: `${name}/w`, shape: [inputs, units] },
    { name: `${name}/b`, shape: [units] },
  ];
}

/** The kernel and bias of a 'same' convolution `name` (kernel [k, k, in, out]). */
export function convShapes(name: string, kernel: number, inputs: number, outputs: number): TensorShape[] {
  return [
    { name: `${name}/k`, shape: [kernel, kernel, inputs, outputs] },
    { name: `${name}/b`, shape: [outputs] },
  ];
}

let variableCount = 0;

/** Glorot-uniform weights, zero biases, seeded so runs are reproducible. */
export function initParams(shapes: TensorShape[], seed: number): Map<string, tf.Variable> {
  const params = new Map<string, tf.Variable>();
  shapes.forEach(({ name, shape }, i) => {
    const init = tf.tidy(() => {
      if (shape.length === 1) return tf.zeros(shape);
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / (receptive * ((shape[shape.length - 2] as number) + (shape[shape.length - 1] as number))));
      return tf.randomUniform(shape, -limit, limit, 'float32', seed + i);
    });
    params.set(name, tf.variable(init, true, `${name}#${++variableCount}`));
    init.dispose();
  });
  return params;
}

export function param(params: Params, name: string): tf.Tensor {
  const found = params.get(name);
  if (!found) throw new Error(`missing parameter ${name}`);
  return found;
}

export function dense(params: Params, name: string, x: tf.Tensor): tf.Tensor {
  return tf.add(tf.matMul(x as tf.Tensor2D, param(params, `${name}/w`) as tf.Tensor2D), param(params, `${name}/b`));
}

export function conv(params: Params, name: string, x: tf.Tensor): tf.Tensor {
  return tf.add(conv2dSame(x, param(params, `${name}/k`)), param(params, `${name}/b`));
}

/** Leaky ReLU as 0.2x + 0.8 relu(x): tf.leakyRelu's gradient has no gradient itself, which WGAN-GP needs. */
export function leaky(x: tf.Tensor, alpha = 0.2): tf.Tensor {
  return tf.add(tf.mul(x, alpha), tf.mul(tf.relu(x), 1 - alpha));
}

/** Parameters whose names start with `prefix` (one network out of a checkpoint holding several). */
export function withPrefix<T extends tf.Tensor>(params: Map<string, T>, prefix: string): Map<string, T> {
  return new Map([...params].filter(([name]) => name.startsWith(prefix)));
}

export function parameterCount(params: Params): number {
  let total = 0;
  for (const tensor of params.values()) total += tensor.size;
  return total;
}
