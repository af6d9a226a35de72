/**
 * A card's past reviews from elsewhere (Anki's revlog) replayed through the user's FSRS scheduler, so the
 * card comes in with the memory state and due date those reviews give, and a review log to learn from.
 */
import type { PackageReview } from '../decks/package.js';
import { applyRating, type CardState, type PersonalScheduling, type ReviewRecord } from './fsrs.js';

export function replayReviews(reviews: readonly PackageReview[], personal?: PersonalScheduling | null): { state: CardState; logs: ReviewRecord[] } | null {
  let state: CardState | null = null;
  const logs: ReviewRecord[] = [];
  for (const review of reviews) {
    // A review of a New card after others means the card was reset in Anki: its memory starts again.
    if (review.state === 0) state = null;
    const next = applyRating(state, review.rating, review.reviewedAt, personal);
    state = next.state;
    logs.push(next.log);
  }
  return state ? { state, logs } : null;
}
