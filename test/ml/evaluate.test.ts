import { describe, expect, it } from 'vitest';
import { PIXELS } from '../../src/ml/data.js';
import { sameLabelDistance, summarise } from '../../src/ml/evaluate.js';

describe('GAN scoring', () => {
  it('shows an even spread and full agreement for a well-behaved generator', () => {
    const requested = Array.from({ length: 100 }, (_, i) => i % 10);
    const pixels = Float32Array.from({ length: 100 * PIXELS }, (_, i) => ((i * 7919) % 13) / 13);
    const score = summarise(requested, new Array(100).fill(0.9), requested, pixels);
    expect(score.spreadEntropy).toBeCloseTo(1, 6);
    expect(score.minMaxRatio).toBe(1);
    expect(score.agreement).toBe(1);
    expect(score.meanConfidence).toBeCloseTo(0.9, 6);
    expect(score.sameDigitDistance).toBeGreaterThan(0);
  });

  it('exposes mode collapse: one predicted digit, zero spread, identical samples', () => {
    const requested = Array.from({ length: 100 }, (_, i) => i % 10);
    const collapsed = summarise(new Array(100).fill(1), new Array(100).fill(0.99), requested, new Float32Array(100 * PIXELS).fill(0.5));
    expect(collapsed.spreadEntropy).toBe(0);
    expect(collapsed.minMaxRatio).toBe(0);
    expect(collapsed.agreement).toBeCloseTo(0.1, 6);
    expect(collapsed.agreementPerDigit[1]).toBe(1);
    expect(collapsed.sameDigitDistance).toBe(0);
  });

  it('measures the RMS distance between same-label images', () => {
    const pixels = new Float32Array(3 * PIXELS);
    pixels.fill(1, PIXELS, 2 * PIXELS); // image 1 all white, images 0 and 2 black
    expect(sameLabelDistance(pixels, [0, 0, 1])).toBeCloseTo(1, 6);
    expect(sameLabelDistance(pixels, [0, 1, 0])).toBe(0);
  });
});
