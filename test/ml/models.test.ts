import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aeRecipe, latentGrid, vaeRecipe, VAE_LATENT } from '../../src/ml/autoencoders.js';
import { selectBackend } from '../../src/ml/backend.js';
import { cycleganRecipe, cycleRows, morph, styleDomains } from '../../src/ml/cyclegan.js';
import { PIXELS, type DigitSet } from '../../src/ml/data.js';
import { ganRecipe, generatePixels, LATENT_DIM } from '../../src/ml/gan.js';
import { withPrefix } from '../../src/ml/layers.js';
import { train } from '../../src/ml/training.js';
import { loadWeights } from '../../src/ml/weights.js';

/** A few fake "digits": a bright square at a label-dependent place (no dataset needed). */
function toyDigits(count: number): DigitSet {
  const images = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    const top = 4 + (i % 10) * 2;
    for (let y = top; y < top + 6; y++) for (let x = 8; x < 20; x++) images[i * PIXELS + y * 28 + x] = 1;
  }
  return { images, labels, count };
}

describe('the lecture models', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'studybot-models-'));
  });
  afterAll(async () => {
    tf.disposeVariables();
    await rm(dir, { recursive: true, force: true });
  });

  it('GAN generators draw 28x28 pixels in [0, 1], the same for the same seed', () => {
    const shipped = (kind: 'dcgan' | 'wgan') => withPrefix(ganRecipe(kind).variables, 'g/');
    const input = tf.concat([tf.randomNormal([3, LATENT_DIM], 0, 1, 'float32', 9), tf.oneHot(tf.tensor1d([3, 7, 0], 'int32'), 10).toFloat()], 1);
    const a = generatePixels(shipped('dcgan'), input).dataSync();
    expect(a.length).toBe(3 * PIXELS);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(Array.from(generatePixels(shipped('dcgan'), input).dataSync())).toEqual(Array.from(a));
  });

  it('the VAE latent grid spans N(0, I) symmetrically', () => {
    const grid = latentGrid(8);
    expect(grid.length).toBe(64 * VAE_LATENT);
    expect(grid[0]).toBeCloseTo(-1.645, 1); // 5% quantile
    expect(grid[14]).toBeCloseTo(1.645, 1);
    expect(grid[0]! + grid[14]!).toBeCloseTo(0, 3);
  });

  it('morphology makes style A thinner and style B thicker, from disjoint halves', () => {
    const data = toyDigits(20);
    const { a, b } = styleDomains(data);
    expect(a.count + b.count).toBe(20);
    const ink = (s: DigitSet) => s.images.reduce((x, y) => x + y, 0) / s.count;
    const original = ink(data);
    expect(ink(a)).toBeLessThan(original);
    expect(ink(b)).toBeGreaterThan(original);
    expect(Array.from(morph(new Float32Array(PIXELS), 'dilate', 3))).toEqual(Array.from(new Float32Array(PIXELS)));
  });

  it('CycleGAN rows are the input, its translation and the translation back', () => {
    const generators = withPrefix(cycleganRecipe(toyDigits(4)).variables, 'g');
    const start = toyDigits(2).images;
    const rows = cycleRows(generators, start);
    expect(rows.length).toBe(3 * 2 * PIXELS);
    expect(Array.from(rows.subarray(0, 2 * PIXELS))).toEqual(Array.from(start));
  });

  it('training is reproducible and resumes exactly where it stopped', async () => {
    const data = toyDigits(64); // one batch an epoch: cheap, and still two epochs of different batches
    const preview = data.images.subarray(0, 2 * PIXELS);
    const run = async (name: string, epochs: number, resume: boolean) =>
      train(aeRecipe(preview), { data, epochs, runDir: join(dir, name), exportDir: join(dir, `${name}-out`), resume });
    await run('straight', 2, false);
    await run('stopped', 1, false);
    const resumed = await run('stopped', 2, true);
    expect(resumed.epochsDone).toBe(2);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2]);
    const straight = await loadWeights(join(dir, 'straight', 'checkpoint'));
    const again = await loadWeights(join(dir, 'stopped', 'checkpoint'));
    for (const [name, value] of straight.values) expect(Array.from(again.values.get(name)!.data), name).toEqual(Array.from(value.data));
    // the exported weights are only the shipped network, float16
    const shipped = await loadWeights(join(dir, 'straight-out'));
    expect(shipped.manifest.dtype).toBe('float16');
    expect([...shipped.values.keys()].every((n) => n.startsWith('ae/'))).toBe(true);
    expect(resumed.history[1]!.losses.recon).toBeLessThan(resumed.history[0]!.losses.recon!);
  }, 300_000); // three short runs that each write a float32 checkpoint: slow only on a loaded machine

  it('the VAE records both of its losses every epoch (the picture charts them)', async () => {
    const data = toyDigits(64);
    const meta = await train(vaeRecipe(data.images.subarray(0, 2 * PIXELS)), { data, epochs: 1, runDir: join(dir, 'vae'), exportDir: join(dir, 'vae-out') });
    expect(Object.keys(meta.history[0]!.losses).sort()).toEqual(['kl', 'recon']);
    expect(meta.history[0]!.losses.kl).toBeGreaterThan(0);
  });
});
