import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { isDue } from '../../src/core/decisions.js';
import { applyRating } from '../../src/core/scheduling/fsrs.js';
import { buildId } from '../../src/core/ids.js';
import type { Round } from '../../src/core/model.js';
import type { AnswerResult } from '../../src/core/ports.js';
import { decideAnswer } from '../../src/core/quiz.js';
import { AnswerBatcher, mayComeFromOneAnswer, type AnswerInput, type Decide } from '../../src/db/answer-batch.js';
import type { Database, Db } from '../../src/db/connect.js';
import { answers, cardStates, pointsLedger, reviewLogs, streaks } from '../../src/db/schema.js';
import { cardStateColumns } from '../../src/db/learner-rows.js';
import { queryRows } from '../../src/db/rows.js';
import { createStore } from '../../src/db/store.js';
import { dbTargets, withDb } from '../support/db.js';
import { DAY, HOUR, makeBot, type TestBot } from '../support/core.js';

/** Opens daily MCQ rounds in chan-1 for the given cards of the gan deck (by position). */
async function openRounds(t: TestBot, cardIndexes: number[]): Promise<Round[]> {
  const deck = (await t.store.findDeck(-1, 'gan'))!;
  const cards = await t.store.deckCards(deck.id);
  const rounds: Round[] = [];
  for (const index of cardIndexes) {
    const { roundId } = await t.bot.openChannelRound({
      channel: { platform: 'discord', workspaceId: 'guild-1', channelId: 'chan-1' },
      deckId: deck.id,
      cardId: cards[index]!.id,
      mode: 'mcq',
      closesAt: new Date(t.clock.now().getTime() + 12 * HOUR),
      source: 'daily',
    });
    rounds.push((await t.store.getRound(roundId))!);
  }
  return rounds;
}

async function userId(t: TestBot, name: string): Promise<number> {
  const ref = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: name, displayName: name });
  return ref.userId;
}

/** A right (or wrong) MCQ pick on `round` by `user`, decided the way the core decides it. */
function pick(t: TestBot, round: Round, user: number, right: boolean): [AnswerInput, Decide] {
  const now = t.clock.now();
  const choice = right ? round.correctChoice! : (round.correctChoice! + 1) % 4;
  return [
    { round, userId: user, channelId: round.channelId, at: now },
    (context) =>
      decideAnswer(context, { choice, text: null, correct: right, score: right ? 1 : 0, rating: right ? 3 : 1 }, now, 'UTC', isDue(context.cardState, now)),
  ];
}

/** Backends of this database waiting for a lock. */
async function lockWaiters(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: unknown }>(
    database.db,
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return Number(row!.n);
}

/**
 * Runs `race` (two batches on their own connections) while another connection holds an uncommitted card
 * state of (user, card), which both batches must wait for once they write it. Only when both batches are
 * waiting for a lock is that state rolled back, so they are sure to overlap: without the learner lock both
 * would have read the same (missing) card state and streak before either wrote.
 */
