/**
 * The Store port on drizzle-orm. Every multi-row write is one transaction; answers and reviews are
 * idempotent (unique per round+user, and per user+idempotency key).
 */
import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type {
  AnswerContext,
  AnswerDecision,
  AnswerResult,
  NewRound,
  PointsEntry,
  ReviewDecision,
  ReviewResult,
  Store,
  UserIdentity,
} from '../core/ports.js';
import type { Platform } from '../core/ports.js';
import type { AnswerRecord, Card, DeckImportResult, DeckInfo, Leaderboard, Round, UserRef, UserStats } from '../core/model.js';
import type { CardState, ReviewRecord } from '../core/scheduling/fsrs.js';
import type { Streak } from '../core/streaks.js';
import type { QuizMode } from '../core/commands.js';
import type { Db } from './connect.js';
import { AnswerBatcher } from './answer-batch.js';
import { findAnswer, toAnswer } from './answer-rows.js';
import { cardStateColumns, reviewLogColumns } from './fsrs-columns.js';
import { msToDate, queryRows, type Queryable, type Tx } from './rows.js';
import {
  answers,
  cardStates,
  cards,
  decks,
  pointsLedger,
  quizRounds,
  reviewLogs,
  streaks,
  users,
  workspaces,
} from './schema.js';

/** Thrown inside a transaction to roll it back when a retried review turns out to be a duplicate. */
class DuplicateReview extends Error {}

export interface StoreOptions {
  /** Told how many answers each committed transaction carried. */
  onAnswerBatch?: (answers: number) => void;
}

export function createStore(db: Db, options: StoreOptions = {}): Store {
  return new DrizzleStore(db, options);
}

/**
 * Every command starts by resolving its user, so user rows are cached briefly instead of upserted each
 * time. The TTL bounds how long another replica's /timezone change takes to show here.
 */
const USER_CACHE_TTL_MS = 60_000;
const USER_CACHE_SIZE = 10_000;
/**
 * Every button press and form reads its round, which only a reveal changes (and recordAnswer re-checks
 * that under the lock), so answering reads rounds from a short cache. A re-imported card shows its new
 * text on open rounds within this TTL.
 */
const ROUND_CACHE_TTL_MS = 60_000;
const ROUND_CACHE_SIZE = 10_000;

class DrizzleStore implements Store {
  /** Workspace rows are never renamed, so their ids are cached for the life of the process. */
  private readonly workspaceIds = new Map<string, number>();
  private readonly users = new ExpiringCache<UserRef>(USER_CACHE_SIZE, USER_CACHE_TTL_MS);
  private readonly rounds = new ExpiringCache<Round>(ROUND_CACHE_SIZE, ROUND_CACHE_TTL_MS);
  private readonly answers: AnswerBatcher;

  constructor(
    private readonly db: Db,
    options: StoreOptions,
  ) {
    this.answers = new AnswerBatcher(db, { onBatch: options.onAnswerBatch });
  }

  async ensureWorkspace(platform: Platform, externalId: string): Promise<number> {
    const key = `${platform}\u0000${externalId}`;
    const known = this.workspaceIds.get(key);
    if (known !== undefined) return known;
    const [row] = await this.db
      .insert(workspaces)
      .values({ platform, externalId })
      .onConflictDoUpdate({ target: [workspaces.platform, workspaces.externalId], set: { platform } })
      .returning({ id: workspaces.id });
    this.workspaceIds.set(key, row!.id);
    return row!.id;
  }

  async ensureUser(identity: UserIdentity): Promise<UserRef> {
    const key = `${identity.platform}\u0000${identity.workspaceExternalId}\u0000${identity.userExternalId}`;
    const cached = this.users.get(key, Date.now());
    if (
      cached &&
      cached.displayName === identity.displayName &&
      (identity.timeZone === undefined || identity.timeZone === cached.timeZone)
    ) {
      return cached;
    }
    const workspaceId = await this.ensureWorkspace(identity.platform, identity.workspaceExternalId);
    const set: Partial<typeof users.$inferInsert> = { displayName: identity.displayName };
    if (identity.timeZone) set.timeZone = identity.timeZone;
    const [row] = await this.db
      .insert(users)
      .values({
        workspaceId,
        externalId: identity.userExternalId,
        displayName: identity.displayName,
        timeZone: identity.timeZone ?? 'UTC',
      })
      .onConflictDoUpdate({ target: [users.workspaceId, users.externalId], set })
      .returning({ id: users.id, displayName: users.displayName, timeZone: users.timeZone });
    const ref: UserRef = {
      userId: row!.id,
      workspaceId,
      platform: identity.platform,
      workspaceExternalId: identity.workspaceExternalId,
      displayName: row!.displayName,
      timeZone: row!.timeZone,
    };
    this.users.set(key, ref, Date.now());
    return ref;
  }

