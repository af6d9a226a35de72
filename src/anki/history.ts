/**
 * Anki's review history of a card -> entries shaped like review_logs rows (rating, the card's state before
 * the review, time), which the FSRS optimiser learns from. Manual entries are not reviews; a manual entry
 * that set the interval to 0 (Forget) made the card new again.
 */
import type { ReviewLogEntry } from '../core/scheduling/optimize.js';
import type { AnkiCardHistory } from './types.js';

const STATE = { new: 0, learning: 1, review: 2, relearning: 3 } as const;

export function ankiReviewLog(history: AnkiCardHistory): (Omit<ReviewLogEntry, 'cardId'> & { key: string })[] {
  const out: (Omit<ReviewLogEntry, 'cardId'> & { key: string })[] = [];
  let isNew = true;
  for (const r of history.reviews) {
    if (r.rating === 0) {
      if (r.kind === 'manual' && r.intervalDays === 0) isNew = true;
      continue;
    }
    const state =
      r.kind === 'learn' ? (isNew ? STATE.new : STATE.learning) : r.kind === 'relearn' ? STATE.relearning : STATE.review;
    out.push({ key: history.key, rating: r.rating, state, reviewedAt: r.reviewedAt });
    isNew = false;
  }
  return out;
}
