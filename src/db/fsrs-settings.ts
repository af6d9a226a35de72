/** Each user's FSRS settings row, and their review log as the optimiser reads it. */
import { asc, eq } from 'drizzle-orm';
import type { StoredFsrsSettings } from '../core/ports.js';
import type { ReviewLogEntry } from '../core/scheduling/optimize.js';
import type { Queryable } from './rows.js';
import { reviewLogs, userFsrs } from './schema.js';

export async function readFsrsSettings(db: Queryable, userId: number): Promise<StoredFsrsSettings | null> {
  const [row] = await db.select().from(userFsrs).where(eq(userFsrs.userId, userId));
  return row ? { parameters: row.parameters ?? null, desiredRetention: row.desiredRetention, optimizedAt: row.optimizedAt ?? null, fit: row.fit ?? null } : null;
}

export async function writeFsrsSettings(db: Queryable, userId: number, s: StoredFsrsSettings): Promise<void> {
  const values = { parameters: s.parameters ? [...s.parameters] : null, desiredRetention: s.desiredRetention, optimizedAt: s.optimizedAt, fit: s.fit };
  await db
    .insert(userFsrs)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: userFsrs.userId, set: { ...values, updatedAt: new Date() } });
}

export async function readReviewLogEntries(db: Queryable, userId: number): Promise<ReviewLogEntry[]> {
  const rows = await db
    .select({ cardId: reviewLogs.cardId, rating: reviewLogs.rating, state: reviewLogs.state, reviewedAt: reviewLogs.reviewedAt })
    .from(reviewLogs)
    .where(eq(reviewLogs.userId, userId))
    .orderBy(asc(reviewLogs.reviewedAt), asc(reviewLogs.id));
  return rows;
}
