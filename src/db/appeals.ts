/**
 * Appeals: filed once per answer or review (unique constraints), decided once (a conditional update from
 * pending), and an accepted one's re-rated review, card state, answer and points written in the same
 * transaction, serialised with the appellant's other answers and reviews.
 */
import { and, asc, eq, isNotNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppealRecord, AppealStatus, DecideAppealResult, FileAppealResult } from '../core/appeals/model.js';
import { BANK_PER_KIND } from '../core/grading/bank.js';
import type { Store } from '../core/ports.js';
import type { Rating } from '../core/scheduling/fsrs.js';
import type { Db } from './connect.js';
import { cardStateColumns } from './learner-rows.js';
import { lockLearners } from './learner-locks.js';
import type { Queryable, Tx } from './rows.js';
import { answers, appeals, cardStates, pointsLedger, reviewLogs, users } from './schema.js';

/** Points an answer paid for being right; the streak's are its own and stay. */
const NOT_FOR_BEING_RIGHT = ['streak'];

export async function fileAppeal(db: Db, input: Parameters<Store['fileAppeal']>[0]): Promise<FileAppealResult> {
  const key = 'answerId' in input.target ? `answer:${input.target.answerId}` : input.target.reviewKey;
  const [log] = await db
    .select({ id: reviewLogs.id })
    .from(reviewLogs)
    .where(and(eq(reviewLogs.userId, input.userId), eq(reviewLogs.idempotencyKey, key), eq(reviewLogs.cardId, input.cardId)));
  if (!log) return { status: 'missing' };
  const inserted = await db
    .insert(appeals)
    .values({
      workspaceId: input.workspaceId,
      channelId: input.channelId,
      roundId: 'roundId' in input.target ? input.target.roundId : null,
      answerId: 'answerId' in input.target ? input.target.answerId : null,
      reviewLogId: log.id,
      cardId: input.cardId,
      userId: input.userId,
      answerText: input.text,
      filedAt: input.at,
    })
    .onConflictDoNothing()
    .returning({ id: appeals.id });
  const id = inserted[0]?.id;
  const appeal = id !== undefined ? await getAppeal(db, id) : await appealOfReview(db, log.id);
  if (!appeal) return { status: 'missing' };
  return { status: id !== undefined ? 'filed' : 'exists', appeal };
}

export async function getAppeal(db: Queryable, appealId: number): Promise<AppealRecord | null> {
  return (await readAppeals(db, eq(appeals.id, appealId)))[0] ?? null;
}

export async function decideAppeal(db: Db, ...[input, decide]: Parameters<Store['decideAppeal']>): Promise<DecideAppealResult> {
  return db.transaction(async (tx) => {
    // Only a pending appeal moves: a second accept (or the same one delivered twice) waits for this
    // row's lock, then finds it decided and changes nothing.
    const moved = await tx
      .update(appeals)
      .set({ status: input.accept ? 'accepted' : 'rejected', decidedBy: input.deciderId, decidedAt: input.at })
      .where(and(eq(appeals.id, input.appealId), eq(appeals.status, 'pending')))
      .returning();
    const row = moved[0];
    if (!row) {
      const appeal = await getAppeal(tx, input.appealId);
      return appeal ? { status: 'already', appeal } : { status: 'missing' };
    }
    if (!input.accept) return { status: 'decided', appeal: (await getAppeal(tx, row.id))!, decision: null };

    await lockLearners(tx, [row.userId]);
    const history = await tx
      .select({ id: reviewLogs.id, rating: reviewLogs.rating, reviewedAt: reviewLogs.reviewedAt })
      .from(reviewLogs)
      .where(and(eq(reviewLogs.userId, row.userId), eq(reviewLogs.cardId, row.cardId)))
      .orderBy(asc(reviewLogs.reviewedAt), asc(reviewLogs.id));
    const answer = row.answerId === null ? null : await answerContext(tx, row.answerId);
    const decision = decide({
      appeal: (await getAppeal(tx, row.id))!,
      history: history.map((h) => ({ rating: h.rating as Rating, reviewedAt: h.reviewedAt, appealed: h.id === row.reviewLogId })),
      answer,
    });
    await tx.update(reviewLogs).set({ rating: decision.rating }).where(eq(reviewLogs.id, row.reviewLogId));
    if (decision.state) {
      const columns = cardStateColumns(decision.state);
      await tx
        .insert(cardStates)
        .values({ userId: row.userId, cardId: row.cardId, ...columns })
        .onConflictDoUpdate({ target: [cardStates.userId, cardStates.cardId], set: columns });
    }
    const paid = decision.points.filter((entry) => entry.amount !== 0);
    const total = paid.reduce((sum, entry) => sum + entry.amount, 0);
    if (row.answerId !== null) {
      await tx
        .update(answers)
        .set({ correct: true, score: decision.score, points: sql`${answers.points} + ${total}` })
        .where(eq(answers.id, row.answerId));
      if (paid.length > 0) {
        await tx.insert(pointsLedger).values(
          paid.map((entry) => ({ workspaceId: row.workspaceId, userId: row.userId, channelId: row.channelId, amount: entry.amount, reason: entry.reason, answerId: row.answerId, at: input.at })),
        );
      }
    }
    await tx.update(appeals).set({ points: total }).where(eq(appeals.id, row.id));
    return { status: 'decided', appeal: (await getAppeal(tx, row.id))!, decision };
  });
}

