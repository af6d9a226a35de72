/** The rows MemoryStore keeps, with the property names src/db/schema.ts gives their columns. */
import type { AppealStatus } from '../../src/core/appeals/model.js';
import type { AnswerRecord, Card, Round } from '../../src/core/model.js';
import type { DeckMedia } from '../../src/core/decks/package.js';
import type { Platform, StoredFsrsSettings } from '../../src/core/ports.js';
import type { CardState, ReviewRecord } from '../../src/core/scheduling/fsrs.js';
import type { Streak } from '../../src/core/streaks.js';

export interface PointsRow {
  id: number;
  workspaceId: number;
  userId: number;
  channelId: string;
  amount: number;
  reason: string;
  answerId: number | null;
  at: Date;
}

export interface UserRow { id: number; workspaceId: number; externalId: string; displayName: string; timeZone: string }
export interface DeckRow { id: number; workspaceId: number | null; slug: string; title: string; source: string; ownerId: number | null }
export interface CardRow extends Card { key: string; archived: boolean }
export type RoundRow = Omit<Round, 'card' | 'deckTitle'> & { cardId: number };
export type AnswerRow = Omit<AnswerRecord, 'displayName' | 'acceptedOnAppeal'> & { roundId: number; idempotencyKey: string | null };
export type CardStateRow = CardState & { userId: number; cardId: number };
export type ReviewLogRow = ReviewRecord & { id: number; userId: number; cardId: number; source: string; idempotencyKey: string };

export interface AppealRow {
  id: number;
  workspaceId: number;
  channelId: string;
  roundId: number | null;
  answerId: number | null;
  reviewLogId: number;
  cardId: number;
  userId: number;
  answerText: string;
  status: AppealStatus;
  decidedBy: number | null;
  decidedAt: Date | null;
  points: number;
  filedAt: Date;
}

export type Tables = ReturnType<typeof emptyTables>;

export function emptyTables() {
  return {
    workspaces: [] as { id: number; platform: Platform; externalId: string }[],
    users: [] as UserRow[],
    decks: [] as DeckRow[],
    cards: [] as CardRow[],
    rounds: [] as RoundRow[],
    answers: [] as AnswerRow[],
    cardStates: [] as CardStateRow[],
    reviewLogs: [] as ReviewLogRow[],
    streaks: [] as (Streak & { userId: number })[],
    pointsLedger: [] as PointsRow[],
    appeals: [] as AppealRow[],
    deckMedia: [] as (DeckMedia & { id: number; deckId: number })[],
    cardImages: [] as { cardId: number; side: 0 | 1; position: number; name: string }[],
    userFsrs: [] as (StoredFsrsSettings & { userId: number })[],
  };
}

/** Inserts a row with the next serial id. */
export function push<T extends { id: number }>(table: T[], row: Omit<T, 'id'>): T {
  const stored = { ...row, id: (table.at(-1)?.id ?? 0) + 1 } as T;
  table.push(stored);
  return stored;
}

export function upsert<T>(table: T[], matches: (row: T) => boolean, row: T): void {
  const index = table.findIndex(matches);
  if (index < 0) table.push(row);
  else table[index] = row;
}

