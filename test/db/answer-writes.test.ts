/**
 * The whole bot on the real store: what one answer writes, and concurrent answers to one round.
 * (The core's own tests in test/core/service.test.ts run on the in-memory Store.)
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildId } from '../../src/core/ids.js';
import { answers, cardStates, pointsLedger, reviewLogs, streaks as streaksTable } from '../../src/db/schema.js';
import { dbTargets, withDb } from '../support/db.js';
import { DAY, HOUR, makeBot, roundIdOf } from '../support/core.js';

describe.each(dbTargets)('answer writes on $name', (target) => {
  it('writes answer, review log, card state, streak and points together', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const ada = t.as('Ada');
      const quiz = await ada({ type: 'quiz', deck: 'gan' });
      const round = (await t.store.getRound(roundIdOf(quiz)))!;
      await ada({ type: 'press', id: buildId({ kind: 'mcq', round: round.id, choice: round.correctChoice! }) }, 'press-1');
      const [answer] = await database.db.select().from(answers).where(eq(answers.roundId, round.id));
      expect(answer).toMatchObject({ choice: round.correctChoice, correct: true, score: 1, idempotencyKey: 'press-1' });
      const [log] = await database.db.select().from(reviewLogs).where(eq(reviewLogs.cardId, round.card.id));
      expect(log).toMatchObject({ rating: 3, source: 'quiz', idempotencyKey: `answer:${answer!.id}` });
      expect(log!.reviewedAt.toISOString()).toBe(t.clock.now().toISOString());
      const [state] = await database.db.select().from(cardStates).where(eq(cardStates.cardId, round.card.id));
      expect(state!.reps).toBe(1);
      expect(state!.due.getTime()).toBeGreaterThan(t.clock.now().getTime());
      expect(state!.lastReview?.toISOString()).toBe(t.clock.now().toISOString());
      const [streak] = await database.db.select().from(streaksTable);
      expect(streak).toMatchObject({ current: 1, longest: 1, lastDay: '2026-03-02' });
      const ledger = await database.db.select().from(pointsLedger).where(eq(pointsLedger.answerId, answer!.id));
      expect(ledger.reduce((sum, p) => sum + p.amount, 0)).toBe(answer!.points);
      expect(ledger[0]).toMatchObject({ channelId: 'chan-1', reason: 'correct' });

      // The next day the answer state read back (reps, streak) feeds the next decision.
      t.clock.advance(DAY + HOUR);
      const next = await ada({ type: 'quiz', deck: 'gan' });
      const nextRound = (await t.store.getRound(roundIdOf(next)))!;
      await ada({ type: 'press', id: buildId({ kind: 'mcq', round: nextRound.id, choice: nextRound.correctChoice! }) });
      const [streakAfter] = await database.db.select().from(streaksTable);
      expect(streakAfter).toMatchObject({ current: 2, lastDay: '2026-03-03' });
    }));

  it('ranks concurrent correct answers to a daily round exactly and counts concurrent double presses once', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const deck = (await t.store.findDeck(-1, 'gan'))!;
      const [card] = await t.store.deckCards(deck.id);
      const { roundId } = await t.bot.openChannelRound({
        channel: { platform: 'discord', workspaceId: 'guild-1', channelId: 'chan-1' },
        deckId: deck.id,
        cardId: card!.id,
        mode: 'mcq',
        closesAt: new Date(t.clock.now().getTime() + 12 * HOUR),
        source: 'daily',
      });
      const round = (await t.store.getRound(roundId))!;
      const right = buildId({ kind: 'mcq', round: roundId, choice: round.correctChoice! });
      const names = Array.from({ length: 8 }, (_, i) => `U${i}`);
      // Everyone presses twice at once: 16 concurrent presses.
      const outcomes = await Promise.all(names.flatMap((name) => [t.as(name)({ type: 'press', id: right }), t.as(name)({ type: 'press', id: right })]));
      expect(outcomes.filter((o) => o.reply?.title?.includes('Correct'))).toHaveLength(8);
      expect(outcomes.filter((o) => o.reply?.text?.includes('already answered'))).toHaveLength(8);
      const bonuses = await database.db.select().from(pointsLedger).where(eq(pointsLedger.reason, 'first_correct'));
      expect(bonuses.map((b) => b.amount).sort((a, b) => b - a)).toEqual([5, 3, 1]);
      const counts = outcomes.map((o) => o.update?.footer).filter(Boolean).map((f) => Number(/^(\d+) answered/.exec(f!)![1]));
      expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }));
});
