/**
 * What a review leaves in the memory store: the review log, the card's state and the streak, with
 * integer day counts as the real store's columns keep them; and the reviews recorded once per key.
 */
import type { ReviewDecision, ReviewResult, Store } from '../../../src/core/ports.js';
import type { CardState } from '../../../src/core/scheduling/fsrs.js';
import type { Streak } from '../../../src/core/streaks.js';
import { push, upsert, type Tables } from '../memory-tables.js';
import type { PointsWriter } from './standings.js';

export function recordReview(store: PointsWriter, ...[input, decide]: Parameters<Store['recordReview']>): ReviewResult {
  const { userId, cardId, idempotencyKey } = input;
  const decision = decide({ cardState: cardStateNow(store.tables, userId, cardId), streak: streakNow(store.tables, userId) });
  if (store.tables.reviewLogs.some((l) => l.userId === userId && l.idempotencyKey === idempotencyKey)) return { status: 'duplicate' };
  writeLearning(store.tables, userId, cardId, decision, idempotencyKey);
  store.addPoints(...decision.points.map(({ amount, reason }) => ({ workspaceId: input.workspaceId, userId, channelId: input.channelId, amount, reason, at: input.at })));
  return { status: 'recorded', decision };
}

export function cardStateNow(tables: Tables, userId: number, cardId: number): CardState | null {
  const row = tables.cardStates.find((s) => s.userId === userId && s.cardId === cardId);
  if (!row) return null;
  const { userId: _user, cardId: _card, ...state } = row;
  return state;
}

export function streakNow(tables: Tables, userId: number): Streak | null {
  const row = tables.streaks.find((s) => s.userId === userId);
  return row ? { current: row.current, longest: row.longest, lastDay: row.lastDay, freezes: row.freezes ?? 0 } : null;
}

/** The review log, card state and streak a decision leaves; day counts are integer columns in the real store. */
export function writeLearning(tables: Tables, userId: number, cardId: number, decision: ReviewDecision, key: string): void {
  const { state, log, streak, source } = decision;
  push(tables.reviewLogs, { ...log, ...wholeDays(log), lastElapsedDays: Math.round(log.lastElapsedDays), userId, cardId, source, idempotencyKey: key });
  upsert(tables.cardStates, (s) => s.userId === userId && s.cardId === cardId, { ...state, ...wholeDays(state), userId, cardId });
  upsert(tables.streaks, (s) => s.userId === userId, { ...streak, userId });
}

function wholeDays(values: { elapsedDays: number; scheduledDays: number; learningSteps: number }) {
  return { elapsedDays: Math.round(values.elapsedDays), scheduledDays: Math.round(values.scheduledDays), learningSteps: Math.round(values.learningSteps) };
}
