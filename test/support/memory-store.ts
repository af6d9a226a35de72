/**
 * The Store port in memory, for core tests that need no database. It keeps the real store's contract
 * (test/db/store-contract.test.ts runs the same cases against both): one answer per round and user,
 * one review per user and idempotency key, a points ledger that standings are summed from, streaks and
 * card states as the last decision left them, integer day counts. Each write runs without an await, so
 * concurrent calls cannot interleave inside one. `tables` holds the rows, named as src/db/schema.ts
 * names their columns, for tests to inspect.
 */
import type { AnswerRecord, Card, DeckImportResult, DeckInfo, Leaderboard, Round, UserRef, UserStats } from '../../src/core/model.js';
import type { AnswerResult, NewRound, Platform, ReviewDecision, ReviewResult, Store, StoredFsrsSettings, UserIdentity, UserStreak } from '../../src/core/ports.js';
import type { ReviewLogEntry } from '../../src/core/scheduling/optimize.js';
import type { DueDay, StudyDay } from '../../src/core/pictures.js';
import { localDateOf } from '../../src/core/time.js';
import type { CardState } from '../../src/core/scheduling/fsrs.js';
import type { Streak } from '../../src/core/streaks.js';
import { MemoryAppeals } from './memory-appeals.js';
import { cardImages, deckPackage, replaceDeckMedia, writeImportedHistory } from './memory-packages.js';
import { emptyTables, push, upsert, type AnswerRow, type PointsRow } from './memory-tables.js';

type Input<M extends keyof Store> = Parameters<Store[M]>[0];

const DAY_MS = 86_400_000;

export class MemoryStore implements Store {
  readonly tables = emptyTables();
  /** quiz_rounds.request_key: the round each /quiz request opened. */
  private readonly requestKeys = new Map<string, number>();
  private readonly appeals = new MemoryAppeals(this.tables, (rows) => this.addPoints(...rows));

  async ensureWorkspace(platform: Platform, externalId: string): Promise<number> {
    return this.workspaceId(platform, externalId);
  }

  async ensureUser(identity: UserIdentity): Promise<UserRef> {
    const workspaceId = this.workspaceId(identity.platform, identity.workspaceExternalId);
    let user = this.tables.users.find((u) => u.workspaceId === workspaceId && u.externalId === identity.userExternalId);
    if (!user) {
      const row = { workspaceId, externalId: identity.userExternalId, displayName: identity.displayName, timeZone: identity.timeZone ?? 'UTC' };
      user = push(this.tables.users, row);
    }
    user.displayName = identity.displayName;
    if (identity.timeZone) user.timeZone = identity.timeZone;
    const { platform, workspaceExternalId } = identity;
    const fsrs = await this.fsrsSettings(user.id);
    const scheduling = fsrs && { parameters: fsrs.parameters, desiredRetention: fsrs.desiredRetention };
    return { userId: user.id, workspaceId, platform, workspaceExternalId, displayName: user.displayName, timeZone: user.timeZone, scheduling };
  }

  async fsrsSettings(userId: number): Promise<StoredFsrsSettings | null> {
    const row = this.tables.userFsrs.find((r) => r.userId === userId);
    if (!row) return null;
    const { userId: _user, ...settings } = row;
    return { ...settings, parameters: settings.parameters && [...settings.parameters] };
  }

  async saveFsrsSettings(userId: number, settings: StoredFsrsSettings): Promise<void> {
    upsert(this.tables.userFsrs, (r) => r.userId === userId, { ...settings, parameters: settings.parameters && [...settings.parameters], userId });
  }

