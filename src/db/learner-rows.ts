/**
 * A learner's FSRS card state, review log and streak as rows: one mapper each way, used by the drizzle
 * queries and by the raw SQL of answer batches alike, and the reads that reviews and standings share.
 */
import { and, eq } from 'drizzle-orm';
import type { CardState, ReviewRecord } from '../core/scheduling/fsrs.js';
import type { Streak } from '../core/streaks.js';
import { msToDate, type Queryable } from './rows.js';
import { cardStates, streaks } from './schema.js';

/**
 * A row as drizzle reads it (Dates, numbers) or as raw SQL does (timestamps as epoch milliseconds, see
 * rows.ts#epochMs; numbers the driver may hand back as strings). Raw SQL aliases its columns to these names.
 */
type Loose<T> = { [K in keyof T]: unknown };

/** FSRS values as the columns store them: ts-fsrs keeps day counts as fractions, the columns are integers. */
export function cardStateColumns(state: CardState) {
  return {
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: Math.round(state.elapsedDays),
    scheduledDays: Math.round(state.scheduledDays),
    learningSteps: Math.round(state.learningSteps),
    reps: state.reps,
    lapses: state.lapses,
    state: state.state,
    lastReview: state.lastReview,
  };
}

export function toCardState(row: Loose<ReturnType<typeof cardStateColumns>>): CardState {
  return {
    due: toDate(row.due),
    stability: Number(row.stability),
    difficulty: Number(row.difficulty),
    elapsedDays: Number(row.elapsedDays),
    scheduledDays: Number(row.scheduledDays),
    learningSteps: Number(row.learningSteps),
    reps: Number(row.reps),
    lapses: Number(row.lapses),
    state: Number(row.state),
    lastReview: row.lastReview === null ? null : toDate(row.lastReview),
  };
}

export function reviewLogColumns(log: ReviewRecord) {
  return {
    rating: log.rating,
    state: log.state,
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: Math.round(log.elapsedDays),
    lastElapsedDays: Math.round(log.lastElapsedDays),
    scheduledDays: Math.round(log.scheduledDays),
    learningSteps: Math.round(log.learningSteps),
    reviewedAt: log.reviewedAt,
  };
}

/** A streak's columns are its fields (last_day read as text, in mode 'string'; freezes absent in old rows: none). */
export function toStreak(row: Loose<Streak>): Streak {
  return { current: Number(row.current), longest: Number(row.longest), lastDay: String(row.lastDay), freezes: Number(row.freezes ?? 0) };
}

export async function readCardState(db: Queryable, userId: number, cardId: number): Promise<CardState | null> {
  const [row] = await db
    .select()
    .from(cardStates)
    .where(and(eq(cardStates.userId, userId), eq(cardStates.cardId, cardId)));
  return row ? toCardState(row) : null;
}

export async function readStreak(db: Queryable, userId: number): Promise<Streak | null> {
  const [row] = await db.select().from(streaks).where(eq(streaks.userId, userId));
  return row ? toStreak(row) : null;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : msToDate(value);
}