async function raceBehindUncommittedState<T>(database: Database, user: number, cardId: number, now: Date, race: () => Promise<T>): Promise<T> {
  let holding!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const blocker = database.db
    .transaction(async (tx) => {
      await tx.insert(cardStates).values({ userId: user, cardId, ...cardStateColumns(applyRating(null, 3, now).state) });
      holding();
      await released;
      tx.rollback();
    })
    .catch(() => undefined);
  await held;
  const racing = race();
  // Bounded: a batch that never waits (or never gets a connection) fails here instead of hanging.
  for (let tries = 0; (await lockWaiters(database)) < 2; tries++) {
    if (tries > 2_000) throw new Error('the two batches never both waited for a lock');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  release();
  await blocker;
  return racing;
}

describe.each(dbTargets)('answer batches on $name', (target) => {
  it('writes answers that arrive together in one transaction, each seeing the ones before it', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      // Two rounds of the same card, so one user's two answers share a card state.
      const [first, second, same] = await openRounds(t, [0, 1, 0]);
      const ada = await userId(t, 'ada');
      const bob = await userId(t, 'bob');
      const batches: number[] = [];
      const batcher = new AnswerBatcher(database.db, { concurrency: 1, onBatch: (answers) => batches.push(answers) });
      const results = await Promise.all([
        // All on one turn of the event loop: one transaction, decided in this order.
        batcher.record(...pick(t, second!, bob, false)),
        batcher.record(...pick(t, first!, ada, true)),
        batcher.record(...pick(t, same!, ada, true)),
        batcher.record(...pick(t, first!, ada, false)), // a second press: one answer per round counts
        batcher.record(...pick(t, first!, bob, true)),
      ]);
      expect(batches).toEqual([5]);
      expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded', 'duplicate', 'recorded']);
      const recorded = results.filter((r): r is Extract<AnswerResult, { status: 'recorded' }> => r.status === 'recorded');
      // First-correct ranks and answer counts carry through the batch: bob was second right on `first`.
      expect(recorded.map((r) => r.answerCount)).toEqual([1, 1, 1, 2]);
      const firstCorrect = await database.db.select().from(pointsLedger).where(eq(pointsLedger.reason, 'first_correct'));
      expect(firstCorrect.map((p) => [p.userId, p.amount]).sort()).toEqual([[ada, 5], [ada, 5], [bob, 3]].sort());
      // Ada's second answer on the card was decided from the state her first one left.
      const [state] = await database.db.select().from(cardStates).where(and(eq(cardStates.userId, ada), eq(cardStates.cardId, first!.card.id)));
      expect(state!.reps).toBe(2);
      expect(recorded[2]!.decision.state.reps).toBe(2);
      expect(await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, ada))).toHaveLength(2);
      const [adaStreak] = await database.db.select().from(streaks).where(eq(streaks.userId, ada));
      expect(adaStreak).toMatchObject({ current: 1, longest: 1 });
      // The duplicate reports the answer that counted, and ids match the rows written.
      const duplicate = results[3] as Extract<AnswerResult, { status: 'duplicate' }>;
      expect(duplicate.existing).toMatchObject({ id: recorded[1]!.answerId, choice: first!.correctChoice });
      const rows = await database.db.select().from(answers);
      expect(rows.map((r) => r.id).sort()).toEqual(recorded.map((r) => r.answerId).sort());
    }));

  it('serialises one user\'s answers to two rounds of one card written by two concurrent batches', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const [one, two] = await openRounds(t, [5, 5]);
      const ada = await userId(t, 'ada');
      const now = t.clock.now();
      // Two days in a row so far: today's first answer reaches the 3-day milestone, whose bonus pays once.
      await database.db.insert(streaks).values({ userId: ada, current: 2, longest: 2, lastDay: new Date(now.getTime() - DAY).toISOString().slice(0, 10) });
      // Two batchers stand for two replicas (or two writers of one): each answer is a batch of its own.
      const [left, right] = [new AnswerBatcher(database.db), new AnswerBatcher(database.db)];
      const race = () => Promise.all([left.record(...pick(t, one!, ada, true)), right.record(...pick(t, two!, ada, true))]);
      // PGlite has one connection, so its transactions never overlap; the server's are made to.
      const results = target.name === 'postgres' ? await raceBehindUncommittedState(database, ada, one!.card.id, now, race) : await race();
      expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded']);
      const decisions = results.map((r) => (r as Extract<AnswerResult, { status: 'recorded' }>).decision);
      // One answer was decided from the state the other left: no FSRS update is lost.
      expect(decisions.map((d) => d.state.reps).sort()).toEqual([1, 2]);
      const [state] = await database.db.select().from(cardStates).where(and(eq(cardStates.userId, ada), eq(cardStates.cardId, one!.card.id)));
      expect(state!.reps).toBe(2);
      expect(await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, ada))).toHaveLength(2);
      // The card paid once (the second answer found it no longer due), and so did the streak milestone.
      const ledger = await database.db.select().from(pointsLedger).where(eq(pointsLedger.userId, ada));
      const byReason = (reason: string) => ledger.filter((p) => p.reason === reason).map((p) => p.amount);
      expect(byReason('correct')).toEqual([10]);
      expect(byReason('streak')).toEqual([6]);
      expect(byReason('first_correct')).toEqual([5, 5]); // ada was first right on each round
      const [adaStreak] = await database.db.select().from(streaks).where(eq(streaks.userId, ada));
      expect(adaStreak).toMatchObject({ current: 3, longest: 3 });
    }));

  it('keeps the other answers of a batch when one cannot be decided or written', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const [round] = await openRounds(t, [2]);
      const [ada, bob, cy] = [await userId(t, 'ada'), await userId(t, 'bob'), await userId(t, 'cy')];
      const batcher = new AnswerBatcher(database.db, { concurrency: 1 });
      const [opener] = pick(t, round!, cy, true);
      const settled = await Promise.allSettled([
        batcher.record(opener, pick(t, round!, cy, true)[1]),
        batcher.record(...pick(t, round!, ada, true)),
        batcher.record(pick(t, round!, bob, true)[0], () => {
          throw new Error('decide failed');
        }),
        batcher.record(...pick(t, round!, 987_654, true)), // no such user: the insert fails its foreign key
        batcher.record(...pick(t, round!, bob, false)),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/decide failed/);
      const rows = await database.db.select().from(answers).where(eq(answers.roundId, round!.id));
      expect(rows.map((r) => r.userId).sort()).toEqual([ada, bob, cy].sort());
      // The rejected answers left nothing behind.
      expect(await database.db.select().from(reviewLogs)).toHaveLength(3);
    }));

  it('refuses answers to a round revealed by another replica after this one cached it', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const [round] = await openRounds(t, [3]);
      const right = buildId({ kind: 'mcq', round: round!.id, choice: round!.correctChoice! });
      expect((await t.as('Ada')({ type: 'press', id: right })).reply?.title).toMatch(/Correct/);
      // Another replica (its own store and cache) reveals the round.
      expect(await createStore(database.db).markRevealed(round!.id, t.clock.now())).toBe(true);
      const late = await t.as('Bob')({ type: 'press', id: right });
      expect(late.reply?.text).toMatch(/closed/);
      expect(late.reply?.text).toContain(round!.card.back.slice(0, 40));
      const rows = await database.db.select().from(answers).where(eq(answers.roundId, round!.id));
      expect(rows).toHaveLength(1);
      // And a round past its closing time is closed for the batch as well.
      const batcher = new AnswerBatcher(database.db);
      const [input, decide] = pick(t, (await openRounds(t, [4]))[0]!, await userId(t, 'cy'), true);
      expect(await batcher.record({ ...input, at: new Date(t.clock.now().getTime() + 13 * HOUR) }, decide)).toEqual({ status: 'closed' });
    }));
});

