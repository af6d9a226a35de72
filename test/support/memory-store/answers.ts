/**
 * Answers to quiz rounds in the memory store: one per round and user, checked, decided and written as
 * one step, and read back with the answerer's name and whether an appeal accepted them.
 */
import type { AnswerRecord } from '../../../src/core/model.js';
import type { AnswerResult, Store } from '../../../src/core/ports.js';
import { push, type AnswerRow, type Tables } from '../memory-tables.js';
import { cardStateNow, streakNow, writeLearning } from './learning.js';
import type { PointsWriter } from './standings.js';

export function roundAnswers(tables: Tables, roundId: number): AnswerRecord[] {
  const rows = tables.answers.filter((a) => a.roundId === roundId);
  return rows.sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime() || a.id - b.id).map((a) => toAnswer(tables, a));
}

export function answerOf(tables: Tables, roundId: number, userId: number): AnswerRecord | null {
  const row = tables.answers.find((a) => a.roundId === roundId && a.userId === userId);
  return row ? toAnswer(tables, row) : null;
}

export function recordAnswer(store: PointsWriter, ...[input, decide]: Parameters<Store['recordAnswer']>): AnswerResult {
  // Nothing here awaits: the round is checked, the answer decided and written as one step.
  const { round, userId, at } = input;
  const stored = store.tables.rounds.find((r) => r.id === round.id);
  if (!stored || stored.revealedAt !== null || (stored.closesAt !== null && stored.closesAt <= at)) return { status: 'closed' };
  const existing = answerOf(store.tables, round.id, userId);
  if (existing) return { status: 'duplicate', existing };
  const roundAnswers = store.tables.answers.filter((a) => a.roundId === round.id);
  const priorCorrect = roundAnswers.filter((a) => a.correct).length;
  const decision = decideOrThrow(() => decide({ round, priorCorrect, cardState: cardStateNow(store.tables, userId, round.card.id), streak: streakNow(store.tables, userId) }));
  const points = decision.points.reduce((sum, entry) => sum + entry.amount, 0);
  const { choice, text, score, correct } = decision;
  const answer = push(store.tables.answers, { roundId: round.id, userId, choice, text, score, correct, points, idempotencyKey: input.idempotencyKey ?? null, answeredAt: at });
  writeLearning(store.tables, userId, round.card.id, decision, `answer:${answer.id}`);
  store.addPoints(...decision.points.map(({ amount, reason }) => ({ workspaceId: round.workspaceId, userId, channelId: input.channelId, amount, reason, answerId: answer.id, at })));
  return { status: 'recorded', answerId: answer.id, decision, answerCount: roundAnswers.length + 1 };
}

function toAnswer(tables: Tables, { roundId: _round, idempotencyKey: _key, ...row }: AnswerRow): AnswerRecord {
  const acceptedOnAppeal = tables.appeals.some((a) => a.answerId === row.id && a.status === 'accepted');
  return { ...row, displayName: tables.users.find((u) => u.id === row.userId)!.displayName, acceptedOnAppeal };
}

/** The real store hands back what `decide` threw, as an Error. */
function decideOrThrow<T>(decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    throw error instanceof Error ? error : new Error(String(error));
  }
}
