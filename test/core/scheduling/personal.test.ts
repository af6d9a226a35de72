import { default_w, fsrs, generatorParameters, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  applyRating,
  checkDesiredRetention,
  intervalPreview,
  newCardState,
  type CardState,
  type PersonalScheduling,
  type Rating,
} from '../../../src/core/scheduling/fsrs.js';

const start = new Date('2026-01-05T09:00:00Z');

/** Rate a card Good each time it falls due; the last scheduled gap in days. */
function gapAfter(ratings: Rating[], personal?: PersonalScheduling): number {
  let state: CardState = newCardState(start);
  let now = start;
  let gap = 0;
  for (const r of ratings) {
    state = applyRating(state, r, now, personal).state;
    gap = (state.due.getTime() - now.getTime()) / 86_400_000;
    now = state.due;
  }
  return gap;
}

describe('personal FSRS scheduling', () => {
  const slowForgetter = default_w.map((w, i) => (i < 4 ? w * 4 : w)); // initial stabilities four times the default

  it('uses the stored parameters, exactly as ts-fsrs does with them', () => {
    const personal = { parameters: slowForgetter, desiredRetention: 0.9 };
    const ours = applyRating(null, 3, start, personal).state;
    const reference = fsrs(generatorParameters({ w: slowForgetter, enable_fuzz: false, enable_short_term: true })).next(
      { due: start, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: 0 },
      start,
      3 as Grade,
    ).card;
    expect(ours.stability).toBeCloseTo(reference.stability, 10);
    expect(ours.stability).toBeCloseTo(applyRating(null, 3, start).state.stability * 4, 6);
    expect(gapAfter([3, 3, 3], personal)).toBeGreaterThan(gapAfter([3, 3, 3]));
  });

  it('uses the desired retention: a lower target spaces reviews further apart', () => {
    const at = (desiredRetention: number) => gapAfter([3, 3, 3, 3], { parameters: null, desiredRetention });
    expect(at(0.8)).toBeGreaterThan(at(0.9));
    expect(at(0.9)).toBeGreaterThan(at(0.97));
    expect(at(0.9)).toBe(gapAfter([3, 3, 3, 3]));
    const preview = intervalPreview(newCardState(start), start, { parameters: slowForgetter, desiredRetention: 0.85 });
    expect(preview[4]).not.toBe(intervalPreview(newCardState(start), start)[4]);
  });

  it('refuses a desired retention outside 0.7–0.97 with a clear message', () => {
    expect(checkDesiredRetention(0.85)).toBe(0.85);
    for (const bad of [0.5, 0.98, 1, 0, Number.NaN]) {
      expect(() => checkDesiredRetention(bad)).toThrow(UserError);
    }
    expect(() => applyRating(null, 3, start, { parameters: null, desiredRetention: 1.2 })).toThrow(/between 0.7 and 0.97/);
  });
});
