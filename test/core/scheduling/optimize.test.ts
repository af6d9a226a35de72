import { describe, expect, it } from 'vitest';
import {
  HELD_OUT_SHARE,
  MIN_REVIEWS_TO_OPTIMIZE,
  NotEnoughReviewsError,
  splitForEvaluation,
  trainingItems,
  type ReviewLogEntry,
} from '../../../src/core/scheduling/optimize.js';

const at = (iso: string) => new Date(iso);
const review = (cardId: number, iso: string, rating: number, state = 2): ReviewLogEntry => ({ cardId, rating, state, reviewedAt: at(iso) });

describe('review log -> what FSRS learns from', () => {
  it('makes one item per review on a later day, with the history before it', () => {
    const items = trainingItems(
      [
        review(1, '2026-01-05T09:00:00Z', 3, 0),
        review(1, '2026-01-05T09:10:00Z', 3, 1), // a learning step: history, not a target
        review(1, '2026-01-07T09:00:00Z', 1),
        review(1, '2026-01-07T09:10:00Z', 3, 3),
        review(1, '2026-01-10T20:00:00Z', 4),
      ],
      'UTC',
    );
    expect(items.map((i) => i.reviews.map((r) => [r.rating, r.deltaDays]))).toEqual([
      [[3, 0], [3, 0], [1, 2]],
      [[3, 0], [3, 0], [1, 2], [3, 0], [4, 3]],
    ]);
  });

  it('starts the day at 4 a.m. in the person’s time zone', () => {
    // 03:30 UTC on the 6th is 04:30 in Stockholm (UTC+1 in January): a new day there, still the 5th in UTC
    const log = [review(1, '2026-01-05T08:00:00Z', 3, 0), review(1, '2026-01-06T03:30:00Z', 3)];
    expect(trainingItems(log, 'Europe/Stockholm').map((i) => i.reviews.at(-1)!.deltaDays)).toEqual([1]);
    expect(trainingItems(log, 'UTC')).toEqual([]);
    // and 02:30 in Stockholm still counts towards the day before
    expect(trainingItems([review(1, '2026-01-05T08:00:00Z', 3, 0), review(1, '2026-01-06T01:30:00Z', 3)], 'Europe/Stockholm')).toEqual([]);
  });

  it('leaves out cards whose first review is missing, and ratings that are not reviews', () => {
    const items = trainingItems(
      [
        review(1, '2026-01-05T09:00:00Z', 3, 2), // history starts mid-way: state was Review
        review(1, '2026-01-08T09:00:00Z', 3),
        review(2, '2026-01-05T09:00:00Z', 3, 0),
        review(2, '2026-01-06T09:00:00Z', 0), // a manual change, not a rating
        review(2, '2026-01-09T09:00:00Z', 3),
      ],
      'UTC',
    );
    expect(items.map((i) => i.reviews.map((r) => [r.rating, r.deltaDays]))).toEqual([[[3, 0], [3, 4]]]);
  });

  it('orders items by time across cards, whatever order the log came in', () => {
    const items = trainingItems(
      [review(2, '2026-01-09T09:00:00Z', 3), review(1, '2026-01-08T09:00:00Z', 3), review(2, '2026-01-01T09:00:00Z', 3, 0), review(1, '2026-01-02T09:00:00Z', 3, 0)],
      'UTC',
    );
    expect(items.map((i) => i.at.toISOString())).toEqual(['2026-01-08T09:00:00.000Z', '2026-01-09T09:00:00.000Z']);
  });

  it('holds out the most recent reviews, and refuses too few', () => {
    const items = Array.from({ length: MIN_REVIEWS_TO_OPTIMIZE }, (_, i) => ({ reviews: [{ rating: 3 as const, deltaDays: 1 }], at: new Date(i * 1000) }));
    const { train, heldOut } = splitForEvaluation(items);
    expect(heldOut).toHaveLength(MIN_REVIEWS_TO_OPTIMIZE * HELD_OUT_SHARE);
    expect(train.at(-1)!.at.getTime()).toBeLessThan(heldOut[0]!.at.getTime());
    expect(() => splitForEvaluation(items.slice(1))).toThrow(NotEnoughReviewsError);
    expect(() => splitForEvaluation(items.slice(1))).toThrow(`You have ${MIN_REVIEWS_TO_OPTIMIZE - 1}; it needs at least ${MIN_REVIEWS_TO_OPTIMIZE}.`);
  });
});

describe('a card reset to New', () => {
  it('starts its history again from the reset', () => {
    const items = trainingItems(
      [
        review(1, '2026-01-05T09:00:00Z', 3, 0),
        review(1, '2026-01-08T09:00:00Z', 3),
        review(1, '2026-02-01T09:00:00Z', 1, 0), // reset (Anki's Forget), then reviewed as new
        review(1, '2026-02-03T09:00:00Z', 3),
      ],
      'UTC',
    );
    expect(items.map((i) => i.reviews.map((r) => [r.rating, r.deltaDays]))).toEqual([[[3, 0], [3, 3]], [[1, 0], [3, 2]]]);
  });
});
