import { describe, expect, it } from 'vitest';
import { fromHalf, toHalf } from '../../src/ml/weights.js';
import { latentVectors, mulberry32 } from '../../src/ml/rng.js';
import { mixedLabels, requestInputs, validateRequest } from '../../src/ml/sampler.js';
import { UserError } from '../../src/core/errors.js';

describe('float16 weights', () => {
  it('round-trips typical weight values within half precision', () => {
    const uniform = mulberry32(3);
    for (let i = 0; i < 1000; i++) {
      const v = (uniform() - 0.5) * 4;
      expect(Math.abs(fromHalf(toHalf(v)) - v)).toBeLessThanOrEqual(Math.abs(v) / 1024 + 1e-7);
    }
    expect(fromHalf(toHalf(0))).toBe(0);
    expect(fromHalf(toHalf(-1.5))).toBe(-1.5);
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
  });
});

describe('request inputs', () => {
  it('are a function of the seed', () => {
    expect(latentVectors(5, 2, 8)).toEqual(latentVectors(5, 2, 8));
    expect(latentVectors(5, 2, 8)).not.toEqual(latentVectors(6, 2, 8));
  });

  it('mix every digit into an unconditioned grid', () => {
    const labels = mixedLabels(11, 16);
    expect(new Set(labels).size).toBe(10);
  });

  it('fix the label when a digit is asked for, and interpolate from one seed to the other', () => {
    const grid = requestInputs({ model: 'dcgan', seed: 1, digit: 4 }, 8);
    expect(grid.labels).toEqual(new Array(16).fill(4));
    const row = requestInputs({ model: 'dcgan', seed: 1, interpolateTo: 2 }, 8);
    expect(row.cols).toBe(8);
    expect(row.z.subarray(0, 8)).toEqual(latentVectors(1, 1, 8));
    expect(row.z.subarray(7 * 8, 8 * 8)).toEqual(latentVectors(2, 1, 8));
  });

  it('reject out-of-range values', () => {
    const both = ['digit', 'interpolate'] as const;
    expect(() => validateRequest({ model: 'dcgan', seed: 1, digit: 10 }, both, '')).toThrow(UserError);
    expect(() => validateRequest({ model: 'dcgan', seed: 2 ** 32 }, both, '')).toThrow(UserError);
    expect(() => validateRequest({ model: 'dcgan', seed: 1, interpolateTo: -3 }, both, '')).toThrow(UserError);
    expect(() => validateRequest({ model: 'vae', seed: 1, digit: 3 }, [], 'seed')).toThrow('The vae model does not take a digit. It takes: seed.');
    expect(() => validateRequest({ model: 'ae', seed: 1, interpolateTo: 3 }, ['digit'], 'seed, digit (0-9)')).toThrow('It takes: seed, digit (0-9).');
    expect(() => validateRequest({ model: 'dcgan', seed: 0, digit: 0, interpolateTo: 4294967295 }, both, '')).not.toThrow();
  });
});