describe('when a whole batch fails', () => {
  /** A database whose every transaction fails with `error`, counting the attempts. */
  function failingDb(error: Error): { db: Db; attempts: () => number } {
    let attempts = 0;
    const db = {
      transaction: async () => {
        attempts++;
        throw error;
      },
    } as unknown as Db;
    return { db, attempts: () => attempts };
  }

  async function recordThree(db: Db): Promise<PromiseSettledResult<unknown>[]> {
    const batcher = new AnswerBatcher(db, { concurrency: 1 });
    const input = { round: { id: 1, card: { id: 1 } }, userId: 1, channelId: 'c', at: new Date() } as unknown as AnswerInput;
    const decide = (() => {
      throw new Error('not reached');
    }) as Decide;
    // Recorded on one turn of the event loop: the three form one batch.
    return Promise.allSettled([batcher.record(input, decide), batcher.record(input, decide), batcher.record(input, decide)]);
  }

  it('fails every answer at once for a lost connection, without retrying each', async () => {
    const lost = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
    const { db, attempts } = failingDb(lost);
    const settled = await recordThree(db);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(attempts()).toBe(1);
  });

  it('retries each answer alone when the error may belong to one of them', async () => {
    const constraint = Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('fk'), { code: '23503' }) });
    const { db, attempts } = failingDb(constraint);
    const settled = await recordThree(db);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(attempts()).toBe(4); // the batch, then each alone
  });

  it('reads the SQLSTATE class through wrapped errors', () => {
    expect(mayComeFromOneAnswer(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBe(true);
    expect(mayComeFromOneAnswer(new Error('wrapped', { cause: Object.assign(new Error('too long'), { code: '22001' }) }))).toBe(true);
    expect(mayComeFromOneAnswer(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe(false);
    expect(mayComeFromOneAnswer(Object.assign(new Error('disk full'), { code: '53100' }))).toBe(false);
    expect(mayComeFromOneAnswer(new Error('no code'))).toBe(false);
  });
});
