/**
 * A review log of a simulated learner whose memory follows FSRS with *other* parameters than the
 * defaults (the "true" ones), who reviews when the default scheduler says so. An optimiser that works
 * recovers something closer to the truth than the defaults, which shows on reviews it did not see.
 */
import { createEmptyCard, default_w, fsrs, type Card, type Grade } from 'ts-fsrs';
import type { ReviewLogEntry } from '../../src/core/scheduling/optimize.js';
import { seededRandom } from '../../src/core/random.js';

/**
 * A learner who forgets faster than FSRS assumes by default: lower first stabilities (w0-w3), stability that
 * grows more slowly after each success (w8) and drops further after a lapse (w11).
 */
export const TRUE_PARAMETERS: readonly number[] = default_w.map((w, i) => (i < 4 ? w * 0.3 : i === 8 ? w - 0.7 : i === 11 ? w * 0.5 : w));

export interface SyntheticOptions {
  /** Stop once the log has this many learnable reviews (reviews on a later day than the card's previous one), about. */
  reviews: number;
  seed?: number;
  newCardsPerDay?: number;
  trueParameters?: readonly number[];
  start?: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function syntheticReviewLog(options: SyntheticOptions): ReviewLogEntry[] {
  const random = seededRandom(options.seed ?? 7);
  const truth = fsrs({ w: [...(options.trueParameters ?? TRUE_PARAMETERS)], enable_fuzz: false, enable_short_term: true });
  const policy = fsrs({ enable_fuzz: false, enable_short_term: true });
  const start = (options.start ?? new Date('2025-01-06T09:00:00Z')).getTime();
  const perDay = options.newCardsPerDay ?? 20;
  const horizon = 400 * DAY;
  const log: ReviewLogEntry[] = [];
  let learnable = 0;
  for (let cardId = 1; learnable < options.reviews; cardId++) {
    let now = start + Math.floor((cardId - 1) / perDay) * DAY + Math.floor(random() * 8 * HOUR);
    let real: Card = createEmptyCard(new Date(now));
    let scheduled: Card = createEmptyCard(new Date(now));
    let lastDay = -1;
    while (now < start + horizon && learnable < options.reviews) {
      const at = new Date(now);
      const recalled = scheduled.state === 0 ? random() > 0.25 : random() < truth.get_retrievability(real, at, false);
      const r = random();
      const rating = (recalled ? (r < 0.1 ? 2 : r < 0.92 ? 3 : 4) : 1) as Grade;
      log.push({ cardId, rating, state: scheduled.state, reviewedAt: at });
      const day = Math.floor((now - start) / DAY);
      if (lastDay >= 0 && day > lastDay) learnable++;
      lastDay = day;
      real = truth.next(real, at, rating).card;
      scheduled = policy.next(scheduled, at, rating).card;
      // learning steps come back minutes later; day-long intervals some hours either side of the due time
      const due = scheduled.due.getTime();
      now = due - now < DAY ? due + Math.floor(random() * 5 * 60_000) : due + Math.floor((random() - 0.3) * 10 * HOUR);
    }
  }
  return log;
}