  async setTimeZone(userId: number, timeZone: string): Promise<void> {
    await this.db.update(users).set({ timeZone }).where(eq(users.id, userId));
    this.users.deleteWhere((ref) => ref.userId === userId);
  }

  async listDecks(workspaceId: number): Promise<DeckInfo[]> {
    const rows = await this.db
      .select({
        id: decks.id,
        slug: decks.slug,
        title: decks.title,
        workspaceId: decks.workspaceId,
        // Explicit aliases: unqualified columns in a correlated subquery would resolve to the inner table.
        cardCount: sql<number>`(select count(*)::int from cards c where c.deck_id = "decks"."id" and not c.archived)`,
      })
      .from(decks)
      .where(sql`${decks.workspaceId} is null or ${decks.workspaceId} = ${workspaceId}`)
      .orderBy(asc(decks.slug));
    // A workspace deck shadows a built-in deck of the same slug.
    const bySlug = new Map<string, DeckInfo>();
    for (const row of rows) {
      const info: DeckInfo = { id: row.id, slug: row.slug, title: row.title, builtIn: row.workspaceId === null, cardCount: Number(row.cardCount) };
      const seen = bySlug.get(row.slug);
      if (!seen || seen.builtIn) bySlug.set(row.slug, info);
    }
    return [...bySlug.values()];
  }

  async findDeck(workspaceId: number, slug: string): Promise<DeckInfo | null> {
    const all = await this.listDecks(workspaceId);
    return all.find((deck) => deck.slug === slug) ?? null;
  }

  async importDeck(input: Parameters<Store['importDeck']>[0]): Promise<DeckImportResult> {
    return this.db.transaction(async (tx) => {
      const [deck] = await tx
        .insert(decks)
        .values({ workspaceId: input.workspaceId, slug: input.slug, title: input.title, source: input.source })
        .onConflictDoUpdate({
          target: [decks.workspaceId, decks.slug],
          set: { title: input.title, source: input.source, updatedAt: sql`now()` },
        })
        .returning({ id: decks.id });
      const deckId = deck!.id;
      const existing = await tx.select().from(cards).where(eq(cards.deckId, deckId));
      const byKey = new Map(existing.map((card) => [card.key, card]));
      const result: DeckImportResult = { deckId, added: 0, updated: 0, unchanged: 0, archived: 0 };
      const keep = new Set<string>();
      for (const [position, card] of input.cards.entries()) {
        keep.add(card.key);
        const old = byKey.get(card.key);
        if (!old) {
          await tx.insert(cards).values({ deckId, key: card.key, front: card.front, back: card.back, tags: card.tags, position });
          result.added++;
        } else if (
          old.front !== card.front ||
          old.back !== card.back ||
          old.position !== position ||
          old.archived ||
          old.tags.join('\u0000') !== card.tags.join('\u0000')
        ) {
          await tx
            .update(cards)
            .set({ front: card.front, back: card.back, tags: card.tags, position, archived: false })
            .where(eq(cards.id, old.id));
          result.updated++;
        } else {
          result.unchanged++;
        }
      }
      // Cards dropped from the file are archived, not deleted, so their review history survives.
      const dropped = existing.filter((card) => !keep.has(card.key) && !card.archived).map((card) => card.id);
      if (dropped.length > 0) {
        await tx.update(cards).set({ archived: true }).where(inArray(cards.id, dropped));
        result.archived = dropped.length;
      }
      return result;
    });
  }

  async deckCards(deckId: number): Promise<Card[]> {
    const rows = await this.db
      .select()
      .from(cards)
      .where(and(eq(cards.deckId, deckId), eq(cards.archived, false)))
      .orderBy(asc(cards.position));
    return rows.map(toCard);
  }

  async getCard(cardId: number) {
    const [row] = await this.db
      .select({ card: cards, deckTitle: decks.title, deckWorkspaceId: decks.workspaceId })
      .from(cards)
      .innerJoin(decks, eq(decks.id, cards.deckId))
      .where(eq(cards.id, cardId));
    return row ? { ...toCard(row.card), deckTitle: row.deckTitle, deckWorkspaceId: row.deckWorkspaceId } : null;
  }

