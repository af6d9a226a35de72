/**
 * The interaction inbox: each platform delivery is written here before it is acknowledged, so one the
 * platform considers delivered survives a crash of the process working on it (src/bot/inbox.ts).
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

export const interactionInbox = pgTable(
  'interaction_inbox',
  {
    /** The delivery's idempotence key (the core's interactionId): a redelivery finds its row. */
    key: text('key').primaryKey(),
    platform: text('platform').notNull(),
    /** What the adapter needs to do the work again: the parsed command and its way back to the user. */
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** Until then the process that took it is presumed alive and working; after it, anyone may replay it. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
    attempts: smallint('attempts').notNull().default(1),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Why a delivery was given up rather than done (too old, too many attempts). */
    note: text('note'),
  },
  (t) => [
    index('interaction_inbox_open').on(t.platform, t.leaseUntil).where(sql`done_at is null`),
    index('interaction_inbox_done').on(t.doneAt).where(sql`done_at is not null`),
  ],
);
