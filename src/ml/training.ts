/**
 * The one training loop every generative model uses: seeded batches, one model-specific step per batch, an EMA of
 * the shipped weights where asked, and after every epoch a sample picture, a float32 checkpoint (all networks and
 * optimizer state, so a stopped run resumes exactly) and the float16 export of the shipped networks.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CLASSES, PIXELS, type DigitSet } from './data.js';
import { withPrefix } from './layers.js';
import { renderGrid } from './png.js';
import { mulberry32, shuffleInPlace } from './rng.js';
import { assignVariables, loadWeights, saveWeights } from './weights.js';

export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  losses: Record<string, number>;
}

export interface TrainOptions {
  data: DigitSet;
  epochs: number;
  /** ml-runs/<model>: checkpoint/ and epoch-NNN.png */
  runDir: string;
  /** models/<model>: the shipped weights */
  exportDir: string;
  resume?: boolean;
  onProgress?: (p: Progress) => void;
  log?: (msg: string) => void;
}

export interface EpochRecord {
  epoch: number;
  seconds: number;
  /** Mean of each loss over the epoch's batches. */
  losses: Record<string, number>;
}

/** What every shipped model.json's meta holds, plus the model's own fields. */
export interface TrainedMeta {
  kind: string;
  epochsDone: number;
  trainSeconds: number;
  trainImages: number;
  batchSize: number;
  backend: string;
  history: EpochRecord[];
  [key: string]: unknown;
}

export interface Batch {
  /** batch x 784 in [0, 1] */
  x: tf.Tensor2D;
  /** batch x 10 one-hot */
  y: tf.Tensor2D;
  /** batch index within the run (0, 1, 2, ...): seeds the step's noise, so a resumed run continues identically */
  step: number;
}

export interface ModelRecipe {
  kind: string;
  batchSize: number;
  /** Every network's variables, names prefixed by network ('g/', 'd/', ...). */
  variables: Map<string, tf.Variable>;
  optimizers: Record<string, tf.Optimizer>;
  /** Names starting with this prefix ship in models/<kind>/. */
  exportPrefix: string;
  /** Exponential moving average of the shipped weights (what ships then), e.g. 0.999. */
  emaDecay?: number;
  /** One training step; returns its losses (plain numbers). Runs inside tf.tidy. */
  step(batch: Batch): Record<string, number>;
  /** Pixels (count x 784 in [0, 1]) and layout of the per-epoch picture, drawn with the shipped weights. */
  picture(shipped: Map<string, tf.Tensor>): { pixels: Float32Array; cols: number; rows: number };
  /** The digits the loop walks, when not the ones given to train() (CycleGAN: its style-A half). */
  trainSet?: DigitSet;
  /** Model-specific meta fields (latentDim, architecture, ...). */
  meta: Record<string, unknown>;
}

