/**
 * Fitting FSRS parameters to one person's review log: the port (FsrsOptimizer, implemented natively in
 * src/fsrs) and the pure part, which turns review_logs rows into what the optimiser learns from and holds
 * out the most recent reviews to measure the result on.
 *
 * What FSRS learns from: for each review of a card on a later day than its previous review, the card's
 * whole history up to it and whether it was recalled. Same-day repeats (learning steps) are history but
 * not targets. Days start at 4 a.m. in the person's time zone, as in Anki, so a late-night session counts
 * towards the day before.
 */
import { UserError } from '../errors.js';
import { localDateOf, parseLocalDate } from '../time.js';

/** A row of review_logs, the fields the optimiser needs. `state` is the card's state before the review (0 New). */
export interface ReviewLogEntry {
  cardId: number | string;
  rating: number;
  state: number;
  reviewedAt: Date;
}

/**
 * Learnable reviews needed before optimising. fsrs-rs drops outliers (at least 20 reviews per first rating)
 * and then fits all 21 parameters only from 64 reviews, so small logs come back as the defaults. Measured on
 * synthetic logs of a learner unlike the defaults (test/support/synthetic-reviews.ts), held-out log-loss
 * improved in 0 of 6 logs of 400 reviews, 5 of 10 of 600, 7 of 10 of 1,000, 9 of 10 of 1,500 and 6 of 6 of
 * 2,000. Even past the minimum a fit can lose, which `improved` says.
 */
export const MIN_REVIEWS_TO_OPTIMIZE = 1000;
/** The most recent share of learnable reviews, held out to compare parameters on reviews the fit never saw. */
export const HELD_OUT_SHARE = 0.2;
export const DAY_STARTS_AT_HOUR = 4;

/** One review in a history: its rating and the days since the card's previous review (0 for the first). */
export interface HistoryReview {
  rating: 1 | 2 | 3 | 4;
  deltaDays: number;
}

/** A card's reviews up to and including a target review (the last one), which the model must predict. */
export interface TrainingItem {
  reviews: HistoryReview[];
  at: Date;
}

export interface Metrics {
  logLoss: number;
  /** RMSE over bins of predicted recall, as fsrs-rs and Anki report it. */
  rmse: number;
}

export interface OptimizeResult {
  /** FSRS-6 parameters (21), fitted to all learnable reviews; ts-fsrs accepts them as `w`. */
  parameters: number[];
  reviews: number;
  heldOut: number;
  /** On the held-out reviews: the parameters in use before, and those fitted without the held-out reviews. */
  before: Metrics;
  after: Metrics;
  /** Whether the fit predicts the held-out reviews better (lower log-loss) than the parameters in use. */
  improved: boolean;
  millis: number;
}

export interface OptimizeOptions {
  timeZone: string;
  /** The person's parameters now (null: the defaults), the baseline the result is compared with. */
  current: readonly number[] | null;
}

export interface FsrsOptimizer {
  optimize(log: readonly ReviewLogEntry[], options: OptimizeOptions): Promise<OptimizeResult>;
}

export class NotEnoughReviewsError extends UserError {
  constructor(readonly learnable: number) {
    super(
      `Not enough reviews to tune your scheduling yet: FSRS learns from reviews of cards you had already seen on an earlier day. ` +
        `You have ${learnable}; it needs at least ${MIN_REVIEWS_TO_OPTIMIZE}. Keep reviewing and try again later.`,
    );
    this.name = 'NotEnoughReviewsError';
  }
}

/**
 * Every learnable review as a training item, oldest first. Reviews before a card's first review of state New
 * are left out (the history started before the log did, so the memory state cannot be followed), and a later
 * review of state New (the card was reset) starts its history again.
 */
export function trainingItems(log: readonly ReviewLogEntry[], timeZone: string): TrainingItem[] {
  const byCard = new Map<number | string, ReviewLogEntry[]>();
  for (const entry of log) {
    if (entry.rating < 1 || entry.rating > 4) continue;
    const list = byCard.get(entry.cardId);
    if (list) list.push(entry);
    else byCard.set(entry.cardId, [entry]);
  }
  const items: TrainingItem[] = [];
  for (const entries of byCard.values()) {
    entries.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    let history: HistoryReview[] | null = null;
    let previousDay = 0;
    for (const e of entries) {
      const day = studyDay(e.reviewedAt, timeZone);
      // a review of a New card starts its history (again, after the card was reset)
      if (e.state === 0) history = [];
      if (!history) continue;
      const deltaDays = history.length === 0 ? 0 : Math.max(0, day - previousDay);
      previousDay = day;
      history.push({ rating: e.rating as HistoryReview['rating'], deltaDays });
      if (deltaDays > 0) items.push({ reviews: history.slice(), at: e.reviewedAt });
    }
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The most recent HELD_OUT_SHARE of items to measure on, the rest to fit; throws when there are too few. */
export function splitForEvaluation(items: TrainingItem[]): { train: TrainingItem[]; heldOut: TrainingItem[] } {
  if (items.length < MIN_REVIEWS_TO_OPTIMIZE) throw new NotEnoughReviewsError(items.length);
  const cut = Math.floor(items.length * (1 - HELD_OUT_SHARE));
  return { train: items.slice(0, cut), heldOut: items.slice(cut) };
}

const DAY_MS = 86_400_000;

/** Whole days since the epoch of the local study day (starting DAY_STARTS_AT_HOUR) that `at` falls in. */
function studyDay(at: Date, timeZone: string): number {
  const { year, month, day } = parseLocalDate(localDateOf(new Date(at.getTime() - DAY_STARTS_AT_HOUR * 3_600_000), timeZone));
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