  async reviewLogEntries(userId: number): Promise<ReviewLogEntry[]> {
    return this.tables.reviewLogs
      .filter((l) => l.userId === userId)
      .sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime() || a.id - b.id)
      .map(({ cardId, rating, state, reviewedAt }) => ({ cardId, rating, state, reviewedAt }));
  }

  async setTimeZone(userId: number, timeZone: string): Promise<void> {
    for (const user of this.tables.users) if (user.id === userId) user.timeZone = timeZone;
  }

  async listDecks(workspaceId: number): Promise<DeckInfo[]> {
    const visible = this.tables.decks.filter((d) => d.workspaceId === null || d.workspaceId === workspaceId);
    const bySlug = new Map<string, DeckInfo>();
    for (const deck of visible.sort((a, b) => compare(a.slug, b.slug))) {
      const cardCount = this.tables.cards.filter((c) => c.deckId === deck.id && !c.archived).length;
      const info = { id: deck.id, slug: deck.slug, title: deck.title, builtIn: deck.workspaceId === null, ownerId: deck.ownerId, cardCount };
      // A workspace deck shadows a built-in deck of the same slug.
      if (!bySlug.get(deck.slug) || bySlug.get(deck.slug)!.builtIn) bySlug.set(deck.slug, info);
    }
    return [...bySlug.values()];
  }

  async findDeck(workspaceId: number, slug: string): Promise<DeckInfo | null> {
    return (await this.listDecks(workspaceId)).find((deck) => deck.slug === slug) ?? null;
  }

  async importDeck(input: Input<'importDeck'>): Promise<DeckImportResult> {
    const { workspaceId, slug, title, source } = input;
    let deck = this.tables.decks.find((d) => d.workspaceId === workspaceId && d.slug === slug);
    if (!deck) deck = push(this.tables.decks, { workspaceId, slug, title, source, ownerId: input.ownerId ?? null });
    Object.assign(deck, { title, source });
    const result: DeckImportResult = { deckId: deck.id, added: 0, updated: 0, unchanged: 0, archived: 0 };
    const existing = this.tables.cards.filter((c) => c.deckId === deck.id);
    for (const [position, card] of input.cards.entries()) {
      const old = existing.find((c) => c.key === card.key);
      const fields = { front: card.front, back: card.back, tags: [...card.tags], position, archived: false, keyPoints: [...(card.keyPoints ?? [])], accepted: [...(card.accepted ?? [])], typed: card.typed ?? false };
      if (!old) {
        push(this.tables.cards, { deckId: deck.id, key: card.key, ...fields });
        result.added++;
      } else if (old.archived || JSON.stringify([old.front, old.back, old.tags, old.position, old.keyPoints, old.accepted, old.typed ?? false]) !== JSON.stringify([fields.front, fields.back, fields.tags, position, fields.keyPoints, fields.accepted, fields.typed])) {
        Object.assign(old, fields);
        result.updated++;
      } else {
        result.unchanged++;
      }
    }
    // Cards dropped from the file are archived, not deleted, so their review history survives.
    for (const card of existing) {
      if (!card.archived && !input.cards.some((c) => c.key === card.key)) {
        card.archived = true;
        result.archived++;
      }
    }
    const cardIds = new Map(this.tables.cards.filter((c) => c.deckId === deck.id && !c.archived).map((c) => [c.key, c.id]));
    if (input.media) replaceDeckMedia(this.tables, deck.id, input.media, input.cards, cardIds);
    if (input.history) result.history = writeImportedHistory(this.tables, input.history.userId, input.history.cards, cardIds);
    return result;
  }

  async deckPackage(deckId: number): ReturnType<Store['deckPackage']> {
    return deckPackage(this.tables, deckId);
  }

  async cardImages(cardId: number): ReturnType<Store['cardImages']> {
    return cardImages(this.tables, cardId);
  }

  async deckCards(deckId: number): Promise<Card[]> {
    return this.tables.cards.filter((c) => c.deckId === deckId && !c.archived).sort((a, b) => a.position - b.position).map(toCard);
  }

  async getCard(cardId: number): ReturnType<Store['getCard']> {
    const card = this.tables.cards.find((c) => c.id === cardId);
    const deck = card && this.tables.decks.find((d) => d.id === card.deckId)!;
    return card && deck ? { ...toCard(card), deckTitle: deck.title, deckWorkspaceId: deck.workspaceId } : null;
  }

  async createRound(round: NewRound): Promise<number> {
    const { card, deckTitle, requestKey, ...row } = round;
    // The key is unique, as the table's index makes it.
    if (requestKey !== undefined && this.requestKeys.has(requestKey)) throw new Error('duplicate key value violates unique constraint "quiz_rounds_request_key"');
    const id = push(this.tables.rounds, { ...row, choices: row.choices ?? null, cardId: card.id }).id;
    if (requestKey !== undefined) this.requestKeys.set(requestKey, id);
    return id;
  }

  async getRound(roundId: number): Promise<Round | null> {
    const row = this.tables.rounds.find((r) => r.id === roundId);
    const card = row && (await this.getCard(row.cardId));
    if (!row || !card) return null;
    const { cardId, ...round } = row;
    return { ...round, card: toCard(card), deckTitle: card.deckTitle };
  }

  async roundForRequest(requestKey: string): Promise<Round | null> {
    const id = this.requestKeys.get(requestKey);
    return id === undefined ? null : this.getRound(id);
  }

  roundForAnswer(roundId: number): Promise<Round | null> {
    return this.getRound(roundId);
  }

  async setRoundMessageRef(roundId: number, messageRef: string): Promise<void> {
    for (const round of this.tables.rounds) if (round.id === roundId) round.messageRef = messageRef;
  }

  async recentRoundCards(workspaceId: number, channelId: string, limit: number): Promise<number[]> {
    const rounds = this.tables.rounds.filter((r) => r.workspaceId === workspaceId && r.channelId === channelId);
    return rounds.sort((a, b) => b.id - a.id).slice(0, limit).map((r) => r.cardId);
  }

  async roundAnswers(roundId: number): Promise<AnswerRecord[]> {
    const rows = this.tables.answers.filter((a) => a.roundId === roundId);
    return rows.sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime() || a.id - b.id).map((a) => this.toAnswer(a));
  }

  async findAnswer(roundId: number, userId: number): Promise<AnswerRecord | null> {
    return this.answerOf(roundId, userId);
  }

  async markRevealed(roundId: number, at: Date, messageRef?: string): Promise<boolean> {
    const round = this.tables.rounds.find((r) => r.id === roundId && r.revealedAt === null);
    if (round) {
      round.revealedAt = at;
      round.messageRef ??= messageRef ?? null;
    }
    return Boolean(round);
  }

  async recordAnswer(...[input, decide]: Parameters<Store['recordAnswer']>): Promise<AnswerResult> {
    // Nothing here awaits: the round is checked, the answer decided and written as one step.
    const { round, userId, at } = input;
    const stored = this.tables.rounds.find((r) => r.id === round.id);
    if (!stored || stored.revealedAt !== null || (stored.closesAt !== null && stored.closesAt <= at)) return { status: 'closed' };
    const existing = this.answerOf(round.id, userId);
    if (existing) return { status: 'duplicate', existing };
    const roundAnswers = this.tables.answers.filter((a) => a.roundId === round.id);
    const priorCorrect = roundAnswers.filter((a) => a.correct).length;
    const decision = decideOrThrow(() => decide({ round, priorCorrect, cardState: this.cardStateNow(userId, round.card.id), streak: this.streakNow(userId) }));
    const points = decision.points.reduce((sum, entry) => sum + entry.amount, 0);
    const { choice, text, score, correct } = decision;
    const answer = push(this.tables.answers, { roundId: round.id, userId, choice, text, score, correct, points, idempotencyKey: input.idempotencyKey ?? null, answeredAt: at });
    this.writeLearning(userId, round.card.id, decision, `answer:${answer.id}`);
    this.addPoints(...decision.points.map(({ amount, reason }) => ({ workspaceId: round.workspaceId, userId, channelId: input.channelId, amount, reason, answerId: answer.id, at })));
    return { status: 'recorded', answerId: answer.id, decision, answerCount: roundAnswers.length + 1 };
  }

  async recordReview(...[input, decide]: Parameters<Store['recordReview']>): Promise<ReviewResult> {
    const { userId, cardId, idempotencyKey } = input;
    const decision = decide({ cardState: this.cardStateNow(userId, cardId), streak: this.streakNow(userId) });
    if (this.tables.reviewLogs.some((l) => l.userId === userId && l.idempotencyKey === idempotencyKey)) return { status: 'duplicate' };
    this.writeLearning(userId, cardId, decision, idempotencyKey);
    this.addPoints(...decision.points.map(({ amount, reason }) => ({ workspaceId: input.workspaceId, userId, channelId: input.channelId, amount, reason, at: input.at })));
    return { status: 'recorded', decision };
  }

  async cardState(userId: number, cardId: number): Promise<CardState | null> {
    return this.cardStateNow(userId, cardId);
  }

  async nextReviewCard(input: Input<'nextReviewCard'>): ReturnType<Store['nextReviewCard']> {
    const cards = this.tables.cards.filter((c) => input.deckIds.includes(c.deckId) && !c.archived);
    const due = this.tables.cardStates
      .filter((s) => s.userId === input.userId && s.due <= input.now && cards.some((c) => c.id === s.cardId))
      .sort((a, b) => a.due.getTime() - b.due.getTime() || a.cardId - b.cardId)[0];
    if (due) return { card: toCard(cards.find((c) => c.id === due.cardId)!), state: this.cardStateNow(input.userId, due.cardId) };
    if (!input.allowNew) return null;
    const fresh = cards
      .filter((c) => !this.tables.cardStates.some((s) => s.userId === input.userId && s.cardId === c.id))
      .sort((a, b) => a.deckId - b.deckId || a.position - b.position)[0];
    return fresh ? { card: toCard(fresh), state: null } : null;
  }

  async newCardsIntroducedSince(userId: number, since: Date): Promise<number> {
    const first = new Map<number, number>();
    for (const log of this.tables.reviewLogs.filter((l) => l.userId === userId)) {
      first.set(log.cardId, Math.min(first.get(log.cardId) ?? Infinity, log.reviewedAt.getTime()));
    }
    return [...first.values()].filter((at) => at >= since.getTime()).length;
  }

  async dueCount(userId: number, deckIds: number[], now: Date): Promise<number> {
    const cards = this.tables.cards.filter((c) => deckIds.includes(c.deckId) && !c.archived);
    return this.tables.cardStates.filter((s) => s.userId === userId && s.due <= now && cards.some((c) => c.id === s.cardId)).length;
  }

  async nextDueAt(userId: number, deckIds: number[]): Promise<Date | null> {
    const cards = this.tables.cards.filter((c) => deckIds.includes(c.deckId) && !c.archived);
    const dues = this.tables.cardStates.filter((s) => s.userId === userId && cards.some((c) => c.id === s.cardId)).map((s) => s.due.getTime());
    return dues.length > 0 ? new Date(Math.min(...dues)) : null;
  }

  async leaderboard(input: Input<'leaderboard'>): Promise<Leaderboard> {
    const totals = new Map<number, number>();
    for (const p of this.tables.pointsLedger) {
      if (p.workspaceId !== input.workspaceId || (input.channelId && p.channelId !== input.channelId) || (input.since && p.at < input.since)) continue;
      totals.set(p.userId, (totals.get(p.userId) ?? 0) + p.amount);
    }
    const ranked = [...totals]
      .filter(([, points]) => points > 0)
      .map(([userId, points]) => ({ userId, points, displayName: this.tables.users.find((u) => u.id === userId)!.displayName, rank: 0 }))
      .sort((a, b) => b.points - a.points || compare(a.displayName, b.displayName) || a.userId - b.userId);
    // Competition ranking: ties share a rank, and the next rank skips past them (1, 1, 3).
    ranked.forEach((entry, i) => (entry.rank = i > 0 && ranked[i - 1]!.points === entry.points ? ranked[i - 1]!.rank : i + 1));
    const me = ranked.find((entry) => entry.userId === input.userId) ?? null;
    return { top: ranked.slice(0, input.limit), me, players: ranked.length };
  }

  async userStats(userId: number, now: Date): Promise<UserStats> {
    const states = this.tables.cardStates.filter((s) => s.userId === userId);
    const recent = this.tables.reviewLogs.filter((l) => l.userId === userId && l.reviewedAt.getTime() >= now.getTime() - 30 * DAY_MS);
    const mature = recent.filter((l) => l.state === 2);
    const answers = this.tables.answers.filter((a) => a.userId === userId);
    return {
      cardsSeen: states.length,
      dueNow: states.filter((s) => s.due <= now && this.tables.cards.some((c) => c.id === s.cardId && !c.archived)).length,
      learned: states.filter((s) => s.state === 2).length,
      reviewsLast30Days: recent.length,
      retention: mature.length > 0 ? mature.filter((l) => l.rating > 1).length / mature.length : null,
      answers: answers.length,
      correctAnswers: answers.filter((a) => a.correct).length,
      points: this.tables.pointsLedger.filter((p) => p.userId === userId).reduce((sum, p) => sum + p.amount, 0),
    };
  }

  async streak(userId: number): Promise<Streak | null> {
    return this.streakNow(userId);
  }

  async streaks(userIds: readonly number[]): Promise<UserStreak[]> {
    return this.tables.streaks
      .filter((s) => userIds.includes(s.userId))
      .map((s) => ({ userId: s.userId, current: s.current, longest: s.longest, lastDay: s.lastDay, freezes: s.freezes ?? 0, timeZone: this.tables.users.find((u) => u.id === s.userId)!.timeZone }));
  }

  async studyDays(input: Input<'studyDays'>): Promise<StudyDay[]> {
    const days = new Map<string, StudyDay>();
    for (const log of this.tables.reviewLogs) {
      if (log.userId !== input.userId || log.reviewedAt < input.since) continue;
      const date = localDateOf(log.reviewedAt, input.timeZone);
      const day = days.get(date) ?? { date, reviews: 0, learnedReviews: 0, recalled: 0 };
      day.reviews++;
      if (log.state === 2) day.learnedReviews++;
      if (log.state === 2 && log.rating > 1) day.recalled++;
      days.set(date, day);
    }
    return [...days.values()].sort((a, b) => compare(a.date, b.date));
  }

  async dueDays(input: Input<'dueDays'>): Promise<DueDay[]> {
    const days = new Map<string, number>();
    for (const s of this.tables.cardStates) {
      if (s.userId !== input.userId || s.due >= input.until || !this.tables.cards.some((c) => c.id === s.cardId && !c.archived)) continue;
      const date = localDateOf(s.due, input.timeZone);
      days.set(date, (days.get(date) ?? 0) + 1);
    }
    return [...days].map(([date, due]) => ({ date, due })).sort((a, b) => compare(a.date, b.date));
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
    for (const row of rows) if (row.amount !== 0) push(this.tables.pointsLedger, { answerId: null, ...row });
  }

  private workspaceId(platform: Platform, externalId: string): number {
    const { workspaces } = this.tables;
    return (workspaces.find((w) => w.platform === platform && w.externalId === externalId) ?? push(workspaces, { platform, externalId })).id;
  }

  private answerOf(roundId: number, userId: number): AnswerRecord | null {
    const row = this.tables.answers.find((a) => a.roundId === roundId && a.userId === userId);
    return row ? this.toAnswer(row) : null;
  }

  private cardStateNow(userId: number, cardId: number): CardState | null {
    const row = this.tables.cardStates.find((s) => s.userId === userId && s.cardId === cardId);
    if (!row) return null;
    const { userId: _user, cardId: _card, ...state } = row;
    return state;
  }

  private streakNow(userId: number): Streak | null {
    const row = this.tables.streaks.find((s) => s.userId === userId);
    return row ? { current: row.current, longest: row.longest, lastDay: row.lastDay, freezes: row.freezes ?? 0 } : null;
  }

  /** The review log, card state and streak a decision leaves; day counts are integer columns in the real store. */
  private writeLearning(userId: number, cardId: number, decision: ReviewDecision, key: string): void {
    const { state, log, streak, source } = decision;
    push(this.tables.reviewLogs, { ...log, ...wholeDays(log), lastElapsedDays: Math.round(log.lastElapsedDays), userId, cardId, source, idempotencyKey: key });
    upsert(this.tables.cardStates, (s) => s.userId === userId && s.cardId === cardId, { ...state, ...wholeDays(state), userId, cardId });
    upsert(this.tables.streaks, (s) => s.userId === userId, { ...streak, userId });
  }

  private toAnswer({ roundId: _round, idempotencyKey: _key, ...row }: AnswerRow): AnswerRecord {
    const acceptedOnAppeal = this.tables.appeals.some((a) => a.answerId === row.id && a.status === 'accepted');
    return { ...row, displayName: this.tables.users.find((u) => u.id === row.userId)!.displayName, acceptedOnAppeal };
  }
}

function toCard({ id, deckId, front, back, tags, position, keyPoints, accepted, typed }: Card): Card {
  return { id, deckId, front, back, tags: [...tags], position, keyPoints: [...keyPoints], accepted: [...accepted], typed: typed ?? false };
}

function wholeDays(values: { elapsedDays: number; scheduledDays: number; learningSteps: number }) {
  return { elapsedDays: Math.round(values.elapsedDays), scheduledDays: Math.round(values.scheduledDays), learningSteps: Math.round(values.learningSteps) };
}

/** The real store hands back what `decide` threw, as an Error. */
function decideOrThrow<T>(decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    throw error instanceof Error ? error : new Error(String(error));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