  async createRound(round: NewRound): Promise<number> {
    const [row] = await this.db
      .insert(quizRounds)
      .values({
        workspaceId: round.workspaceId,
        channelId: round.channelId,
        cardId: round.card.id,
        mode: round.mode,
        choices: round.choices,
        correctChoice: round.correctChoice,
        opensAt: round.opensAt,
        closesAt: round.closesAt,
        createdBy: round.createdBy,
        source: round.source,
      })
      .returning({ id: quizRounds.id });
    const id = row!.id;
    // Answers usually reach the replica that posted the question: it need not read the round back.
    this.rounds.set(String(id), { ...round, id }, Date.now());
    return id;
  }

  async getRound(roundId: number): Promise<Round | null> {
    return getRound(this.db, roundId);
  }

  async roundForAnswer(roundId: number): Promise<Round | null> {
    const key = String(roundId);
    const cached = this.rounds.get(key, Date.now());
    if (cached) return cached;
    const round = await getRound(this.db, roundId);
    // Unknown ids are not cached: they are forged or typos, and must not push real rounds out.
    if (round) this.rounds.set(key, round, Date.now());
    return round;
  }

  async setRoundMessageRef(roundId: number, messageRef: string): Promise<void> {
    await this.db.update(quizRounds).set({ messageRef }).where(eq(quizRounds.id, roundId));
    const cached = this.rounds.get(String(roundId), Date.now());
    if (cached) this.rounds.set(String(roundId), { ...cached, messageRef }, Date.now());
  }

  async recentRoundCards(workspaceId: number, channelId: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .select({ cardId: quizRounds.cardId })
      .from(quizRounds)
      .where(and(eq(quizRounds.workspaceId, workspaceId), eq(quizRounds.channelId, channelId)))
      .orderBy(sql`${quizRounds.id} desc`)
      .limit(limit);
    return rows.map((row) => row.cardId);
  }

  async countAnswers(roundId: number): Promise<number> {
    return countAnswers(this.db, roundId);
  }

