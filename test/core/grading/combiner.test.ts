import { describe, expect, it } from 'vitest';
import { strengthOf, type CombinerModel } from '../../../src/core/grading/combiner.js';

// A two-feature model: the strength is the coverage alone; 'banked' only picks the thresholds.
const model: CombinerModel = {
  features: ['coverage', 'banked'],
  weights: [1, 0],
  cuts: [0.2, 0.6],
  thresholds: { plain: { correct: 0.5, partial: 0.2 }, banked: { correct: 0.8, partial: 0.4 } },
};

describe('combiner thresholds', () => {
  it('grades a card without an answer bank by the plain pair', () => {
    expect(strengthOf([0.6, 0], model).verdict).toBe('correct');
    expect(strengthOf([0.3, 0], model).verdict).toBe('partial');
    expect(strengthOf([0.1, 0], model).verdict).toBe('incorrect');
  });

  it('grades a card with an answer bank by its own pair', () => {
    expect(strengthOf([0.6, 1], model).verdict).toBe('partial');
    expect(strengthOf([0.3, 1], model).verdict).toBe('incorrect');
    expect(strengthOf([0.9, 1], model).verdict).toBe('correct');
  });

  it('scores by the cut points, whichever pair decides the verdict', () => {
    expect(strengthOf([0.6, 0], model).score).toBeCloseTo(strengthOf([0.6, 1], model).score);
  });
});