export async function train(recipe: ModelRecipe, options: TrainOptions): Promise<TrainedMeta> {
  const log = options.log ?? (() => {});
  const { epochs } = options;
  const data = recipe.trainSet ?? options.data;
  const checkpointDir = join(options.runDir, 'checkpoint');
  const shipped = withPrefix(recipe.variables, recipe.exportPrefix);
  const ema = recipe.emaDecay ? new Map([...shipped].map(([name, v]) => [name, tf.variable(v.clone(), false, `ema:${v.name}`)])) : null;
  let meta: TrainedMeta = {
    kind: recipe.kind,
    epochsDone: 0,
    trainSeconds: 0,
    trainImages: data.count,
    batchSize: recipe.batchSize,
    backend: tf.getBackend(),
    history: [],
    ...(recipe.emaDecay ? { emaDecay: recipe.emaDecay } : {}),
    ...recipe.meta,
  };

  if (options.resume && existsSync(join(checkpointDir, 'model.json'))) {
    const saved = await loadWeights<TrainedMeta>(checkpointDir);
    assignVariables(saved.values, recipe.variables, '');
    if (ema) assignVariables(new Map([...saved.values].filter(([n]) => n.startsWith('ema:')).map(([n, v]) => [n.slice(4), v])), ema, '');
    // optimizer state is saved under the logical variable names ('g/base/w/m'); tfjs names it by the variable's
    // process-unique name ('g/base/w#12/m'), so translate back
    const current = new Map([...recipe.variables].map(([logical, v]) => [logical, v.name]));
    const toCurrent = (saved: string) => {
      const cut = saved.lastIndexOf('/');
      const variable = cut > 0 ? current.get(saved.slice(0, cut)) : undefined;
      return variable ? `${variable}${saved.slice(cut)}` : saved;
    };
    for (const [name, optimizer] of Object.entries(recipe.optimizers)) {
      const prefix = `opt-${name}:`;
      const state = [...saved.values].filter(([n]) => n.startsWith(prefix)).map(([n, v]) => ({ name: toCurrent(n.slice(prefix.length)), tensor: tf.tensor(v.data, v.shape) }));
      await optimizer.setWeights(state);
    }
    meta = { ...saved.manifest.meta, ...recipe.meta, backend: tf.getBackend() };
    log(`resumed ${recipe.kind} from ${checkpointDir} after epoch ${meta.epochsDone}`);
  }

  const images = tf.tensor2d(data.images, [data.count, PIXELS]);
  const labels = tf.oneHot(tf.tensor1d(data.labels, 'int32'), CLASSES).toFloat() as tf.Tensor2D;
  const batches = Math.floor(data.count / recipe.batchSize);
  const exported = () => ema ?? shipped;

  for (let epoch = meta.epochsDone + 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    const order = shuffleInPlace(Array.from({ length: data.count }, (_, i) => i), mulberry32(1000 + epoch));
    const sums: Record<string, number> = {};
    for (let b = 0; b < batches; b++) {
      const losses = tf.tidy(() => {
        const idx = tf.tensor1d(order.slice(b * recipe.batchSize, (b + 1) * recipe.batchSize), 'int32');
        return recipe.step({ x: tf.gather(images, idx), y: tf.gather(labels, idx), step: (epoch - 1) * batches + b });
      });
      if (ema) tf.tidy(() => ema.forEach((average, name) => average.assign(tf.add(tf.mul(average, recipe.emaDecay!), tf.mul(shipped.get(name)!, 1 - recipe.emaDecay!)))));
      for (const [name, value] of Object.entries(losses)) sums[name] = (sums[name] ?? 0) + value;
      options.onProgress?.({ epoch, epochs, batch: b + 1, batches, losses: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / (b + 1)])) });
    }
    const seconds = (performance.now() - started) / 1000;
    const means = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / batches]));
    meta.epochsDone = epoch;
    meta.trainSeconds += seconds;
    meta.history.push({ epoch, seconds, losses: means });
    const picture = recipe.picture(exported());
    const file = join(options.runDir, `epoch-${String(epoch).padStart(3, '0')}.png`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderGrid(picture.pixels, { cols: picture.cols, rows: picture.rows, scale: 2, gap: 2 }).png);
    const checkpoint = new Map<string, tf.Tensor>(recipe.variables);
    ema?.forEach((v, name) => checkpoint.set(`ema:${name}`, v));
    for (const [name, optimizer] of Object.entries(recipe.optimizers)) for (const w of await optimizer.getWeights()) checkpoint.set(`opt-${name}:${w.name.replace(/#\d+/, '')}`, w.tensor);
    await saveWeights(checkpointDir, checkpoint, meta, 'float32');
    await saveWeights(options.exportDir, exported(), meta, 'float16');
    log(`epoch ${epoch}: ${Object.entries(means).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' ')} in ${seconds.toFixed(1)} s`);
  }
  images.dispose();
  labels.dispose();
  return meta;
}
