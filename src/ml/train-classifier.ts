/** Trains the digit classifier that scores generated samples; reports held-out accuracy. */
import * as tf from '@tensorflow/tfjs';
import { loadDigits, PIXELS } from './data.js';
import { classify } from './classifier.js';
import { CLASS_COUNT, classifierSpec, initParams, mlp } from './nets.js';
import { mulberry32, shuffleInPlace } from './rng.js';
import { saveWeights } from './weights.js';

export interface ClassifierMeta {
  kind: 'classifier';
  epochsDone: number;
  trainSeconds: number;
  trainImages: number;
  testImages: number;
  testAccuracy: number;
  backend: string;
  spec: typeof classifierSpec;
}

export async function trainClassifier(options: {
  epochs: number;
  exportDir: string;
  batchSize?: number;
  onProgress?: (p: { epoch: number; epochs: number; batch: number; batches: number; loss: number }) => void;
}): Promise<ClassifierMeta> {
  const batchSize = options.batchSize ?? 64;
  const { train, test } = loadDigits(0.2);
  const params = initParams('c', classifierSpec, 5);
  const optimizer = tf.train.adam(1e-3);
  const images = tf.tensor2d(train.images, [train.count, PIXELS]);
  const labels = tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASS_COUNT).toFloat();
  const batches = Math.floor(train.count / batchSize);
  const started = performance.now();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffleInPlace(Array.from({ length: train.count }, (_, i) => i), mulberry32(epoch));
    let sum = 0;
    for (let b = 0; b < batches; b++) {
      const loss = tf.tidy(() => {
        const idx = tf.tensor1d(order.slice(b * batchSize, (b + 1) * batchSize), 'int32');
        const x = tf.gather(images, idx);
        const y = tf.gather(labels, idx);
        const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, mlp(params, 'c', classifierSpec, x, true)) as tf.Scalar, true, [...params.values()]);
        return (cost as tf.Scalar).dataSync()[0] as number;
      });
      sum += loss;
      options.onProgress?.({ epoch, epochs: options.epochs, batch: b + 1, batches, loss: sum / (b + 1) });
    }
  }
  const { predicted } = classify(params, test.images);
  const correct = predicted.filter((p, i) => p === test.labels[i]).length;
  const meta: ClassifierMeta = {
    kind: 'classifier',
    epochsDone: options.epochs,
    trainSeconds: (performance.now() - started) / 1000,
    trainImages: train.count,
    testImages: test.count,
    testAccuracy: correct / test.count,
    backend: tf.getBackend(),
    spec: classifierSpec,
  };
  images.dispose();
  labels.dispose();
  await saveWeights(options.exportDir, params, meta, 'float16');
  return meta;
}
