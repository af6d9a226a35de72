/** Reading answers back as the core's AnswerRecord. */
import { and, eq, sql } from 'drizzle-orm';
import type { AnswerRecord } from '../core/model.js';
import type { Queryable } from './rows.js';
import { answers, appeals, users } from './schema.js';

/**
 * Selected beside an answer row: whether it counts as right because its appeal was accepted. Appeals are
 * unique per answer, so this is one index probe; the appeals table stays the one record of it.
 */
export const acceptedOnAppeal = sql<boolean>`exists (select 1 from ${appeals} where ${appeals.answerId} = ${answers.id} and ${appeals.status} = 'accepted')`;

export async function findAnswer(db: Queryable, roundId: number, userId: number): Promise<AnswerRecord | null> {
  const [row] = await db
    .select({ answer: answers, displayName: users.displayName, appealed: acceptedOnAppeal })
    .from(answers)
    .innerJoin(users, eq(users.id, answers.userId))
    .where(and(eq(answers.roundId, roundId), eq(answers.userId, userId)));
  return row ? toAnswer(row.answer, row.displayName, row.appealed) : null;
}

export function toAnswer(row: typeof answers.$inferSelect, displayName: string, appealed: boolean): AnswerRecord {
  return {
    id: row.id,
    userId: row.userId,
    displayName,
    choice: row.choice,
    text: row.text,
    score: row.score,
    correct: row.correct,
    points: row.points,
    answeredAt: row.answeredAt,
    acceptedOnAppeal: appealed === true,
  };
}