  async roundAnswers(roundId: number): Promise<AnswerRecord[]> {
    const rows = await this.db
      .select({ answer: answers, displayName: users.displayName })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId))
      .where(eq(answers.roundId, roundId))
      .orderBy(asc(answers.answeredAt), asc(answers.id));
    return rows.map((row) => toAnswer(row.answer, row.displayName));
  }

  async findAnswer(roundId: number, userId: number): Promise<AnswerRecord | null> {
    return findAnswer(this.db, roundId, userId);
  }

  async markRevealed(roundId: number, at: Date): Promise<boolean> {
    this.rounds.delete(String(roundId));
    const rows = await this.db
      .update(quizRounds)
      .set({ revealedAt: at })
      .where(and(eq(quizRounds.id, roundId), isNull(quizRounds.revealedAt)))
      .returning({ id: quizRounds.id });
    return rows.length > 0;
  }

  recordAnswer(
    input: { round: Round; userId: number; channelId: string; at: Date; idempotencyKey?: string },
    decide: (context: AnswerContext) => AnswerDecision,
  ): Promise<AnswerResult> {
    // The hot path of the bot: concurrent answers share one transaction (see answer-batch.ts).
    return this.answers.record(input, decide);
  }

  async recordReview(
    input: { userId: number; workspaceId: number; channelId: string; cardId: number; at: Date; idempotencyKey: string },
    decide: (context: { cardState: CardState | null; streak: Streak | null }) => ReviewDecision,
  ): Promise<ReviewResult> {
    try {
      return await this.db.transaction(async (tx) => {
        const cardState = await readCardState(tx, input.userId, input.cardId);
        const streak = await readStreak(tx, input.userId);
        const decision = decide({ cardState, streak });
        const inserted = await writeReview(tx, {
          userId: input.userId,
          cardId: input.cardId,
          decision,
          idempotencyKey: input.idempotencyKey,
        });
        if (!inserted) throw new DuplicateReview();
        await writePoints(tx, { ...input, answerId: null, points: decision.points });
        return { status: 'recorded', decision } as const;
      });
    } catch (error) {
      if (error instanceof DuplicateReview) return { status: 'duplicate' };
      throw error;
    }
  }

  async cardState(userId: number, cardId: number): Promise<CardState | null> {
    return readCardState(this.db, userId, cardId);
  }

  async nextReviewCard(input: { userId: number; deckIds: number[]; now: Date; allowNew: boolean }) {
    if (input.deckIds.length === 0) return null;
    const [due] = await this.db
      .select({ card: cards, state: cardStates })
      .from(cardStates)
      .innerJoin(cards, eq(cards.id, cardStates.cardId))
      .where(
        and(
          eq(cardStates.userId, input.userId),
          inArray(cards.deckId, input.deckIds),
          eq(cards.archived, false),
          lte(cardStates.due, input.now),
        ),
      )
      .orderBy(asc(cardStates.due), asc(cards.id))
      .limit(1);
    if (due) return { card: toCard(due.card), state: toCardState(due.state) };
    if (!input.allowNew) return null;
    const [fresh] = await this.db
      .select({ card: cards })
      .from(cards)
      .leftJoin(cardStates, and(eq(cardStates.cardId, cards.id), eq(cardStates.userId, input.userId)))
      .where(and(inArray(cards.deckId, input.deckIds), eq(cards.archived, false), isNull(cardStates.cardId)))
      .orderBy(asc(cards.deckId), asc(cards.position))
      .limit(1);
    return fresh ? { card: toCard(fresh.card), state: null } : null;
  }

  async newCardsIntroducedSince(userId: number, since: Date): Promise<number> {
    const rows = await queryRows<{ n: number }>(this.db, sql`
      select count(*)::int as n from (
        select card_id from ${reviewLogs} where user_id = ${userId} group by card_id
        having min(reviewed_at) >= ${since.toISOString()}::timestamptz
      ) first_reviews`);
    return Number(rows[0]?.n ?? 0);
  }

  async dueCount(userId: number, deckIds: number[], now: Date): Promise<number> {
    if (deckIds.length === 0) return 0;
    const [row] = await this.db
      .select({ n: count() })
      .from(cardStates)
      .innerJoin(cards, eq(cards.id, cardStates.cardId))
      .where(
        and(eq(cardStates.userId, userId), inArray(cards.deckId, deckIds), eq(cards.archived, false), lte(cardStates.due, now)),
      );
    return Number(row?.n ?? 0);
  }

  async leaderboard(input: { workspaceId: number; channelId?: string; since?: Date; userId: number; limit: number }): Promise<Leaderboard> {
    const channelFilter = input.channelId ? sql`and channel_id = ${input.channelId}` : sql``;
    const sinceFilter = input.since ? sql`and at >= ${input.since.toISOString()}::timestamptz` : sql``;
    const rows = await queryRows<{ user_id: number; display_name: string; points: number; rank: number; players: number }>(this.db, sql`
      with totals as (
        select user_id, sum(amount)::int as points
        from ${pointsLedger}
        where workspace_id = ${input.workspaceId} ${channelFilter} ${sinceFilter}
        group by user_id
        having sum(amount) > 0
      ), ranked as (
        select t.user_id, u.display_name, t.points,
               rank() over (order by t.points desc)::int as rank,
               row_number() over (order by t.points desc, u.display_name, t.user_id)::int as position,
               count(*) over ()::int as players
        from totals t join ${users} u on u.id = t.user_id
      )
      select user_id, display_name, points, rank, players from ranked
      where position <= ${input.limit} or user_id = ${input.userId}
      order by position`);
    const entries = rows.map((row) => ({
      rank: Number(row.rank),
      userId: Number(row.user_id),
      displayName: row.display_name,
      points: Number(row.points),
    }));
    const top = entries.slice(0, input.limit);
    return {
      top,
      me: entries.find((entry) => entry.userId === input.userId) ?? null,
      players: Number(rows[0]?.players ?? 0),
    };
  }

  async userStats(userId: number, now: Date): Promise<UserStats> {
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const [row = {}] = await queryRows<Record<string, number>>(this.db, sql`
      select
        (select count(*)::int from ${cardStates} where user_id = ${userId}) as cards_seen,
        (select count(*)::int from ${cardStates} cs join ${cards} c on c.id = cs.card_id
           where cs.user_id = ${userId} and not c.archived and cs.due <= ${now.toISOString()}::timestamptz) as due_now,
        (select count(*)::int from ${cardStates} where user_id = ${userId} and state = 2) as learned,
        (select count(*)::int from ${reviewLogs} where user_id = ${userId} and reviewed_at >= ${monthAgo}::timestamptz) as reviews_30,
        (select count(*)::int from ${reviewLogs} where user_id = ${userId} and reviewed_at >= ${monthAgo}::timestamptz and state = 2) as mature_30,
        (select count(*)::int from ${reviewLogs} where user_id = ${userId} and reviewed_at >= ${monthAgo}::timestamptz and state = 2 and rating > 1) as mature_ok_30,
        (select count(*)::int from ${answers} where user_id = ${userId}) as answers,
        (select count(*)::int from ${answers} where user_id = ${userId} and correct) as correct_answers,
        (select coalesce(sum(amount), 0)::int from ${pointsLedger} where user_id = ${userId}) as points`);
    const mature = Number(row.mature_30 ?? 0);
    return {
      cardsSeen: Number(row.cards_seen ?? 0),
      dueNow: Number(row.due_now ?? 0),
      learned: Number(row.learned ?? 0),
      reviewsLast30Days: Number(row.reviews_30 ?? 0),
      retention: mature > 0 ? Number(row.mature_ok_30 ?? 0) / mature : null,
      answers: Number(row.answers ?? 0),
      correctAnswers: Number(row.correct_answers ?? 0),
      points: Number(row.points ?? 0),
    };
  }

  async streak(userId: number): Promise<Streak | null> {
    return readStreak(this.db, userId);
  }
}

