/**
 * The Store port in memory, for core tests that need no database. It keeps the real store's contract
 * (test/db/store-contract.test.ts runs the same cases against both): one answer per round and user,
 * one review per user and idempotency key, a points ledger that standings are summed from, streaks and
 * card states as the last decision left them, integer day counts. Each write runs without an await, so
 * concurrent calls cannot interleave inside one. `tables` holds the rows, named as src/db/schema.ts
 * names their columns, for tests to inspect.
 */
import type { AnswerRecord, Card, DeckImportResult, DeckInfo, Leaderboard, Round, UserRef, UserStats } from '../../src/core/model.js';
import type { AnswerResult, NewRound, Platform, ReviewResult, Store, StoredFsrsSettings, UserIdentity, UserStreak } from '../../src/core/ports.js';
import type { ReviewLogEntry } from '../../src/core/scheduling/optimize.js';
import type { DueDay, StudyDay } from '../../src/core/pictures.js';
import type { CardState } from '../../src/core/scheduling/fsrs.js';
import type { Streak } from '../../src/core/streaks.js';
import { MemoryAppeals } from './memory-appeals.js';
import { cardImages, deckPackage } from './memory-packages.js';
import { emptyTables, type PointsRow } from './memory-tables.js';
import * as answers from './memory-store/answers.js';
import * as decks from './memory-store/decks.js';
import * as due from './memory-store/due.js';
import * as learning from './memory-store/learning.js';
import * as pictures from './memory-store/pictures.js';
import * as rounds from './memory-store/rounds.js';
import type { Input } from './memory-store/rows.js';
import * as standings from './memory-store/standings.js';
import * as users from './memory-store/users.js';

/**
 * The store's public face. The rows live in `tables` (memory-tables.ts); the work is done by the modules
 * under memory-store/: users, decks, rounds, answers, learning, due, standings and pictures, with
 * appeals in memory-appeals.ts and Anki packages in memory-packages.ts.
 */
export class MemoryStore implements Store {
  readonly tables = emptyTables();
  /** quiz_rounds.request_key: the round each /quiz request opened. */
  private readonly requestKeys = new Map<string, number>();
  private readonly appeals = new MemoryAppeals(this.tables, (rows) => this.addPoints(...rows));

  async ensureWorkspace(platform: Platform, externalId: string): Promise<number> {
    return users.workspaceIdOf(this.tables, platform, externalId);
  }

  ensureUser(identity: UserIdentity): Promise<UserRef> {
    return users.ensureUser(this, identity);
  }

  async fsrsSettings(userId: number): Promise<StoredFsrsSettings | null> {
    return users.fsrsSettings(this.tables, userId);
  }

  async saveFsrsSettings(userId: number, settings: StoredFsrsSettings): Promise<void> {
    users.saveFsrsSettings(this.tables, userId, settings);
  }

  async reviewLogEntries(userId: number): Promise<ReviewLogEntry[]> {
    return users.reviewLogEntries(this.tables, userId);
  }

  async setTimeZone(userId: number, timeZone: string): Promise<void> {
    users.setTimeZone(this.tables, userId, timeZone);
  }

  async listDecks(workspaceId: number): Promise<DeckInfo[]> {
    return decks.listDecks(this.tables, workspaceId);
  }

  findDeck(workspaceId: number, slug: string): Promise<DeckInfo | null> {
    return decks.findDeck(this, workspaceId, slug);
  }

  async importDeck(input: Input<'importDeck'>): Promise<DeckImportResult> {
    return decks.importDeck(this.tables, input);
  }

  async deckPackage(deckId: number): ReturnType<Store['deckPackage']> {
    return deckPackage(this.tables, deckId);
  }

  async cardImages(cardId: number): ReturnType<Store['cardImages']> {
    return cardImages(this.tables, cardId);
  }

  async deckCards(deckId: number): Promise<Card[]> {
    return decks.deckCards(this.tables, deckId);
  }

  async getCard(cardId: number): ReturnType<Store['getCard']> {
    return decks.getCard(this.tables, cardId);
  }

  async createRound(round: NewRound): Promise<number> {
    return rounds.createRound(this.tables, this.requestKeys, round);
  }

