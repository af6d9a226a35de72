/**
 * Interaction tokens that can still edit the public messages their interactions created, so every
 * replica can edit a message over its interaction's webhook (src/bot/interaction-tokens.ts). Rows live
 * 15 minutes (a token's lifetime) and are pruned as new ones are written.
 */
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const interactionTokens = pgTable(
  'interaction_tokens',
  {
    interactionId: text('interaction_id').primaryKey(),
    token: text('token').notNull(),
    /** When the interaction was answered: the token is usable for 15 minutes from about then. */
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
    /** The public message the interaction created, once a press on it has told us its id. */
    messageId: text('message_id'),
  },
  (t) => [index('interaction_tokens_message').on(t.messageId), index('interaction_tokens_answered').on(t.answeredAt)],
);
