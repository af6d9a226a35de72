/**
 * MemoryStore's appeals, kept to the real store's contract (src/db/appeals.ts): one per answer or review
 * log, decided once from pending, an accepted one's re-rating, answer and points written in one step.
 */
import type { AppealRecord, DecideAppealResult, FileAppealResult } from '../../src/core/appeals/model.js';
import type { PointsEntry, Store } from '../../src/core/ports.js';
import { push, upsert, type AppealRow, type Tables } from './memory-tables.js';

export class MemoryAppeals {
  constructor(
    private readonly tables: Tables,
    private readonly addPoints: (rows: { workspaceId: number; userId: number; channelId: string; amount: number; reason: string; answerId: number; at: Date }[]) => void,
  ) {}

  file(input: Parameters<Store['fileAppeal']>[0]): FileAppealResult {
    const key = 'answerId' in input.target ? `answer:${input.target.answerId}` : input.target.reviewKey;
    const log = this.tables.reviewLogs.find((l) => l.userId === input.userId && l.idempotencyKey === key && l.cardId === input.cardId);
    if (!log) return { status: 'missing' };
    const answerId = 'answerId' in input.target ? input.target.answerId : null;
    const existing = this.tables.appeals.find((a) => a.reviewLogId === log.id || (answerId !== null && a.answerId === answerId));
    if (existing) return { status: 'exists', appeal: this.record(existing) };
    const row = push(this.tables.appeals, {
      workspaceId: input.workspaceId,
      channelId: input.channelId,
      roundId: 'roundId' in input.target ? input.target.roundId : null,
      answerId,
      reviewLogId: log.id,
      cardId: input.cardId,
      userId: input.userId,
      answerText: input.text,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      points: 0,
      filedAt: input.at,
    });
    return { status: 'filed', appeal: this.record(row) };
  }

  get(appealId: number): AppealRecord | null {
    const row = this.tables.appeals.find((a) => a.id === appealId);
    return row ? this.record(row) : null;
  }

  decide(...[input, decide]: Parameters<Store['decideAppeal']>): DecideAppealResult {
    const row = this.tables.appeals.find((a) => a.id === input.appealId);
    if (!row) return { status: 'missing' };
    if (row.status !== 'pending') return { status: 'already', appeal: this.record(row) };
    Object.assign(row, { status: input.accept ? 'accepted' : 'rejected', decidedBy: input.deciderId, decidedAt: input.at });
    if (!input.accept) return { status: 'decided', appeal: this.record(row), decision: null };
    const history = this.tables.reviewLogs
      .filter((l) => l.userId === row.userId && l.cardId === row.cardId)
      .sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime() || a.id - b.id)
      .map((l) => ({ rating: l.rating, reviewedAt: l.reviewedAt, appealed: l.id === row.reviewLogId }));
    const answer = row.answerId === null ? undefined : this.tables.answers.find((a) => a.id === row.answerId);
    const paid = this.tables.pointsLedger.filter((p) => answer && p.answerId === answer.id && p.reason !== 'streak').reduce((sum, p) => sum + p.amount, 0);
    const priorCorrect = answer
      ? this.tables.answers.filter((a) => a.roundId === answer.roundId && a.correct && a.id !== answer.id && a.answeredAt < answer.answeredAt).length
      : 0;
    const decision = decide({ appeal: this.record(row), history, answer: answer ? { answeredAt: answer.answeredAt, paid, priorCorrect } : null });
    const log = this.tables.reviewLogs.find((l) => l.id === row.reviewLogId)!;
    log.rating = decision.rating;
    if (decision.state) {
      const { state } = decision;
      const whole = { elapsedDays: Math.round(state.elapsedDays), scheduledDays: Math.round(state.scheduledDays), learningSteps: Math.round(state.learningSteps) };
      upsert(this.tables.cardStates, (s) => s.userId === row.userId && s.cardId === row.cardId, { ...state, ...whole, userId: row.userId, cardId: row.cardId });
    }
    const total = sum(decision.points);
    if (answer) {
      Object.assign(answer, { correct: true, score: decision.score, points: answer.points + total });
      this.addPoints(decision.points.map(({ amount, reason }) => ({ workspaceId: row.workspaceId, userId: row.userId, channelId: row.channelId, amount, reason, answerId: answer.id, at: input.at })));
    }
    row.points = total;
    return { status: 'decided', appeal: this.record(row), decision };
  }

  accepted(input: Parameters<Store['acceptedAnswers']>[0]): string[] {
    const texts = this.tables.appeals
      .filter((a) => a.cardId === input.cardId && a.workspaceId === input.workspaceId && a.status === 'accepted' && (a.roundId !== null || a.userId === input.userId))
      .map((a) => a.answerText);
    return [...new Set(texts)].sort().slice(0, 50);
  }

  rejected(input: Parameters<Store['rejectedAnswers']>[0]): string[] {
    const texts = this.tables.appeals.filter((a) => a.cardId === input.cardId && a.workspaceId === input.workspaceId && a.status === 'rejected' && a.roundId !== null).map((a) => a.answerText);
    return [...new Set(texts)].sort().slice(0, 50);
  }

  private record(row: AppealRow): AppealRecord {
    const name = (id: number | null) => (id === null ? null : (this.tables.users.find((u) => u.id === id)?.displayName ?? null));
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      channelId: row.channelId,
      roundId: row.roundId,
      answerId: row.answerId,
      cardId: row.cardId,
      userId: row.userId,
      displayName: name(row.userId) ?? '?',
      text: row.answerText,
      status: row.status,
      decidedBy: row.decidedBy,
      decidedByName: name(row.decidedBy),
      decidedAt: row.decidedAt,
      points: row.points,
      filedAt: row.filedAt,
    };
  }
}

function sum(points: readonly PointsEntry[]): number {
  return points.reduce((total, entry) => total + entry.amount, 0);
}
