/** Reading answers back as the core's AnswerRecord. */
import { and, eq } from 'drizzle-orm';
import type { AnswerRecord } from '../core/model.js';
import type { Queryable } from './rows.js';
import { answers, users } from './schema.js';

export async function findAnswer(db: Queryable, roundId: number, userId: number): Promise<AnswerRecord | null> {
  const [row] = await db
    .select({ answer: answers, displayName: users.displayName })
    .from(answers)
    .innerJoin(users, eq(users.id, answers.userId))
    .where(and(eq(answers.roundId, roundId), eq(answers.userId, userId)));
  return row ? toAnswer(row.answer, row.displayName) : null;
}

export function toAnswer(row: typeof answers.$inferSelect, displayName: string): AnswerRecord {
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
  };
}
