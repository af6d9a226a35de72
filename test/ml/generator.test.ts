import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusyError, UserError } from '../../src/core/errors.js';
import type { ImageGenerator } from '../../src/core/ports.js';
import { createImageGenerator } from '../../src/ml/index.js';
import { gridSize } from '../../src/ml/png.js';
import { IMAGE_SIZE, PIXELS } from '../../src/ml/data.js';

const modelsDir = process.env.STUDYBOT_TEST_MODELS ?? join(import.meta.dirname, '..', '..', 'models');

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** Cuts the tiles back out of a grid (scale 4, gap 4, as the worker renders) into 28x28 pixels in [0, 1]. */
function tiles(image: PNG, cols: number, rows: number): Float32Array {
  const scale = 4;
  const gap = 4;
  const out = new Float32Array(cols * rows * PIXELS);
  for (let t = 0; t < cols * rows; t++) {
    const left = gap + (t % cols) * (IMAGE_SIZE * scale + gap);
    const top = gap + Math.floor(t / cols) * (IMAGE_SIZE * scale + gap);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) {
        const index = ((top + y * scale) * image.width + left + x * scale) * 4; // pngjs decodes to RGBA
        out[t * PIXELS + y * IMAGE_SIZE + x] = (image.data[index] as number) / 255;
      }
    }
  }
  return out;
}

