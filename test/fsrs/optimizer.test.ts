import { default_w } from 'ts-fsrs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyRating } from '../../src/core/scheduling/fsrs.js';
import { MIN_REVIEWS_TO_OPTIMIZE, NotEnoughReviewsError, type OptimizeResult } from '../../src/core/scheduling/optimize.js';
import { createFsrsOptimizer } from '../../src/fsrs/optimizer.js';
import { syntheticReviewLog, TRUE_PARAMETERS } from '../support/synthetic-reviews.js';

describe('the FSRS optimiser', () => {
  const optimizer = createFsrsOptimizer();
  let result: OptimizeResult;
  beforeAll(async () => {
    result = await optimizer.optimize(syntheticReviewLog({ reviews: 2000 }), { timeZone: 'UTC', current: null });
  });

  it('fits parameters that predict held-out reviews better than the defaults', () => {
    expect(result.reviews).toBeGreaterThanOrEqual(1900);
    expect(result.heldOut).toBe(result.reviews - Math.floor(result.reviews * 0.8));
    expect(result.after.logLoss).toBeLessThan(result.before.logLoss);
    expect(result.after.rmse).toBeLessThan(result.before.rmse);
    expect(result.improved).toBe(true);
  });

  it('moves the parameters towards the learner the log came from', () => {
    // w8: how fast stability grows after a success; this learner's grows more slowly than the default
    const off = (w: readonly number[]) => Math.abs(w[8]! - TRUE_PARAMETERS[8]!);
    expect(off(result.parameters)).toBeLessThan(off(default_w));
  });

  it('gives 21 parameters the scheduler accepts', () => {
    expect(result.parameters).toHaveLength(21);
    const start = new Date('2026-01-05T09:00:00Z');
    const tuned = applyRating(null, 3, start, { parameters: result.parameters, desiredRetention: 0.9 }).state;
    expect(tuned.stability).not.toBeCloseTo(applyRating(null, 3, start).state.stability, 3);
  });

  it('says clearly when there are too few reviews', async () => {
    const error = await optimizer.optimize(syntheticReviewLog({ reviews: 500 }), { timeZone: 'UTC', current: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotEnoughReviewsError);
    expect((error as Error).message).toMatch(new RegExp(`You have (4[6-9]\\d|5[0-3]\\d); it needs at least ${MIN_REVIEWS_TO_OPTIMIZE}\\.`));
  });

  it('compares with the parameters the person has now', async () => {
    const log = syntheticReviewLog({ reviews: 1200, seed: 11 });
    const fromTruth = await optimizer.optimize(log, { timeZone: 'UTC', current: TRUE_PARAMETERS });
    const fromDefaults = await optimizer.optimize(log, { timeZone: 'UTC', current: null });
    expect(fromTruth.before.logLoss).toBeLessThan(fromDefaults.before.logLoss);
    // the fit itself does not depend on the baseline
    expect(fromTruth.after.logLoss).toBeCloseTo(fromDefaults.after.logLoss, 4);
    expect(fromTruth.after.rmse).toBeCloseTo(fromDefaults.after.rmse, 3);
  });
});
