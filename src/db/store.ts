/**
 * The Store port on drizzle-orm: a facade over one module per aggregate (users, decks, rounds and
 * answers, reviews, standings). Every multi-row write is one transaction; answers and reviews are
 * idempotent (unique per round+user, and per user+idempotency key).
 */
import type { Store } from '../core/ports.js';
import type { Db } from './connect.js';
import { acceptedAnswers, decideAppeal, fileAppeal, getAppeal, rejectedAnswers } from './appeals.js';
import { deckPackage, readCardImages } from './deck-package.js';
import { deckCards, findDeck, getCard, importDeck, listDecks } from './decks.js';
import { readFsrsSettings, readReviewLogEntries } from './fsrs-settings.js';
import { readCardState, readStreak } from './learner-rows.js';
import { dueCount, newCardsIntroducedSince, nextDueAt, nextReviewCard, recordReview } from './reviews.js';
import { RoundBook } from './rounds.js';
import { dueDays, leaderboard, studyDays, userStats, userStreaks } from './standings.js';
import { UserDirectory } from './users.js';

export interface StoreOptions {
  /** Told how many answers each committed transaction carried. */
  onAnswerBatch?: (answers: number) => void;
}

export function createStore(db: Db, options: StoreOptions = {}): Store {
  const people = new UserDirectory(db);
  const rounds = new RoundBook(db, options.onAnswerBatch);
  return {
    ensureUser: (identity) => people.ensureUser(identity),
    ensureWorkspace: (platform, externalId) => people.ensureWorkspace(platform, externalId),
    setTimeZone: (userId, timeZone) => people.setTimeZone(userId, timeZone),
    fsrsSettings: (userId) => readFsrsSettings(db, userId),
    saveFsrsSettings: (userId, settings) => people.saveFsrsSettings(userId, settings),
    reviewLogEntries: (userId) => readReviewLogEntries(db, userId),

    listDecks: (workspaceId) => listDecks(db, workspaceId),
    findDeck: (workspaceId, slug) => findDeck(db, workspaceId, slug),
    importDeck: (input) => importDeck(db, input),
    deckCards: (deckId) => deckCards(db, deckId),
    getCard: (cardId) => getCard(db, cardId),
    deckPackage: (deckId) => deckPackage(db, deckId),
    cardImages: (cardId) => readCardImages(db, cardId),

    createRound: (round) => rounds.createRound(round),
    getRound: (roundId) => rounds.getRound(roundId),
    roundForRequest: (requestKey) => rounds.roundForRequest(requestKey),
    roundForAnswer: (roundId) => rounds.roundForAnswer(roundId),
    setRoundMessageRef: (roundId, messageRef) => rounds.setRoundMessageRef(roundId, messageRef),
    recentRoundCards: (workspaceId, channelId, limit) => rounds.recentRoundCards(workspaceId, channelId, limit),
    roundAnswers: (roundId) => rounds.roundAnswers(roundId),
    findAnswer: (roundId, userId) => rounds.findAnswer(roundId, userId),
    markRevealed: (roundId, at, messageRef) => rounds.markRevealed(roundId, at, messageRef),
    recordAnswer: (input, decide) => rounds.recordAnswer(input, decide),

    recordReview: (input, decide) => recordReview(db, input, decide),
    cardState: (userId, cardId) => readCardState(db, userId, cardId),
    nextReviewCard: (input) => nextReviewCard(db, input),
    newCardsIntroducedSince: (userId, since) => newCardsIntroducedSince(db, userId, since),
    dueCount: (userId, deckIds, now) => dueCount(db, userId, deckIds, now),
    nextDueAt: (userId, deckIds) => nextDueAt(db, userId, deckIds),

    leaderboard: (input) => leaderboard(db, input),
    userStats: (userId, now) => userStats(db, userId, now),
    streak: (userId) => readStreak(db, userId),
    streaks: (userIds) => userStreaks(db, userIds),
    studyDays: (input) => studyDays(db, input),
    dueDays: (input) => dueDays(db, input),

    fileAppeal: (input) => fileAppeal(db, input),
    getAppeal: (appealId) => getAppeal(db, appealId),
    decideAppeal: (input, decide) => decideAppeal(db, input, decide),
    acceptedAnswers: (input) => acceptedAnswers(db, input),
    rejectedAnswers: (input) => rejectedAnswers(db, input),
  };
}