export async function acceptedAnswers(db: Db, input: Parameters<Store['acceptedAnswers']>[0]): Promise<string[]> {
  const rows = await db
    .selectDistinct({ text: appeals.answerText })
    .from(appeals)
    .where(
      and(
        eq(appeals.cardId, input.cardId),
        eq(appeals.workspaceId, input.workspaceId),
        eq(appeals.status, 'accepted'),
        or(isNotNull(appeals.roundId), eq(appeals.userId, input.userId)),
      ),
    )
    .orderBy(asc(appeals.answerText))
    .limit(MAX_REMEMBERED);
  return rows.map((row) => row.text);
}

export async function rejectedAnswers(db: Db, input: Parameters<Store['rejectedAnswers']>[0]): Promise<string[]> {
  const rows = await db
    .selectDistinct({ text: appeals.answerText })
    .from(appeals)
    .where(and(eq(appeals.cardId, input.cardId), eq(appeals.workspaceId, input.workspaceId), eq(appeals.status, 'rejected'), isNotNull(appeals.roundId)))
    .orderBy(asc(appeals.answerText))
    .limit(MAX_REMEMBERED);
  return rows.map((row) => row.text);
}

/** Remembered answers of each kind read per card at most: what its answer bank holds. */
export const MAX_REMEMBERED = BANK_PER_KIND;

async function answerContext(tx: Tx, answerId: number) {
  const [answer] = await tx.select().from(answers).where(eq(answers.id, answerId));
  if (!answer) return null;
  const [paid] = await tx
    .select({ n: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.answerId, answerId), notInArray(pointsLedger.reason, NOT_FOR_BEING_RIGHT)));
  const [prior] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(answers)
    .where(and(eq(answers.roundId, answer.roundId), eq(answers.correct, true), ne(answers.id, answerId), lt(answers.answeredAt, answer.answeredAt)));
  return { answeredAt: answer.answeredAt, paid: Number(paid?.n ?? 0), priorCorrect: Number(prior?.n ?? 0) };
}

async function appealOfReview(db: Queryable, reviewLogId: number): Promise<AppealRecord | null> {
  return (await readAppeals(db, eq(appeals.reviewLogId, reviewLogId)))[0] ?? null;
}

const deciders = alias(users, 'deciders');

async function readAppeals(db: Queryable, where: ReturnType<typeof eq>): Promise<AppealRecord[]> {
  const rows = await db
    .select({ appeal: appeals, displayName: users.displayName, decidedByName: deciders.displayName })
    .from(appeals)
    .innerJoin(users, eq(users.id, appeals.userId))
    .leftJoin(deciders, eq(deciders.id, appeals.decidedBy))
    .where(where);
  return rows.map(({ appeal: a, displayName, decidedByName }) => ({
    id: a.id,
    workspaceId: a.workspaceId,
    channelId: a.channelId,
    roundId: a.roundId,
    answerId: a.answerId,
    cardId: a.cardId,
    userId: a.userId,
    displayName,
    text: a.answerText,
    status: a.status as AppealStatus,
    decidedBy: a.decidedBy,
    decidedByName: decidedByName ?? null,
    decidedAt: a.decidedAt,
    points: a.points,
    filedAt: a.filedAt,
  }));
}