describe('image generator (worker thread, shipped weights)', () => {
  let generator: ImageGenerator;
  const logs: string[] = [];

  beforeAll(async () => {
    generator = await createImageGenerator({ maxQueue: 3, modelsDir, log: (m) => logs.push(m) });
  });
  afterAll(async () => {
    await generator?.close();
  });

  it('lists every lecture model and logs the backend', () => {
    const names = generator.models().map((m) => m.name);
    expect(names).toEqual(['dcgan', 'wgan', 'ae', 'vae', 'cyclegan']);
    expect(generator.models().filter((m) => m.conditional).map((m) => m.name)).toEqual(['dcgan', 'wgan']);
    expect(logs.some((l) => /backend: (wasm|cpu|tensorflow)/.test(l))).toBe(true);
  });

  it('renders a 4x4 grid PNG of the advertised size', async () => {
    const image = await generator.generate({ model: 'dcgan', seed: 42 });
    const expected = gridSize({ cols: 4, rows: 4 });
    expect([image.width, image.height]).toEqual([expected.width, expected.height]);
    const png = decode(image.png);
    expect([png.width, png.height]).toEqual([expected.width, expected.height]);
    expect(image.model).toBe('dcgan');
    expect(image.backend).toMatch(/wasm|cpu|tensorflow/);
    // the digits are drawn: some tile pixels are bright, most are dark
    const pixels = tiles(png, 4, 4);
    const bright = pixels.filter((v) => v > 0.5).length / pixels.length;
    expect(bright).toBeGreaterThan(0.02);
    expect(bright).toBeLessThan(0.5);
  });

  it('gives identical bytes for the same seed and different images for different seeds', async () => {
    for (const model of ['dcgan', 'wgan', 'ae', 'vae', 'cyclegan']) {
      const digit = model === 'vae' ? undefined : 3;
      const a = await generator.generate({ model, seed: 7, digit });
      const b = await generator.generate({ model, seed: 7, digit });
      const c = await generator.generate({ model, seed: 8, digit });
      expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
      expect(Buffer.from(a.png).equals(Buffer.from(c.png))).toBe(false);
    }
  });

  it('honours the requested digit according to the independent judge', async () => {
    const { loadWeights, toTensors } = await import('../../src/ml/weights.js');
    const { judge } = await import('../../src/ml/judge.js');
    const judgeParams = toTensors((await loadWeights(join(modelsDir, 'judge'))).values, 'j/');
    for (const model of ['dcgan', 'wgan']) {
      let agree = 0;
      let total = 0;
      for (const digit of [0, 1, 3, 7]) {
        const image = await generator.generate({ model, seed: 100 + digit, digit });
        const { predicted } = judge(judgeParams, tiles(decode(image.png), 4, 4));
        agree += predicted.filter((p) => p === digit).length;
        total += predicted.length;
      }
      // chance is 10%; a conditional generator that works is far above it
      expect(agree / total, `${model} agreement`).toBeGreaterThan(0.6);
    }
    // the cyclegan changes the style, not the digit: the judge reads A -> B as it reads A (the weights
    // shipped before the identity loss inverted the picture, and kept 1 digit of 8 here)
    const cycle = tiles(decode((await generator.generate({ model: 'cyclegan', seed: 5 })).png), 8, 3);
    const { predicted } = judge(judgeParams, cycle);
    const kept = predicted.slice(0, 8).filter((digit, i) => predicted[8 + i] === digit).length;
    expect(kept, 'cyclegan A -> B keeps the digit').toBeGreaterThanOrEqual(6);
  });

  it('walks latent space in one row when interpolating', async () => {
    const image = await generator.generate({ model: 'wgan', seed: 1, interpolateTo: 2 });
    const expected = gridSize({ cols: 8, rows: 1 });
    expect([image.width, image.height]).toEqual([expected.width, expected.height]);
    const pixels = tiles(decode(image.png), 8, 1);
    const tile = (i: number) => pixels.subarray(i * PIXELS, (i + 1) * PIXELS);
    const distance = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0);
    // neighbouring steps are closer to each other than the two ends are
    expect(distance(tile(0), tile(1))).toBeLessThan(distance(tile(0), tile(7)));
  });

  it('draws each model\'s own picture', async () => {
    // ae: 16 unseen digits beside their reconstructions, 8 columns of tiles
    const ae = await generator.generate({ model: 'ae', seed: 3, digit: 5 });
    expect([ae.width, ae.height]).toEqual(Object.values(gridSize({ cols: 8, rows: 4 })));
    const pairs = tiles(decode(ae.png), 8, 4);
    const tile = (px: Float32Array, i: number) => px.subarray(i * PIXELS, (i + 1) * PIXELS);
    const rms = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((sum, v, i) => sum + (v - (b[i] as number)) ** 2, 0) / a.length);
    // a reconstruction is closer to its own input than to the next pair's input
    expect(rms(tile(pairs, 0), tile(pairs, 1))).toBeLessThan(rms(tile(pairs, 2), tile(pairs, 1)));
    // vae: samples, latent map, reconstructions and the loss chart side by side, in colour
    const vae = await generator.generate({ model: 'vae', seed: 3 });
    expect(vae.width).toBeGreaterThan(gridSize({ cols: 4, rows: 4 }).width * 2);
    const chart = decode(vae.png);
    const coloured = Array.from({ length: chart.width * chart.height }, (_, i) => i).filter((i) => chart.data[i * 4] !== chart.data[i * 4 + 2]).length;
    expect(coloured).toBeGreaterThan(100); // the two loss curves
    // cyclegan: three rows, A, A -> B, A -> B -> A
    const cycle = await generator.generate({ model: 'cyclegan', seed: 3 });
    expect([cycle.width, cycle.height]).toEqual(Object.values(gridSize({ cols: 8, rows: 3 })));
    const rows = tiles(decode(cycle.png), 8, 3);
    const ink = (from: number) => rows.subarray(from * 8 * PIXELS, (from + 1) * 8 * PIXELS).reduce((a, b) => a + b, 0);
    expect(ink(1)).toBeGreaterThan(ink(0)); // thick strokes carry more ink than thin ones
  });

  it('says what a model takes when given an option it does not take', async () => {
    await expect(generator.generate({ model: 'vae', seed: 1, digit: 3 })).rejects.toThrow(/vae model does not take a digit\. It takes: seed/);
    await expect(generator.generate({ model: 'ae', seed: 1, interpolateTo: 2 })).rejects.toThrow(/does not take interpolate\. It takes: seed, digit \(0-9\)/);
    await expect(generator.generate({ model: 'cyclegan', seed: 1, interpolateTo: 2 })).rejects.toBeInstanceOf(UserError);
  });

  it('rejects out-of-range input with a UserError', async () => {
    await expect(generator.generate({ model: 'dcgan', seed: 1, digit: 12 })).rejects.toBeInstanceOf(UserError);
    await expect(generator.generate({ model: 'dcgan', seed: -1 })).rejects.toBeInstanceOf(UserError);
    await expect(generator.generate({ model: 'dcgan', seed: 1.5 })).rejects.toBeInstanceOf(UserError);
    await expect(generator.generate({ model: 'dcgan', seed: Number.NaN })).rejects.toBeInstanceOf(UserError);
    await expect(generator.generate({ model: 'nope', seed: 1 })).rejects.toBeInstanceOf(UserError);
    // still serving afterwards
    await expect(generator.generate({ model: 'dcgan', seed: 1, digit: 9 })).resolves.toMatchObject({ model: 'dcgan' });
  });

  it('queues up to the bound and answers the rest with BusyError', async () => {
    const requests = Array.from({ length: 5 }, (_, i) => generator.generate({ model: 'dcgan', seed: i }));
    const settled = await Promise.allSettled(requests);
    const fulfilled = settled.filter((s) => s.status === 'fulfilled').length;
    const busy = settled.filter((s) => s.status === 'rejected' && s.reason instanceof BusyError).length;
    expect(fulfilled).toBe(3);
    expect(busy).toBe(2);
    // once drained, it accepts work again
    await expect(generator.generate({ model: 'dcgan', seed: 99 })).resolves.toBeDefined();
  });

  it('stops cleanly: pending and later requests are rejected after close', async () => {
    const own = await createImageGenerator({ modelsDir, backend: 'cpu' });
    expect((await own.generate({ model: 'wgan', seed: 5 })).backend).toBe('cpu');
    const inFlight = expect(own.generate({ model: 'wgan', seed: 6 })).rejects.toThrow(/closed/);
    await own.close();
    await inFlight;
    await expect(own.generate({ model: 'wgan', seed: 7 })).rejects.toThrow(/closed/);
  });
});
