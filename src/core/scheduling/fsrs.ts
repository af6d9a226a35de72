/**
 * Spaced repetition with FSRS (ts-fsrs), behind a small interface whose field names match the
 * `card_states` / `review_logs` columns, so the service can store results without translation.
 */
import { checkParameters, createEmptyCard, fsrs, generatorParameters, type Card, type FSRS, type Grade } from 'ts-fsrs';
import { UserError } from '../errors.js';

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
const SCHEDULER_OPTIONS = { enable_fuzz: false, enable_short_term: true } as const;
const scheduler = fsrs(SCHEDULER_OPTIONS);

/** One person's scheduling: FSRS parameters fitted to their reviews (null: the defaults) and their desired retention. */
export interface PersonalScheduling {
  parameters: readonly number[] | null;
  desiredRetention: number;
}

export const DEFAULT_DESIRED_RETENTION = 0.9;
/** Below 0.7 reviews come too rarely to keep much; above 0.97 the workload grows steeply for little gain (FSRS's advice). */
export const DESIRED_RETENTION_RANGE = { min: 0.7, max: 0.97 } as const;

export function checkDesiredRetention(value: number): number {
  const { min, max } = DESIRED_RETENTION_RANGE;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UserError(`Desired retention must be between ${min} and ${max} (the share of cards you want to remember when they come due); ${DEFAULT_DESIRED_RETENTION} is the default.`);
  }
  return value;
}

const personalSchedulers = new Map<string, FSRS>();

/** The scheduler for stored per-user settings (built once per distinct settings: building one costs ~0.1 ms). */
export function schedulerFor(personal?: PersonalScheduling | null): FSRS {
  if (!personal || (personal.parameters === null && personal.desiredRetention === DEFAULT_DESIRED_RETENTION)) return scheduler;
  const id = `${personal.desiredRetention}|${personal.parameters?.join(',') ?? ''}`;
  let built = personalSchedulers.get(id);
  if (!built) {
    const w = personal.parameters ? checkParameters([...personal.parameters]) : undefined;
    built = fsrs(generatorParameters({ ...SCHEDULER_OPTIONS, request_retention: checkDesiredRetention(personal.desiredRetention), ...(w ? { w } : {}) }));
    if (personalSchedulers.size >= 1000) personalSchedulers.clear(); // a bound, not an LRU: rebuilding is cheap
    personalSchedulers.set(id, built);
  }
  return built;
}

export function newCardState(now: Date): CardState {
  return fromFsrsCard(createEmptyCard(now));
}

export function applyRating(
  state: CardState | null,
  rating: Rating,
  now: Date,
  personal?: PersonalScheduling | null,
): { state: CardState; log: ReviewRecord } {
  assertRating(rating);
  now = notBeforeLastReview(state, now);
  const card = state ? toFsrsCard(state) : createEmptyCard(now);
  const { card: next, log } = schedulerFor(personal).next(card, now, rating as Grade);
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
export function intervalPreview(state: CardState | null, now: Date, personal?: PersonalScheduling | null): Record<Rating, string> {
  now = notBeforeLastReview(state, now);
  const card = state ? toFsrsCard(state) : createEmptyCard(now);
  const preview = schedulerFor(personal).repeat(card, now);
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

/**
 * A card's state from its rating history alone (oldest first): how an appeal re-rates a review already
 * logged without adding one. Null for an empty history.
 */
export function replayRatings(history: readonly { rating: Rating; reviewedAt: Date }[], personal?: PersonalScheduling | null): CardState | null {
  let state: CardState | null = null;
  for (const review of history) state = applyRating(state, review.rating, review.reviewedAt, personal).state;
  return state;
}
