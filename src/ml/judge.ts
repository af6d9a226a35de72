/**
 * The independent judge: a LeNet-style digit classifier trained only on the `judge` part of the digits, which no
 * generator sees, and used in no training loss. Its 128-unit feature layer is the space for the Fréchet distance,
 * precision/recall and diversity (metrics.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { meanPool2 } from './conv.js';
import { CLASSES, IMAGE_SIZE, PIXELS, type DigitSet } from './data.js';
import { conv, convShapes, dense, denseShapes, initParams, type Params, type TensorShape } from './layers.js';
import { mulberry32, shuffleInPlace } from './rng.js';
import { saveWeights } from './weights.js';

export const JUDGE_DIR = 'judge';
export const JUDGE_FEATURES = 128;

export const judgeShapes: TensorShape[] = [
  ...convShapes('j/c1', 5, 1, 16),
  ...convShapes('j/c2', 5, 16, 32),
  ...denseShapes('j/f', 7 * 7 * 32, JUDGE_FEATURES),
  ...denseShapes('j/out', JUDGE_FEATURES, CLASSES),
];

export const judgeArchitecture = '28x28 -> conv5 16 relu -> pool -> conv5 32 relu -> pool -> dense 128 relu (features, dropout 0.3) -> 10';

/** Images (n x 784 in [0, 1]) -> the 128 features and the 10 digit logits. */
export function judgeForward(params: Params, images: tf.Tensor, training = false): { features: tf.Tensor2D; logits: tf.Tensor2D } {
  const n = images.shape[0] as number;
  let h: tf.Tensor = images.reshape([n, IMAGE_SIZE, IMAGE_SIZE, 1]);
  h = meanPool2(tf.relu(conv(params, 'j/c1', h)));
  h = meanPool2(tf.relu(conv(params, 'j/c2', h)));
  const features = tf.relu(dense(params, 'j/f', h.reshape([n, 7 * 7 * 32]))) as tf.Tensor2D;
  const logits = dense(params, 'j/out', training ? tf.dropout(features, 0.3) : features) as tf.Tensor2D;
  return { features, logits };
}

export interface Judgement {
  predicted: number[];
  /** n x 128 feature rows. */
  features: Float32Array;
}

/** Judges images in batches (keeps memory flat for thousands of images). */
export function judge(params: Params, pixels: Float32Array, batch = 500): Judgement {
  const count = pixels.length / PIXELS;
  const predicted: number[] = [];
  const features = new Float32Array(count * JUDGE_FEATURES);
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    const [logits, feats] = tf.tidy(() => {
      const out = judgeForward(params, tf.tensor2d(pixels.subarray(start * PIXELS, end * PIXELS), [end - start, PIXELS]));
      return [out.logits.argMax(1).dataSync(), out.features.dataSync()] as const;
    });
    predicted.push(...Array.from(logits));
    features.set(feats as Float32Array, start * JUDGE_FEATURES);
  }
  return { predicted, features };
}

/** Moves every image by (dx, dy) pixels, filling with black. */
export function shiftImages(images: tf.Tensor, dx: number, dy: number): tf.Tensor2D {
  const n = images.shape[0] as number;
  const padded = tf.pad(images.reshape([n, IMAGE_SIZE, IMAGE_SIZE]), [
    [0, 0],
    [2, 2],
    [2, 2],
  ]);
  return tf.slice(padded, [0, 2 - dy, 2 - dx], [n, IMAGE_SIZE, IMAGE_SIZE]).reshape([n, PIXELS]) as tf.Tensor2D;
}

export interface JudgeMeta {
  kind: 'judge';
  epochsDone: number;
  trainSeconds: number;
  trainImages: number;
  testImages: number;
  /** Accuracy on the held-out part (never trained on by anything). */
  testAccuracy: number;
  backend: string;
  architecture: string;
}

export async function trainJudge(options: {
  train: DigitSet;
  test: DigitSet;
  epochs: number;
  exportDir: string;
  batchSize?: number;
  onProgress?: (p: { epoch: number; epochs: number; batch: number; batches: number; loss: number }) => void;
}): Promise<JudgeMeta> {
  const { train, test } = options;
  const batchSize = options.batchSize ?? 64;
  const params = initParams(judgeShapes, 5);
  const optimizer = tf.train.adam(1e-3);
  const images = tf.tensor2d(train.images, [train.count, PIXELS]);
  const labels = tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASSES).toFloat();
  const batches = Math.floor(train.count / batchSize);
  const started = performance.now();
  const jitter = mulberry32(77);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffleInPlace(Array.from({ length: train.count }, (_, i) => i), mulberry32(epoch));
    let sum = 0;
    for (let b = 0; b < batches; b++) {
      const loss = tf.tidy(() => {
        const idx = tf.tensor1d(order.slice(b * batchSize, (b + 1) * batchSize), 'int32');
        // augmentation: the batch shifted by up to 1 pixel each way (3,000 digits alone over-fit)
        const x = shiftImages(tf.gather(images, idx), Math.floor(jitter() * 3) - 1, Math.floor(jitter() * 3) - 1);
        const y = tf.gather(labels, idx);
        const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, judgeForward(params, x, true).logits) as tf.Scalar, true, [...params.values()]);
        return (cost as tf.Scalar).dataSync()[0] as number;
      });
      sum += loss;
      options.onProgress?.({ epoch, epochs: options.epochs, batch: b + 1, batches, loss: sum / (b + 1) });
    }
  }
  const { predicted } = judge(params, test.images);
  const meta: JudgeMeta = {
    kind: 'judge',
    epochsDone: options.epochs,
    trainSeconds: (performance.now() - started) / 1000,
    trainImages: train.count,
    testImages: test.count,
    testAccuracy: predicted.filter((p, i) => p === test.labels[i]).length / test.count,
    backend: tf.getBackend(),
    architecture: judgeArchitecture,
  };
  images.dispose();
  labels.dispose();
  await saveWeights(options.exportDir, params, meta, 'float16');
  return meta;
}
