/**
 * Spaced repetition with FSRS (ts-fsrs), behind a small interface whose field names match the
 * `card_states` / `review_logs` columns, so the service can store results without translation.
 */
import { createEmptyCard, fsrs, type Card, type Grade } from 'ts-fsrs';

export type Rating = 1 | 2 | 3 | 4;
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];

export interface CardState {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** 0 New, 1 Learning, 2 Review, 3 Relearning (ts-fsrs State). */
  state: number;
  lastReview: Date | null;
}

export interface ReviewRecord {
  rating: Rating;
  /** The card's state before this review. */
  state: number;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reviewedAt: Date;
}

/** New cards a user is shown per day before only due reviews remain. */
export const DAILY_NEW_CARD_LIMIT = 20;

/** Fuzz off: the same history always gives the same schedule (tests, and no surprise for users comparing notes). */
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: true });

export function newCardState(now: Date): CardState {
  return fromFsrsCard(createEmptyCard(now));
}

export function applyRating(state: CardState | null, rating: Rating, now: Date): { state: CardState; log: ReviewRecord } {
  assertRating(rating);
  now = notBeforeLastReview(state, now);
  const card = state ? toFsrsCard(state) : createEmptyCard(now);
  const { card: next, log } = scheduler.next(card, now, rating as Grade);
  return {
    state: fromFsrsCard(next),
    log: {
      rating,
      state: log.state,
      due: log.due,
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: Math.round(log.elapsed_days),
      lastElapsedDays: Math.round(log.last_elapsed_days),
      scheduledDays: Math.round(log.scheduled_days),
      learningSteps: log.learning_steps,
      reviewedAt: now,
    },
  };
}

/** What each button would schedule, formatted for labels: '1m', '10m', '1d', '3d', '2w', '4mo', '1y'. */
export function intervalPreview(state: CardState | null, now: Date): Record<Rating, string> {
  now = notBeforeLastReview(state, now);
  const card = state ? toFsrsCard(state) : createEmptyCard(now);
  const preview = scheduler.repeat(card, now);
  const out = {} as Record<Rating, string>;
  for (const r of RATINGS) {
    out[r] = formatInterval(preview[r as Grade].card.due.getTime() - now.getTime());
  }
  return out;
}

const RATING_NAMES = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' } as const;

export function ratingName(r: Rating): 'Again' | 'Hard' | 'Good' | 'Easy' {
  return RATING_NAMES[r];
}

export function isRating(x: unknown): x is Rating {
  return x === 1 || x === 2 || x === 3 || x === 4;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact human interval: minutes under an hour, hours under a day, then days, weeks (≥14d), months (≥60d), years (≥365d). */
export function formatInterval(ms: number): string {
  const t = Math.max(0, ms);
  if (t < HOUR) return `${Math.max(1, Math.round(t / MINUTE))}m`;
  if (t < DAY) return `${Math.round(t / HOUR)}h`;
  const days = t / DAY;
  if (days < 14) return `${Math.round(days)}d`;
  if (days < 60) return `${Math.round(days / 7)}w`;
  const months = Math.round(days / 30);
  if (days < 365 && months < 12) return `${months}mo`;
  const years = days / 365;
  return `${years < 10 ? Math.round(years * 10) / 10 : Math.round(years)}y`;
}

/** ts-fsrs rejects a review dated before the last one (clock skew between processes): treat it as simultaneous. */
function notBeforeLastReview(state: CardState | null, now: Date): Date {
  return state?.lastReview && now.getTime() < state.lastReview.getTime() ? state.lastReview : now;
}

function assertRating(r: number): asserts r is Rating {
  if (!isRating(r)) throw new RangeError(`Invalid rating ${String(r)} (expected 1..4)`);
}

function toFsrsCard(s: CardState): Card {
  const card: Card = {
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: s.elapsedDays,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
  };
  if (s.lastReview) card.last_review = s.lastReview;
  return card;
}

function fromFsrsCard(c: Card): CardState {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: Math.round(c.elapsed_days),
    scheduledDays: Math.round(c.scheduled_days),
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ?? null,
  };
}
