/**
 * Appeals ("I was right") against a typed verdict: kept apart from schema.ts, which re-exports it so
 * drizzle-kit and the drizzle client see one schema. One appeal per answer (channel questions) and per
 * review log (private /review), held by unique constraints; a decision is a conditional update of
 * `status` from pending, so two accepts (or one delivered twice) pay once.
 */
import { bigint, bigserial, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { workspaceIdColumn } from './schema-columns.js';
import { answers, cards, quizRounds, reviewLogs, users } from './schema.js';

export const appeals = pgTable(
  'appeals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    channelId: text('channel_id').notNull(),
    /** The channel question and answer appealed; null for a private review's self-grade. */
    roundId: bigint('round_id', { mode: 'number' }).references(() => quizRounds.id, { onDelete: 'cascade' }),
    answerId: bigint('answer_id', { mode: 'number' }).references(() => answers.id, { onDelete: 'cascade' }),
    /** The rating the answer logged, which an accepted appeal re-rates as Good. */
    reviewLogId: bigint('review_log_id', { mode: 'number' })
      .notNull()
      .references(() => reviewLogs.id, { onDelete: 'cascade' }),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The answer as typed (cleaned); remembered for the card once accepted. */
    answerText: text('answer_text').notNull(),
    /** pending | accepted | rejected */
    status: text('status').notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** What the accepted appeal paid (besides what the answer had paid). */
    points: integer('points').notNull().default(0),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('appeals_answer').on(t.answerId),
    unique('appeals_review_log').on(t.reviewLogId),
    index('appeals_card_accepted').on(t.cardId, t.workspaceId, t.status),
  ],
);
