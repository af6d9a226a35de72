/**
 * The database schema. SQL migrations in migrations/ are generated from this file by
 * `npm run db:generate` (drizzle-kit) and checked in; they are applied at start.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  bigint,
} from 'drizzle-orm/pg-core';
import { workspaceIdColumn, deckIdColumn } from './schema-columns.js';

export { interactionInbox } from './schema-inbox.js';
export { interactionTokens } from './schema-tokens.js';
export { slackUpdateBudget } from './schema-slack.js';
export { appeals } from './schema-appeals.js';
export { games, gameSettings, gameSteps } from './schema-games.js';
export { channelSettings, dailyPrompts } from './schema-daily.js';
import { games } from './schema-games.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * The FSRS memory fields that card_states and review_logs both keep (ts-fsrs names them alike on a Card
 * and a ReviewLog). `afterElapsedDays` keeps review_logs' last_elapsed_days where the table has it.
 */
const fsrsMemoryColumns = <T extends Record<string, unknown> = Record<never, never>>(afterElapsedDays?: T) => ({
  due: timestamp('due', { withTimezone: true }).notNull(),
  stability: doublePrecision('stability').notNull(),
  difficulty: doublePrecision('difficulty').notNull(),
  elapsedDays: integer('elapsed_days').notNull(),
  ...(afterElapsedDays as T),
  scheduledDays: integer('scheduled_days').notNull(),
  learningSteps: integer('learning_steps').notNull(),
});

/** A Discord guild, a Slack team, or the local terminal. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('workspaces_platform_external').on(t.platform, t.externalId)],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    workspaceId: workspaceIdColumn(),
    externalId: text('external_id').notNull(),
    displayName: text('display_name').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    createdAt: createdAt(),
  },
  (t) => [unique('users_workspace_external').on(t.workspaceId, t.externalId)],
);

/** A deck: built-in (workspace_id null) or imported into one workspace. */
export const decks = pgTable(
  'decks',
  {
    id: serial('id').primaryKey(),
    workspaceId: integer('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    source: text('source').notNull().default(''),
    /** Who imported it (null: built-in, or imported before decks had owners); only they or a manager may replace it. */
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('decks_workspace_slug').on(t.workspaceId, t.slug).nullsNotDistinct()],
);

/**
 * A card. `key` is a stable identity within the deck (derived from the normalised front), so
 * re-importing a deck updates cards in place and keeps their review history.
 */
export const cards = pgTable(
  'cards',
  {
    id: serial('id').primaryKey(),
    deckId: deckIdColumn(),
    key: text('key').notNull(),
    front: text('front').notNull(),
    back: text('back').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    position: integer('position').notNull(),
    archived: boolean('archived').notNull().default(false),
    /** The author's key points and accepted alternative answers, for the typed-answer grader. */
    keyPoints: text('key_points').array().notNull().default(sql`'{}'::text[]`),
    accepted: text('accepted').array().notNull().default(sql`'{}'::text[]`),
    /** Meant to be answered by typing (an Anki cloze or "type in the answer" card): /quiz asks it typed unless told otherwise. */
    typed: boolean('typed').notNull().default(false),
  },
  (t) => [unique('cards_deck_key').on(t.deckId, t.key), index('cards_deck_position').on(t.deckId, t.position)],
);

/** Per-user FSRS state of one card. */
export const cardStates = pgTable(
  'card_states',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    ...fsrsMemoryColumns(),
    reps: integer('reps').notNull(),
    lapses: integer('lapses').notNull(),
    state: smallint('state').notNull(),
    lastReview: timestamp('last_review', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.cardId] }), index('card_states_user_due').on(t.userId, t.due)],
);

/** Every rating, kept so FSRS parameters can be optimised later. */
export const reviewLogs = pgTable(
  'review_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    rating: smallint('rating').notNull(),
    state: smallint('state').notNull(),
    ...fsrsMemoryColumns({ lastElapsedDays: integer('last_elapsed_days').notNull() }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
    /** review | quiz | daily */
    source: text('source').notNull(),
    /** Makes a retried rating harmless. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    uniqueIndex('review_logs_user_key').on(t.userId, t.idempotencyKey),
    index('review_logs_user_at').on(t.userId, t.reviewedAt),
  ],
);

/** One question put to a channel (a /quiz or a daily prompt). */
export const quizRounds = pgTable(
  'quiz_rounds',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    channelId: text('channel_id').notNull(),
    cardId: integer('card_id')
      .notNull()
      .references(() => cards.id, { onDelete: 'cascade' }),
    /** mcq | typed | self */
    mode: text('mode').notNull(),
    /** MCQ labels in display order, and which one is right. */
    choices: jsonb('choices').$type<string[]>(),
    correctChoice: smallint('correct_choice'),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    messageRef: text('message_ref'),
    /** A game question's reveal, posted as a message of its own (a /quiz or daily card's reveal is its own message, edited). */
    revealMessageRef: text('reveal_message_ref'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** quiz | daily | game */
    source: text('source').notNull().default('quiz'),
    revealedAt: timestamp('revealed_at', { withTimezone: true }),
    /** The game this question belongs to, and its number in the game (1-based): asked once each. */
    gameId: bigint('game_id', { mode: 'number' }).references(() => games.id, { onDelete: 'cascade' }),
    gameRound: smallint('game_round'),
    /** The /quiz request that opened it: a replayed request (interaction inbox) finds its round instead of opening another. */
    requestKey: text('request_key'),
  },
  (t) => [
    index('quiz_rounds_channel').on(t.workspaceId, t.channelId, t.opensAt),
    uniqueIndex('quiz_rounds_game_round').on(t.gameId, t.gameRound),
    uniqueIndex('quiz_rounds_request_key').on(t.requestKey),
  ],
);

/** One user's answer to a round: at most one per round and user. */
export const answers = pgTable(
  'answers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    roundId: bigint('round_id', { mode: 'number' })
      .notNull()
      .references(() => quizRounds.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    choice: smallint('choice'),
    text: text('text'),
    score: doublePrecision('score').notNull(),
    correct: boolean('correct').notNull(),
    points: integer('points').notNull(),
    idempotencyKey: text('idempotency_key'),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('answers_round_user').on(t.roundId, t.userId), index('answers_round').on(t.roundId, t.answeredAt)],
);

/** Leaderboards are queries over this ledger, never counters that can drift. */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceIdColumn(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    amount: integer('amount').notNull(),
    /** correct | first_correct | streak */
    reason: text('reason').notNull(),
    answerId: bigint('answer_id', { mode: 'number' }).references(() => answers.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('points_workspace_at').on(t.workspaceId, t.at),
    index('points_workspace_channel_at').on(t.workspaceId, t.channelId, t.at),
  ],
);

/** Consecutive study days in the user's time zone. */
export const streaks = pgTable('streaks', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  current: integer('current').notNull(),
  longest: integer('longest').notNull(),
  lastDay: date('last_day', { mode: 'string' }).notNull(),
  /** Streak freezes held (see core/streaks.ts for how they are earned and used). */
  freezes: smallint('freezes').notNull().default(0),
});

export * from './schema-media.js';
export * from './schema-fsrs.js';
