import { describe, expect, it } from 'vitest';
import { buildId, parseId } from '../../src/core/ids.js';
import { DAY, HOUR, makeBot, roundIdOf } from '../support/core.js';
import { MemoryStore } from '../support/memory-store.js';

/** A fresh in-memory Store per test (test/db/store-contract.test.ts holds it to the real store's contract). */
function withStore(work: (memory: MemoryStore) => Promise<void>): Promise<void> {
  return work(new MemoryStore());
}

describe('StudyBot on the in-memory Store', () => {
  it('ships the gan deck with its 8 cards and lists it', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const gan = memory.tables.decks.find((deck) => deck.slug === 'gan')!;
      const rows = memory.tables.cards.filter((card) => card.deckId === gan.id);
      expect(rows).toHaveLength(8);
      const listed = await t.as('Ada')({ type: 'decks' });
      expect(listed.reply?.text).toContain('`gan`');
      expect(listed.reply?.text).toContain('8 cards');
      // Installing again at the next start changes nothing.
      const again = await t.bot.installBuiltInDecks();
      expect(again.get('gan')).toMatchObject({ added: 0, updated: 0, unchanged: 8, archived: 0 });
    }));

  it('runs an MCQ round by two users: one verdict each, points once, leaderboard after', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const ada = t.as('Ada');
      const bob = t.as('Bob');
      const quiz = await ada({ type: 'quiz', deck: 'gan' });
      expect(quiz.reply?.visibility).toBe('public');
      expect(quiz.reply?.choices?.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D', 'Reveal']);
      const roundId = roundIdOf(quiz);
      const round = (await t.store.getRound(roundId))!;
      const right = round.correctChoice!;
      const wrong = (right + 1) % 4;

      const adaAnswer = await ada({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: right }) }, 'i-1');
      expect(adaAnswer.reply?.title).toContain('Correct');
      expect(adaAnswer.reply?.visibility).toBe('private');
      expect(adaAnswer.update?.footer).toContain('1 answered');

      const bobAnswer = await bob({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: wrong }) }, 'i-2');
      expect(bobAnswer.reply?.title).toContain('Not quite');
      expect(bobAnswer.reply?.fields?.[0]?.value).toBe(round.card.back);
      expect(bobAnswer.update?.footer).toContain('2 answered');

      // A double click and a redelivered interaction are both counted once.
      const again = await ada({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: wrong }) }, 'i-3');
      expect(again.reply?.text).toContain('already answered');
      expect(again.update).toBeUndefined();
      await ada({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: right }) }, 'i-1');
      const stored = memory.tables.answers.filter((a) => a.roundId === roundId);
      expect(stored).toHaveLength(2);
      expect(stored.find((a) => a.correct)?.choice).toBe(right);

      const board = await bob({ type: 'leaderboard' });
      expect(board.reply?.visibility).toBe('public');
      const lines = board.reply!.text.split('\n');
      expect(lines[0]).toMatch(/Ada — \d+ pts/);
      // Bob has the streak bonus only if streaks pay on day one; either way Ada leads.
      const ledger = memory.tables.pointsLedger;
      const adaPoints = ledger.filter((p) => p.reason === 'correct').reduce((s, p) => s + p.amount, 0);
      expect(adaPoints).toBeGreaterThan(0);
      expect(ledger.filter((p) => p.reason === 'correct')).toHaveLength(1);
    }));

  it('lets the asker or a moderator reveal a quiz: the answer and who got it, then no more answers', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const [ada, bob, cy] = [t.as('Ada'), t.as('Bob'), t.as('Cy')];
      const reveal = (roundId: number) => ({ type: 'press' as const, id: buildId({ kind: 'reveal', round: roundId }) });
      const quiz = await ada({ type: 'quiz', deck: 'gan' });
      const roundId = roundIdOf(quiz);
      const round = (await t.store.getRound(roundId))!;
      await bob({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: round.correctChoice! }) });
      await cy({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: (round.correctChoice! + 1) % 4 }) });

      // Someone else cannot end Ada's question.
      const refused = await bob(reveal(roundId));
      expect(refused.reply?.text).toMatch(/Only the person who started this quiz/);
      expect(refused.update).toBeUndefined();
      expect((await t.store.getRound(roundId))!.revealedAt).toBeNull();

      // Ada can: the public question becomes the answer, with who got it right and no buttons.
      const shown = await ada(reveal(roundId));
      expect(shown.reply).toBeUndefined();
      expect(shown.update?.visibility).toBe('public');
      expect(shown.update?.text).toContain(round.card.back);
      expect(shown.update?.text).toMatch(/Got it right \(1 of 2\): .*Bob/);
      expect(shown.update?.text).not.toContain('Cy');
      expect(shown.update?.choices ?? []).toHaveLength(0);
      const late = await cy({ type: 'press', id: buildId({ kind: 'mcq', round: roundId, choice: round.correctChoice! }) });
      expect(late.reply?.text).toMatch(/closed/);
      expect(memory.tables.answers.filter((a) => a.roundId === roundId)).toHaveLength(2);

      // A moderator may reveal anyone's quiz; daily cards reveal on their own schedule.
      const other = roundIdOf(await bob({ type: 'quiz', deck: 'gan' }));
      expect((await t.as('Mod', { canManage: true })(reveal(other))).update?.title).toMatch(/Quiz answer/);
      const deck = (await t.store.findDeck(-1, 'gan'))!;
      const daily = await t.bot.openChannelRound({
        channel: { platform: 'discord', workspaceId: 'guild-1', channelId: 'chan-1' },
        deckId: deck.id,
        cardId: round.card.id,
        mode: 'mcq',
        closesAt: new Date(t.clock.now().getTime() + 12 * HOUR),
        source: 'daily',
      });
      expect(daily.message.choices?.map((c) => c.label)).not.toContain('Reveal');
      expect((await t.as('Mod', { canManage: true })(reveal(daily.roundId))).reply?.text).toMatch(/reveals its answer by itself/);
    }));

  it('grades a typed answer from the modal and refuses empty ones without recording', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const ada = t.as('Ada');
      const quiz = await ada({ type: 'quiz', deck: 'gan', mode: 'typed' });
      const roundId = roundIdOf(quiz);
      const open = await ada({ type: 'press', id: quiz.reply!.choices![0]!.id });
      expect(open.modal?.prompt).toBe((await t.store.getRound(roundId))!.card.front);
      const modalId = open.modal!.id;

      const empty = await ada({ type: 'submit', id: modalId, text: '   ' });
      expect(empty.reply?.text).toMatch(/empty/i);
      expect(memory.tables.answers).toHaveLength(0);

      const reference = (await t.store.getRound(roundId))!.card.back;
      const graded = await ada({ type: 'submit', id: modalId, text: reference }, 'm-1');
      expect(graded.reply?.title).toMatch(/Correct/);
      expect(graded.reply?.fields?.at(-1)?.value).toBe(reference);
      const [stored] = memory.tables.answers;
      expect(stored?.correct).toBe(true);
      expect(stored?.score).toBeGreaterThan(0.9);
      expect(stored?.points).toBeGreaterThan(0);
    }));

  it('explains unknown decks, modes, forged buttons and closed questions', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const ada = t.as('Ada');
      expect((await ada({ type: 'quiz', deck: 'nope' })).reply?.text).toMatch(/no deck called "nope"/);
      expect((await ada({ type: 'quiz', deck: 'gan', mode: 'essay' })).reply?.text).toMatch(/Unknown mode/);
      expect((await ada({ type: 'press', id: 'sb1:mcq:999999:0' })).reply?.text).toMatch(/no longer exists/);
      expect((await ada({ type: 'press', id: 'garbage' })).reply?.text).toMatch(/older or unknown/);
      expect((await ada({ type: 'press', id: 'sb1:mcq:1:9' })).reply?.text).toMatch(/older or unknown/);
      // A round of another workspace is not reachable by id.
      const other = await t.as('Eve', { workspaceId: 'guild-2' })({ type: 'quiz', deck: 'gan' });
      const otherId = roundIdOf(other);
      const cross = await ada({ type: 'press', id: buildId({ kind: 'mcq', round: otherId, choice: 0 }) });
      expect(cross.reply?.text).toMatch(/no longer exists/);
      // A revealed round refuses answers and shows the answer.
      await t.bot.revealRound(otherId);
      const late = await t.as('Eve', { workspaceId: 'guild-2' })({ type: 'press', id: buildId({ kind: 'mcq', round: otherId, choice: 0 }) });
      expect(late.reply?.text).toMatch(/closed/);
    }));

  it('pays quiz points only when the card is due, so repeating /quiz cannot farm points', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory, { seed: 3 });
      const ada = t.as('Ada');
      const answerRight = async () => {
        const quiz = await ada({ type: 'quiz', deck: 'gan' });
        const round = (await t.store.getRound(roundIdOf(quiz)))!;
        await ada({ type: 'press', id: buildId({ kind: 'mcq', round: round.id, choice: round.correctChoice! }) });
        return round.card.id;
      };
      const seen = new Map<number, number>();
      for (let i = 0; i < 12; i++) {
        const cardId = await answerRight();
        seen.set(cardId, (seen.get(cardId) ?? 0) + 1);
      }
      const paid = memory.tables.pointsLedger.filter((p) => p.reason === 'correct');
      // One payment per distinct card: the repeats came before the card was due again.
      expect(paid).toHaveLength(seen.size);
      expect([...seen.values()].some((n) => n > 1)).toBe(true);
    }));

  it('reviews privately: new cards, rating once per showing, then due cards come back', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const ada = t.as('Ada');
      const first = await ada({ type: 'review' });
      expect(first.reply?.visibility).toBe('private');
      const show = parseId(first.reply!.choices![0]!.id)!;
      expect(show.kind).toBe('rshow');
      const cardId = (show as { card: number }).card;
      const reveal = await ada({ type: 'press', id: first.reply!.choices![0]!.id });
      expect(reveal.reply?.choices?.map((c) => c.label.split(' ')[0])).toEqual(['Again', 'Hard', 'Good', 'Easy']);
      const good = reveal.reply!.choices![2]!.id;
      const rated = await ada({ type: 'press', id: good });
      expect(rated.reply?.text).toMatch(/Saved \*\*Good\*\*/);
      const twice = await ada({ type: 'press', id: good });
      expect(twice.reply?.text).toMatch(/already saved/);
      const logs = memory.tables.reviewLogs.filter((l) => l.cardId === cardId);
      expect(logs).toHaveLength(1);
      const [state] = memory.tables.cardStates.filter((s) => s.cardId === cardId);
      expect(state!.due.getTime()).toBeGreaterThan(t.clock.now().getTime());

      // Much later, the rated card is due and comes before new cards.
      t.clock.advance(60 * DAY);
      const later = await ada({ type: 'review' });
      const laterAction = parseId(later.reply!.choices![0]!.id) as { card: number };
      expect(laterAction.card).toBe(cardId);
      expect(later.reply?.footer).toMatch(/1 due/);
    }));

  it('says when the next card comes due once every card has been reviewed, in /review and /stats', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const ada = t.as('Ada');
      let reply = (await ada({ type: 'review' })).reply!;
      for (let shown = 0; reply.title !== '🎉 All caught up' && shown < 50; shown++) {
        const reveal = await ada({ type: 'press', id: reply.choices![0]!.id });
        await ada({ type: 'press', id: reveal.reply!.choices![2]!.id }); // Good
        reply = (await ada({ type: 'review' })).reply!;
      }
      expect(reply.title).toBe('🎉 All caught up');
      const soonest = Math.min(...memory.tables.cardStates.map((s) => s.due.getTime()));
      const minutes = Math.round((soonest - t.clock.now().getTime()) / 60_000);
      expect(minutes).toBeGreaterThan(1);
      expect(reply.text).toBe(`Nothing is due right now. Your next card is due in ${minutes} min.`);
      // /stats says it too, where it said only "Nothing due right now."
      expect((await ada({ type: 'stats' })).reply?.text).toBe(`Nothing due right now. Your next card is due in ${minutes} min.`);
      t.clock.advance((minutes + 1) * 60_000);
      expect((await ada({ type: 'stats' })).reply?.text).toMatch(/^You have \*\*\d+ cards?\*\* due: try `\/review`\.$/);
      expect((await ada({ type: 'review' })).reply?.title).toBe('🔁 Review');
    }));

  it('keeps a user rank outside the top 10 and ranks ties together; week vs all time', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory, { now: '2026-03-04T12:00:00Z' }); // a Wednesday
      const players = Array.from({ length: 12 }, (_, i) => `P${String(i).padStart(2, '0')}`);
      const ws = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: 'x', displayName: 'x' });
      const ids: number[] = [];
      for (const name of players) {
        const u = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: name.toLowerCase(), displayName: name });
        ids.push(u.userId);
      }
      const rows = ids.map((userId, i) => ({
        workspaceId: ws.workspaceId,
        userId,
        channelId: i % 2 ? 'chan-1' : 'chan-2',
        amount: i < 2 ? 50 : 40 - i,
        reason: 'correct',
        at: new Date('2026-03-03T09:00:00Z'),
      }));
      memory.addPoints(...rows);
      // Last week's points count for all time only.
      memory.addPoints({ ...rows[11]!, amount: 100, at: new Date('2026-02-25T09:00:00Z') });

      const last = t.as('P11');
      const week = await last({ type: 'leaderboard', period: 'week' });
      const lines = week.reply!.text.split('\n');
      expect(lines[0]).toMatch(/🥇 P00 — 50/);
      expect(lines[1]).toMatch(/🥇 P01 — 50/); // a tie shares the rank
      expect(lines[2]).toMatch(/🥉 P02/); // competition ranking: 1, 1, 3
      expect(week.reply!.text).toMatch(/You: \*\*#12\*\* with 29 pts/);
      const allTime = await last({ type: 'leaderboard', period: 'all' });
      expect(allTime.reply!.text.split('\n')[0]).toMatch(/P11 — 129/);
      const channel = await last({ type: 'leaderboard', scope: 'channel', period: 'week' });
      expect(channel.reply!.text).not.toContain('P00');
      expect(channel.reply!.text).toContain('P01');
      expect((await last({ type: 'leaderboard', scope: 'galaxy' })).reply?.text).toMatch(/Unknown scope/);
    }));

  it('imports a deck, and importing it again updates cards in place keeping history', () =>
    withStore(async (memory) => {
      const t = await makeBot(memory);
      const ada = t.as('Ada');
      const v1 = 'front,back\nWhat is FSRS?,A spaced repetition scheduler\nWhat is a GAN?,Two networks in a game\nWhat is a VAE?,An autoencoder that learns a distribution\n';
      const first = await ada({ type: 'deck_import', filename: 'ml-basics.csv', content: v1 });
      expect(first.reply?.text).toMatch(/3 cards \(3 new/);
      const slug = /as `([^`]+)`/.exec(first.reply!.text)![1]!;
      const quiz = await ada({ type: 'quiz', deck: slug });
      const round = (await t.store.getRound(roundIdOf(quiz)))!;
      await ada({ type: 'press', id: buildId({ kind: 'mcq', round: round.id, choice: round.correctChoice! }) });

      const v2 = 'front,back\nWhat is FSRS?,Free Spaced Repetition Scheduler\nWhat is a GAN?,Two networks in a game\n';
      const second = await ada({ type: 'deck_import', filename: 'ml-basics.csv', content: v2 });
      expect(second.reply?.text).toMatch(/1 updated, 1 unchanged, 1 removed/);
      const states = memory.tables.cardStates.filter((s) => s.cardId === round.card.id);
      expect(states).toHaveLength(1); // history of the answered card survived
      expect((await ada({ type: 'deck_import', filename: 'bad.csv', content: 'front,back\n"unterminated,x\n' })).reply?.text).toMatch(/[Ll]ine/);
    }));

  it('validates /generate options and says when generation is unavailable', () =>
    withStore(async (memory) => {
      const calls: unknown[] = [];
      const generator = {
        models: () => [
          { name: 'dcgan', title: 'DCGAN', loss: 'BCE', conditional: true, cardHint: 'intuition behind a GAN' },
          { name: 'wgan', title: 'WGAN-GP', loss: 'Wasserstein', conditional: true, cardHint: 'WGAN' },
        ],
        generate: async (req: unknown) => {
          calls.push(req);
          return { png: new Uint8Array([137, 80, 78, 71]), width: 1, height: 1, model: 'wgan', backend: 'cpu', millis: 12 };
        },
        close: async () => {},
      };
      const t = await makeBot(memory, { generator });
      const ada = t.as('Ada');
      expect((await ada({ type: 'generate', digit: '12' })).reply?.text).toMatch(/digit must be a whole number from 0 to 9/);
      expect((await ada({ type: 'generate', seed: 'abc' })).reply?.text).toMatch(/seed must be a whole number/);
      expect((await ada({ type: 'generate', model: 'gpt' })).reply?.text).toMatch(/Choose one of: dcgan, wgan/);
      expect(calls).toHaveLength(0);
      const ok = await ada({ type: 'generate', model: 'wgan', digit: '7', seed: '42' });
      expect(calls).toEqual([{ model: 'wgan', seed: 42, digit: 7 }]);
      expect(ok.reply?.image?.png).toBeInstanceOf(Uint8Array);
      expect(ok.reply?.text).toContain('WGAN'); // points to the deck's WGAN card

      const none = await makeBot(memory);
      expect((await none.as('Ada')({ type: 'generate' })).reply?.text).toMatch(/not available/);
    }));
});

describe('time zones', () => {
  it('sets a valid zone, refuses an unknown one, and counts the leaderboard week in it', () =>
    withStore(async (memory) => {
      // Sunday 23:30 UTC is already Monday in Tokyo: a new week there, still last week in UTC.
      const t = await makeBot(memory, { now: '2026-03-08T23:30:00Z' });
      const ada = t.as('Ada');
      expect((await ada({ type: 'timezone' })).reply?.text).toContain('**UTC**');
      expect((await ada({ type: 'timezone', tz: 'Mars/Olympus' })).reply?.text).toMatch(/not a time zone I know/);
      expect((await ada({ type: 'timezone', tz: 'asia/tokyo' })).reply?.text).toContain('**Asia/Tokyo**');
      const { userId, workspaceId } = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: 'guild-1', userExternalId: 'ada', displayName: 'Ada' });
      memory.addPoints({ workspaceId, userId, channelId: 'chan-1', amount: 10, reason: 'correct', at: new Date('2026-03-08T12:00:00Z') });
      // Tokyo's week began at 2026-03-08T15:00Z, after those points.
      expect((await ada({ type: 'leaderboard', period: 'week' })).reply?.text).toMatch(/No points yet/);
      expect((await ada({ type: 'leaderboard', period: 'all' })).reply?.text).toMatch(/Ada — 10 pts/);
    }));
});
