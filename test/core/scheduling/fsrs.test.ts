import { describe, expect, it } from 'vitest';
import {
  applyRating,
  formatInterval,
  intervalPreview,
  newCardState,
  ratingName,
  type CardState,
  type Rating,
} from '../../../src/core/scheduling/fsrs.js';

const DAY = 86_400_000;
const start = new Date('2026-01-05T09:00:00Z');

/** Review a card with `rating` every time it falls due, returning the scheduled gaps in ms. */
function reviewAtDue(ratings: Rating[]): { gaps: number[]; state: CardState } {
  let state = newCardState(start);
  let now = start;
  const gaps: number[] = [];
  for (const r of ratings) {
    state = applyRating(state, r, now).state;
    gaps.push(state.due.getTime() - now.getTime());
    now = state.due;
  }
  return { gaps, state };
}

describe('FSRS scheduling', () => {
  it('starts a new card due now in state New', () => {
    const s = newCardState(start);
    expect(s.due.getTime()).toBe(start.getTime());
    expect(s.state).toBe(0);
    expect(s.reps).toBe(0);
    expect(s.lastReview).toBeNull();
  });

  it('grows intervals with repeated Good once the card graduates', () => {
    const { gaps, state } = reviewAtDue([3, 3, 3, 3, 3, 3]);
    const graduated = gaps.slice(1);
    for (let i = 1; i < graduated.length; i++) expect(graduated[i]!).toBeGreaterThan(graduated[i - 1]!);
    expect(state.state).toBe(2); // Review
    expect(state.reps).toBe(6);
    expect(gaps.at(-1)!).toBeGreaterThan(30 * DAY);
  });

  it('shrinks the interval after Again (a lapse) and counts it', () => {
    const { state } = reviewAtDue([3, 3, 3, 3]);
    const now = state.due;
    const goodGap = applyRating(state, 3, now).state.due.getTime() - now.getTime();
    const again = applyRating(state, 1, now);
    const againGap = again.state.due.getTime() - now.getTime();
    expect(againGap).toBeLessThan(goodGap);
    expect(againGap).toBeLessThan(DAY);
    expect(again.state.lapses).toBe(state.lapses + 1);
    expect(again.state.state).toBe(3); // Relearning
    expect(again.state.stability).toBeLessThan(state.stability);
  });

  it('orders intervals Easy > Good > Hard > Again for a review card', () => {
    const { state } = reviewAtDue([3, 3, 3]);
    const now = state.due;
    const gap = (r: Rating) => applyRating(state, r, now).state.due.getTime() - now.getTime();
    expect(gap(4)).toBeGreaterThan(gap(3));
    expect(gap(3)).toBeGreaterThan(gap(2));
    expect(gap(2)).toBeGreaterThan(gap(1));
  });

  it('treats a null state as a brand-new card', () => {
    const a = applyRating(null, 3, start);
    const b = applyRating(newCardState(start), 3, start);
    expect(a.state).toEqual(b.state);
    expect(a.log.state).toBe(0);
  });

  it('is deterministic (fuzz off) and uses integer day counts', () => {
    const one = reviewAtDue([3, 4, 2, 3, 1, 3]);
    const two = reviewAtDue([3, 4, 2, 3, 1, 3]);
    expect(one.state).toEqual(two.state);
    for (const k of ['elapsedDays', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'state'] as const) {
      expect(Number.isInteger(one.state[k])).toBe(true);
    }
  });

  it('round-trips through a stored representation (JSON/DB columns)', () => {
    const { state } = reviewAtDue([3, 3, 2]);
    const stored = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    const restored: CardState = {
      ...(stored as unknown as CardState),
      due: new Date(stored.due as string),
      lastReview: stored.lastReview ? new Date(stored.lastReview as string) : null,
    };
    const now = new Date(state.due.getTime() + 2 * DAY);
    expect(applyRating(restored, 3, now)).toEqual(applyRating(state, 3, now));
  });

  it('logs the review with the prior state, the rating and the time', () => {
    const first = applyRating(null, 3, start);
    const later = new Date(first.state.due.getTime() + DAY);
    const { log } = applyRating(first.state, 4, later);
    expect(log.rating).toBe(4);
    expect(log.state).toBe(first.state.state);
    expect(log.reviewedAt).toEqual(later);
    expect(Number.isInteger(log.elapsedDays)).toBe(true);
    expect(Number.isInteger(log.lastElapsedDays)).toBe(true);
  });

  it('sorts cards by due date: an Again card comes before a Good one', () => {
    const base = reviewAtDue([3, 3]).state;
    const now = base.due;
    const cards = [applyRating(base, 3, now).state, applyRating(base, 1, now).state, applyRating(base, 4, now).state];
    const sorted = [...cards].sort((x, y) => x.due.getTime() - y.due.getTime());
    expect(sorted[0]).toBe(cards[1]);
    expect(sorted[2]).toBe(cards[2]);
  });

  it('survives a clock that went backwards (treats the review as simultaneous with the last one)', () => {
    const first = applyRating(null, 3, start);
    const earlier = new Date(start.getTime() - DAY);
    const r = applyRating(first.state, 3, earlier);
    expect(r.state.reps).toBe(2);
    expect(r.state.due.getTime()).toBeGreaterThanOrEqual(start.getTime());
    expect(r.log.reviewedAt).toEqual(start);
    expect(() => intervalPreview(first.state, earlier)).not.toThrow();
  });

  it('rejects ratings outside 1..4', () => {
    expect(() => applyRating(null, 0 as Rating, start)).toThrow(RangeError);
    expect(() => applyRating(null, 5 as Rating, start)).toThrow(RangeError);
  });
});

describe('intervalPreview', () => {
  it('labels the buttons of a new card with short, increasing intervals', () => {
    const p = intervalPreview(null, start);
    expect(p[1]).toMatch(/^\d+m$/);
    for (const r of [1, 2, 3, 4] as Rating[]) expect(p[r]).toMatch(/^\d+(\.\d)?(m|h|d|w|mo|y)$/);
  });

  it('matches what applyRating then schedules', () => {
    const { state } = reviewAtDue([3, 3, 3]);
    const now = state.due;
    const p = intervalPreview(state, now);
    for (const r of [1, 2, 3, 4] as Rating[]) {
      expect(p[r]).toBe(formatInterval(applyRating(state, r, now).state.due.getTime() - now.getTime()));
    }
  });
});

describe('formatInterval', () => {
  it.each([
    [60_000, '1m'],
    [10 * 60_000, '10m'],
    [3 * 3_600_000, '3h'],
    [DAY, '1d'],
    [3 * DAY, '3d'],
    [14 * DAY, '2w'],
    [120 * DAY, '4mo'],
    [360 * DAY, '1y'],
    [548 * DAY, '1.5y'],
  ])('%d ms -> %s', (ms, label) => {
    expect(formatInterval(ms)).toBe(label);
  });
});

describe('ratingName', () => {
  it('names the four buttons', () => {
    expect([1, 2, 3, 4].map((r) => ratingName(r as Rating))).toEqual(['Again', 'Hard', 'Good', 'Easy']);
  });
});