  getRound(roundId: number): Promise<Round | null> {
    return rounds.getRound(this, roundId);
  }

  roundForRequest(requestKey: string): Promise<Round | null> {
    return rounds.roundForRequest(this, this.requestKeys, requestKey);
  }

  roundForAnswer(roundId: number): Promise<Round | null> {
    return this.getRound(roundId);
  }

  async setRoundMessageRef(roundId: number, messageRef: string): Promise<void> {
    rounds.setRoundMessageRef(this.tables, roundId, messageRef);
  }

  async recentRoundCards(workspaceId: number, channelId: string, limit: number): Promise<number[]> {
    return rounds.recentRoundCards(this.tables, workspaceId, channelId, limit);
  }

  async roundAnswers(roundId: number): Promise<AnswerRecord[]> {
    return answers.roundAnswers(this.tables, roundId);
  }

  async findAnswer(roundId: number, userId: number): Promise<AnswerRecord | null> {
    return answers.answerOf(this.tables, roundId, userId);
  }

  async markRevealed(roundId: number, at: Date, messageRef?: string): Promise<boolean> {
    return rounds.markRevealed(this.tables, roundId, at, messageRef);
  }

  async recordAnswer(...args: Parameters<Store['recordAnswer']>): Promise<AnswerResult> {
    return answers.recordAnswer(this, ...args);
  }

  async recordReview(...args: Parameters<Store['recordReview']>): Promise<ReviewResult> {
    return learning.recordReview(this, ...args);
  }

  async cardState(userId: number, cardId: number): Promise<CardState | null> {
    return learning.cardStateNow(this.tables, userId, cardId);
  }

  async nextReviewCard(input: Input<'nextReviewCard'>): ReturnType<Store['nextReviewCard']> {
    return due.nextReviewCard(this.tables, input);
  }

  async newCardsIntroducedSince(userId: number, since: Date): Promise<number> {
    return due.newCardsIntroducedSince(this.tables, userId, since);
  }

  async dueCount(userId: number, deckIds: number[], now: Date): Promise<number> {
    return due.dueCount(this.tables, userId, deckIds, now);
  }

  async nextDueAt(userId: number, deckIds: number[]): Promise<Date | null> {
    return due.nextDueAt(this.tables, userId, deckIds);
  }

  async leaderboard(input: Input<'leaderboard'>): Promise<Leaderboard> {
    return standings.leaderboard(this.tables, input);
  }

  async userStats(userId: number, now: Date): Promise<UserStats> {
    return standings.userStats(this.tables, userId, now);
  }

  async streak(userId: number): Promise<Streak | null> {
    return learning.streakNow(this.tables, userId);
  }

  async streaks(userIds: readonly number[]): Promise<UserStreak[]> {
    return standings.streaks(this.tables, userIds);
  }

  async studyDays(input: Input<'studyDays'>): Promise<StudyDay[]> {
    return pictures.studyDays(this.tables, input);
  }

  async dueDays(input: Input<'dueDays'>): Promise<DueDay[]> {
    return pictures.dueDays(this.tables, input);
  }

  async fileAppeal(input: Input<'fileAppeal'>): ReturnType<Store['fileAppeal']> {
    return this.appeals.file(input);
  }

  async getAppeal(appealId: number): ReturnType<Store['getAppeal']> {
    return this.appeals.get(appealId);
  }

  async decideAppeal(...args: Parameters<Store['decideAppeal']>): ReturnType<Store['decideAppeal']> {
    return this.appeals.decide(...args);
  }

  async acceptedAnswers(input: Input<'acceptedAnswers'>): ReturnType<Store['acceptedAnswers']> {
    return this.appeals.accepted(input);
  }

  async rejectedAnswers(input: Input<'rejectedAnswers'>): ReturnType<Store['rejectedAnswers']> {
    return this.appeals.rejected(input);
  }

  /** Adds ledger rows as the store writes them (zero amounts are not written); tests seed points this way. */
  addPoints(...rows: (Omit<PointsRow, 'id' | 'answerId'> & { answerId?: number | null })[]): void {
    standings.addPoints(this.tables, rows);
  }
}