/** A small LRU with expiry (Map keeps insertion order, so the first key is the least recently set). */
class ExpiringCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(predicate: (value: T) => boolean): void {
    for (const [key, entry] of this.entries) if (predicate(entry.value)) this.entries.delete(key);
  }
}

async function getRound(db: Queryable, roundId: number): Promise<Round | null> {
  const [row] = await db
    .select({ round: quizRounds, card: cards, deckTitle: decks.title })
    .from(quizRounds)
    .innerJoin(cards, eq(cards.id, quizRounds.cardId))
    .innerJoin(decks, eq(decks.id, cards.deckId))
    .where(eq(quizRounds.id, roundId));
  if (!row) return null;
  const r = row.round;
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    channelId: r.channelId,
    card: toCard(row.card),
    deckTitle: row.deckTitle,
    mode: r.mode as QuizMode,
    choices: r.choices ?? null,
    correctChoice: r.correctChoice,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    messageRef: r.messageRef,
    source: r.source === 'daily' || r.source === 'game' ? r.source : 'quiz',
    revealedAt: r.revealedAt,
    createdBy: r.createdBy,
  };
}

async function countAnswers(db: Queryable, roundId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(answers).where(eq(answers.roundId, roundId));
  return Number(row?.n ?? 0);
}

async function readCardState(db: Queryable, userId: number, cardId: number): Promise<CardState | null> {
  const [row] = await db
    .select()
    .from(cardStates)
    .where(and(eq(cardStates.userId, userId), eq(cardStates.cardId, cardId)));
  return row ? toCardState(row) : null;
}

async function readStreak(db: Queryable, userId: number): Promise<Streak | null> {
  const [row] = await db.select().from(streaks).where(eq(streaks.userId, userId));
  return row ? { current: row.current, longest: row.longest, lastDay: row.lastDay, freezes: row.freezes } : null;
}

/** Writes the review log (once per key), the new card state and the streak. False if the key was used already. */
async function writeReview(
  tx: Tx,
  input: { userId: number; cardId: number; decision: ReviewDecision; idempotencyKey: string },
): Promise<boolean> {
  const { state, log, streak, source } = input.decision;
  const inserted = await tx
    .insert(reviewLogs)
    .values({ userId: input.userId, cardId: input.cardId, ...reviewLogColumns(log), source, idempotencyKey: input.idempotencyKey })
    .onConflictDoNothing({ target: [reviewLogs.userId, reviewLogs.idempotencyKey] })
    .returning({ id: reviewLogs.id });
  if (inserted.length === 0) return false;
  const columns = cardStateColumns(state);
  await tx
    .insert(cardStates)
    .values({ userId: input.userId, cardId: input.cardId, ...columns })
    .onConflictDoUpdate({ target: [cardStates.userId, cardStates.cardId], set: columns });
  await tx
    .insert(streaks)
    .values({ userId: input.userId, ...streak })
    .onConflictDoUpdate({ target: streaks.userId, set: { ...streak } });
  return true;
}

async function writePoints(
  tx: Tx,
  input: { workspaceId: number; userId: number; channelId: string; at: Date; answerId: number | null; points: PointsEntry[] },
): Promise<void> {
  const rows = input.points
    .filter((entry) => entry.amount !== 0)
    .map((entry) => ({
      workspaceId: input.workspaceId,
      userId: input.userId,
      channelId: input.channelId,
      amount: entry.amount,
      reason: entry.reason,
      answerId: input.answerId,
      at: input.at,
    }));
  if (rows.length > 0) await tx.insert(pointsLedger).values(rows);
}

function toCard(row: typeof cards.$inferSelect): Card {
  return { id: row.id, deckId: row.deckId, front: row.front, back: row.back, tags: row.tags, position: row.position };
}

function toCardState(row: typeof cardStates.$inferSelect): CardState {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsedDays,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    lastReview: row.lastReview,
  };
}

