/** Private reviews: what to review next, and recording a rating once per showing. */
import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { PointsEntry, ReviewDecision, ReviewResult, Store } from '../core/ports.js';
import type { Db } from './connect.js';
import { toCard } from './decks.js';
import { cardStateColumns, readCardState, readStreak, reviewLogColumns, toCardState } from './learner-rows.js';
import { lockLearners } from './learner-locks.js';
import { epochMs, msToDate, queryRows, type Tx } from './rows.js';
import { cardStates, cards, pointsLedger, reviewLogs, streaks } from './schema.js';

/** Thrown inside a transaction to roll it back when a retried review turns out to be a duplicate. */
class DuplicateReview extends Error {}

export async function recordReview(db: Db, ...[input, decide]: Parameters<Store['recordReview']>): Promise<ReviewResult> {
  try {
    return await db.transaction(async (tx) => {
      // Serialised with the user's answer batches and other reviews, so no update is decided from stale state.
      await lockLearners(tx, [input.userId]);
      const cardState = await readCardState(tx, input.userId, input.cardId);
      const streak = await readStreak(tx, input.userId);
      const decision = decide({ cardState, streak });
      const inserted = await writeReview(tx, {
        userId: input.userId,
        cardId: input.cardId,
        decision,
        idempotencyKey: input.idempotencyKey,
      });
      if (!inserted) throw new DuplicateReview();
      await writePoints(tx, { ...input, points: decision.points });
      return { status: 'recorded', decision } as const;
    });
  } catch (error) {
    if (error instanceof DuplicateReview) return { status: 'duplicate' };
    throw error;
  }
}

export async function nextReviewCard(db: Db, input: Parameters<Store['nextReviewCard']>[0]): ReturnType<Store['nextReviewCard']> {
  if (input.deckIds.length === 0) return null;
  const [due] = await db
    .select({ card: cards, state: cardStates })
    .from(cardStates)
    .innerJoin(cards, eq(cards.id, cardStates.cardId))
    .where(
      and(
        eq(cardStates.userId, input.userId),
        inArray(cards.deckId, input.deckIds),
        eq(cards.archived, false),
        lte(cardStates.due, input.now),
      ),
    )
    .orderBy(asc(cardStates.due), asc(cards.id))
    .limit(1);
  if (due) return { card: toCard(due.card), state: toCardState(due.state) };
  if (!input.allowNew) return null;
  const [fresh] = await db
    .select({ card: cards })
    .from(cards)
    .leftJoin(cardStates, and(eq(cardStates.cardId, cards.id), eq(cardStates.userId, input.userId)))
    .where(and(inArray(cards.deckId, input.deckIds), eq(cards.archived, false), isNull(cardStates.cardId)))
    .orderBy(asc(cards.deckId), asc(cards.position))
    .limit(1);
  return fresh ? { card: toCard(fresh.card), state: null } : null;
}

export async function newCardsIntroducedSince(db: Db, userId: number, since: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`
    select count(*)::int as n from (
      select card_id from ${reviewLogs} where user_id = ${userId} group by card_id
      having min(reviewed_at) >= ${since.toISOString()}::timestamptz
    ) first_reviews`);
  return Number(rows[0]?.n ?? 0);
}

export async function dueCount(db: Db, userId: number, deckIds: number[], now: Date): Promise<number> {
  if (deckIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(cardStates)
    .innerJoin(cards, eq(cards.id, cardStates.cardId))
    .where(and(eq(cardStates.userId, userId), inArray(cards.deckId, deckIds), eq(cards.archived, false), lte(cardStates.due, now)));
  return Number(row?.n ?? 0);
}

export async function nextDueAt(db: Db, userId: number, deckIds: number[]): Promise<Date | null> {
  if (deckIds.length === 0) return null;
  const [row] = await db
    .select({ at: sql<number | null>`${epochMs(sql`min(${cardStates.due})`)}` })
    .from(cardStates)
    .innerJoin(cards, eq(cards.id, cardStates.cardId))
    .where(and(eq(cardStates.userId, userId), inArray(cards.deckId, deckIds), eq(cards.archived, false)));
  return row?.at === null || row?.at === undefined ? null : msToDate(row.at);
}

/** Writes the review log (once per key), the new card state and the streak. False if the key was used already. */
async function writeReview(
  tx: Tx,
  input: { userId: number; cardId: number; decision: ReviewDecision; idempotencyKey: string },
): Promise<boolean> {
  const { state, log, streak, source } = input.decision;
  const inserted = await tx
    .insert(reviewLogs)
    .values({ userId: input.userId, cardId: input.cardId, ...reviewLogColumns(log), source, idempotencyKey: input.idempotencyKey })
    .onConflictDoNothing({ target: [reviewLogs.userId, reviewLogs.idempotencyKey] })
    .returning({ id: reviewLogs.id });
  if (inserted.length === 0) return false;
  const columns = cardStateColumns(state);
  await tx
    .insert(cardStates)
    .values({ userId: input.userId, cardId: input.cardId, ...columns })
    .onConflictDoUpdate({ target: [cardStates.userId, cardStates.cardId], set: columns });
  await tx
    .insert(streaks)
    .values({ userId: input.userId, ...streak })
    .onConflictDoUpdate({ target: streaks.userId, set: { ...streak } });
  return true;
}

/** A review's points: not tied to an answer (answers write theirs in answer-write.ts). */
async function writePoints(
  tx: Tx,
  input: { workspaceId: number; userId: number; channelId: string; at: Date; points: PointsEntry[] },
): Promise<void> {
  const rows = input.points
    .filter((entry) => entry.amount !== 0)
    .map((entry) => ({
      workspaceId: input.workspaceId,
      userId: input.userId,
      channelId: input.channelId,
      amount: entry.amount,
      reason: entry.reason,
      answerId: null,
      at: input.at,
    }));
  if (rows.length > 0) await tx.insert(pointsLedger).values(rows);
}
