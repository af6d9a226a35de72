/**
 * Slack's chat.update limit (Tier 3, about 50 a minute per app and workspace) is shared by every process that
 * edits a workspace's messages, so its budget lives here: one GCRA row per workspace (src/db/update-budget-store.ts).
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const slackUpdateBudget = pgTable('slack_update_budget', {
  /** The Slack team id. */
  workspace: text('workspace').primaryKey(),
  /** GCRA's theoretical arrival time: each send moves it one interval on from itself or now, whichever is later. */
  tat: timestamp('tat', { withTimezone: true }).notNull(),
});
