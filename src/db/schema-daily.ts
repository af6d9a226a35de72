/** Daily prompts: a channel's /daily settings and one prompt row per channel and local date. */
import { bigint, bigserial, boolean, date, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { workspaceIdColumn, deckIdColumn } from './schema-columns.js';
import { quizRounds } from './schema.js';

/** A channel's daily prompt settings. */
export const channelSettings = pgTable(
  'channel_settings',
  {
    id: serial('id').primaryKey(),
    workspaceId: workspaceIdColumn(),
    channelId: text('channel_id').notNull(),
    deckId: deckIdColumn(),
    /** HH:MM, local to time_zone. */
    localTime: text('local_time').notNull(),
    timeZone: text('time_zone').notNull(),
    /** mcq | typed */
    mode: text('mode').notNull(),
    windowMinutes: integer('window_minutes').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    pausedReason: text('paused_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('channel_settings_channel').on(t.workspaceId, t.channelId)],
);

/** One daily prompt per channel and local date: the row that makes posting exactly-once. */
export const dailyPrompts = pgTable(
  'daily_prompts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settingsId: integer('settings_id')
      .notNull()
      .references(() => channelSettings.id, { onDelete: 'cascade' }),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    /** The instant the prompt is due (local time converted with the zone's offset that day). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** pending | posting | posted | revealing | revealed | skipped | failed */
    state: text('state').notNull(),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    roundId: bigint('round_id', { mode: 'number' }).references(() => quizRounds.id, { onDelete: 'set null' }),
    note: text('note'),
  },
  (t) => [unique('daily_prompts_settings_date').on(t.settingsId, t.localDate), index('daily_prompts_state_due').on(t.state, t.dueAt)],
);
