import { describe, expect, it } from 'vitest';
import { clausesOf } from '../../../src/core/grading/clauses.js';
import { FEATURE_NAMES, compare } from '../../../src/core/grading/features.js';
import { prepareReference } from '../../../src/core/grading/reference.js';
import { signalsOf } from '../../../src/core/grading/signals.js';
import { trigramRecall, trigramsOf } from '../../../src/core/grading/trigrams.js';

const GAN = 'Two networks, generator, and discriminator. The generator generates images to fool the discriminator. The discriminator tries to distinguish the generated images from real images.';
const ref = prepareReference(GAN, [], 'Explain the intuition behind a GAN');
const signals = (answer: string) => signalsOf(clausesOf(answer), ref);
const features = (answer: string) => {
  const c = compare(clausesOf(answer), trigramsOf(answer), ref, null);
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, c.features[i]!]));
};

describe('restated clauses', () => {
  it('grow with how much of the reference the answer states', () => {
    const half = signals('The generator generates images to fool the discriminator.').clauseCover;
    const full = signals('There are two networks, a generator and a discriminator. The generator generates images to fool the discriminator, and the discriminator tries to distinguish generated images from real ones.').clauseCover;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(0.5);
    expect(full).toBeGreaterThan(half);
  });

  it('do not count a clause the answer negates', () => {
    const said = signals('The generator generates images to fool the discriminator.').clauseCover;
    expect(signals('The generator does not generate images to fool the discriminator.').clauseCover).toBeLessThan(said);
  });

  it('are 0 for an answer that shares no statement with the reference', () => {
    expect(signals('A GAN is a kind of fish that lives in the Baltic sea.').clauseCover).toBe(0);
  });
});

describe('trigram recall', () => {
  it('survives typos and other word forms that concepts miss', () => {
    const reference = trigramsOf('self-clocking is not necessary because the clocks are perfect');
    const typo = trigramRecall(trigramsOf('selfclocking isnt neccessary, clocks are perfect'), reference);
    const unrelated = trigramRecall(trigramsOf('use the sliding window protocol for throughput'), reference);
    expect(typo).toBeGreaterThan(0.6);
    expect(unrelated).toBeLessThan(0.3);
  });

  it('is 0 against an empty reference and 1 for a copy', () => {
    expect(trigramRecall(trigramsOf('anything'), trigramsOf(''))).toBe(0);
    expect(trigramRecall(trigramsOf(GAN), trigramsOf(GAN))).toBe(1);
  });
});

describe('combiner features', () => {
  it('weigh disagreement only: an agreeing answer gets no bonus, a negated one a conflict', () => {
    expect(features('The generator generates images to fool the discriminator.').conflict).toBe(0);
    expect(features('The generator never generates images to fool the discriminator.').conflict).toBeGreaterThan(0);
  });
});
