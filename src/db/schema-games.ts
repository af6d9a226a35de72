/** Quiz games: a channel's game settings, each game, and its steps (the timers, as rows). */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaceIdColumn, deckIdColumn } from './schema-columns.js';
import { users } from './schema.js';

/** A channel's game settings (managers set them with `/quiz settings`); no row means the defaults. */
export const gameSettings = pgTable(
  'game_settings',
  {
    workspaceId: workspaceIdColumn(),
    channelId: text('channel_id').notNull(),
    defaultSeconds: integer('default_seconds').notNull(),
    maxSeconds: integer('max_seconds').notNull(),
    speedBonus: boolean('speed_bonus').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channelId] })],
);

/** A quiz game: a run of timed questions in a channel. Its timers are the rows of game_steps. */
export const games = pgTable(
  'games',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    channelId: text('channel_id').notNull(),
    deckId: deckIdColumn(),
    /** mcq | typed | self */
    mode: text('mode').notNull(),
    rounds: smallint('rounds').notNull(),
    seconds: smallint('seconds').notNull(),
    speedBonus: boolean('speed_bonus').notNull(),
    /** The cards in the order they are asked, drawn at the start so every replica asks the same next one. */
    cardIds: jsonb('card_ids').$type<number[]>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The asker's zone, for the times the game shows. */
    timeZone: text('time_zone').notNull(),
    /** running | stopping | finished | stopped */
    state: text('state').notNull(),
    stoppedBy: integer('stopped_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** The final standings' message, for editing it when an accepted appeal changes them. */
    standingsMessageRef: text('standings_message_ref'),
    /** The open question, and what its public message last showed (edits are coalesced against it). */
    currentRoundId: bigint('current_round_id', { mode: 'number' }),
    lastEditAt: timestamp('last_edit_at', { withTimezone: true }),
    shownAnswers: integer('shown_answers').notNull().default(0),
    shownHint: boolean('shown_hint').notNull().default(false),
    shownBucket: integer('shown_bucket').notNull().default(0),
  },
  (t) => [
    // One live game per channel, across every replica.
    uniqueIndex('games_one_live_per_channel')
      .on(t.workspaceId, t.channelId)
      .where(sql`state in ('running', 'stopping')`),
    index('games_channel_ended').on(t.workspaceId, t.channelId, t.endedAt),
    index('games_live_edit').on(t.lastEditAt).where(sql`state = 'running'`),
  ],
);

/**
 * The steps of a game (ask question n, reveal it, end the game): each is one row, claimed with
 * FOR UPDATE SKIP LOCKED like the daily prompts, so it runs once across replicas and survives restarts.
 * A game has exactly one pending or running step until it ends.
 */
export const gameSteps = pgTable(
  'game_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    gameId: bigint('game_id', { mode: 'number' })
      .notNull()
      .references(() => games.id, { onDelete: 'cascade' }),
    /** The question the step is about (1-based); 0 for the end. */
    round: smallint('round').notNull(),
    /** ask | reveal | end */
    kind: text('kind').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** pending | running | done | cancelled */
    state: text('state').notNull(),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    attempts: smallint('attempts').notNull().default(0),
    note: text('note'),
  },
  (t) => [
    unique('game_steps_once').on(t.gameId, t.round, t.kind),
    index('game_steps_pending_due').on(t.dueAt).where(sql`state = 'pending'`),
    index('game_steps_running_claimed').on(t.claimedAt).where(sql`state = 'running'`),
  ],
);

// Tables kept in their own modules (this file is long), re-exported so drizzle-kit and the store see one schema.
