/**
 * kill -9 of the game-step runner mid-game, end to end: the real StudyBot and the real Discord and Slack
 * senders against their stand-ins. The first runner's post of question 2 (or of its reveal, or of the
 * standings) reaches the platform, or not, and then the runner is gone (its post and its store never
 * answer again, so it claims, renews and records nothing more); a second one, ticking later on
 * the same fake clock, takes the stale step over and plays the game to its end. Every question, reveal
 * and the standings are in the channel exactly once.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/messages.js';
import type { Sender } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createGameStepStore } from '../../src/db/game-step-store.js';
import { queryRows } from '../../src/db/rows.js';
import type { GameStepStore } from '../../src/scheduler/game-ports.js';
import { createGameRunner } from '../../src/scheduler/game-steps.js';
import type { TestBot } from '../support/core.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { SECOND } from '../support/games.js';
import { botWithChannel, platformChannels, type PlatformChannel } from './platform-channels.js';
import { dyingSender, killableStore } from './support.js';

const isQuestion2 = (m: Message) => m.countdown !== undefined && (m.title ?? '').includes('Question 2 of 3');
const isReveal2 = (m: Message) => (m.title ?? '').includes('Question 2 of 3 · answer');
const isStandings = (m: Message) => (m.title ?? '').includes('Final standings');

/** The platform takes the first post `lostOn` matches, and its answer is lost (a timeout): the step fails and is retried. */
function losingAnswerSender(sender: Sender, lostOn: (m: Message) => boolean): { sender: Sender; lost: boolean } {
  const state = { lost: false, sender: { ...sender } as Sender };
  state.sender.post = async (channel, message, options) => {
    const posted = await sender.post(channel, message, options);
    if (state.lost || !lostOn(message)) return posted;
    state.lost = true;
    throw new Error('socket hang up (after the platform took the post)');
  };
  return state;
}

describe.each(dbTargets)('a game runner killed mid-game, end to end on $name', (target) => {
  let database: Database;
  const closers: (() => Promise<void>)[] = [];
  openForSuite(target, (opened) => {
    database = opened;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  describe.each(platformChannels)('on $name', (platform) => {
    type Runner = (id: string, sender: Sender, store?: GameStepStore) => ReturnType<typeof createGameRunner>;
    async function setUp(): Promise<{ bot: TestBot; channel: PlatformChannel; runner: Runner }> {
      const { bot, channel } = await botWithChannel(database, platform, '2026-03-02T10:00:00Z', closers);
      const started = await bot.as('Ada', { platform: platform.name, workspaceId: platform.workspaceId, channelId: platform.channelId })({ type: 'quiz', deck: 'gan', rounds: '3', time: '30' });
      expect(started.reply!.title).toContain('Game on');
      const runner: Runner = (instanceId, sender, store = createGameStepStore(database.db)) =>
        createGameRunner({ store, steps: bot.bot.gameSteps!, senders: [sender], clock: bot.clock, instanceId, claimLeaseMs: 10 * SECOND });
      return { bot, channel, runner };
    }

    /** The game's questions in order: round id, opening and closing times. */
    const questions = () =>
      queryRows<{ id: number; game_round: number; opens: string; closes: string }>(
        database.db,
        sql`select id::int as id, game_round::int as game_round, to_char(opens_at at time zone 'UTC', 'HH24:MI:SS') as opens, to_char(closes_at at time zone 'UTC', 'HH24:MI:SS') as closes
            from quiz_rounds where game_id is not null order by game_round`,
      );

    /** Runner A plays the game, a tick every 5 s, until it dies posting `dieOn`: its store dies with it, so it does nothing more. */
    async function killedAt(when: 'before' | 'after', dieOn: (m: Message) => boolean) {
      const set = await setUp();
      const store = killableStore(createGameStepStore(database.db));
      const dying = dyingSender(set.channel.sender, when, dieOn, store.kill);
      const dead = set.runner('dead', dying.sender, store.store);
      const died = dying.died.then(() => true);
      while (!(await Promise.race([dead.tick().then(() => false), died]))) set.bot.clock.advance(5 * SECOND);
      return set;
    }

    /** Ticks every 5 s until the game is over. */
    async function playOut(bot: TestBot, survivor: ReturnType<typeof createGameRunner>): Promise<void> {
      for (let i = 0; i < 30; i++) {
        bot.clock.advance(5 * SECOND);
        await survivor.tick();
      }
      const [game] = await queryRows<{ state: string }>(database.db, sql`select state from games`);
      expect(game!.state).toBe('finished');
    }

    async function expectEachQuestionOnce(channel: PlatformChannel): Promise<void> {
      const rounds = await questions();
      expect(rounds.map((q) => q.game_round)).toEqual([1, 2, 3]);
      // Reveals carry only the Stop button (a game id), standings no buttons: these are the questions.
      expect(await channel.cardRounds()).toEqual(rounds.map((q) => q.id));
      const titles = await channel.titles();
      for (const n of [1, 2, 3]) expect(titles.filter((t) => t.endsWith(`Question ${n} of 3`))).toHaveLength(1);
      expect(titles.at(-1)).toContain('Final standings');
    }

    it('died after the platform took question 2: the next runner finds it and does not post it again', async () => {
      const { bot, channel, runner } = await killedAt('after', isQuestion2); // at 10:00:35
      expect(await channel.cardRounds()).toHaveLength(2);
      bot.clock.advance(11 * SECOND); // 10:00:46: the claim is stale
      const survivor = runner('survivor', channel.sender);
      expect(await survivor.tick()).toMatchObject({ takenOver: 1, asked: 1, found: 1 });
      expect(await channel.cardRounds()).toHaveLength(2);
      // Those who saw it keep their time: it closes 30 s after it first opened.
      expect((await questions())[1]).toMatchObject({ opens: '10:00:35', closes: '10:01:05' });
      await playOut(bot, survivor);
      await expectEachQuestionOnce(channel);
      expect(await channel.messageCount()).toBe(7); // 3 questions, 3 reveals, the standings
    });

    it('died before the platform took question 2: the next runner posts the same question, with its full time', async () => {
      const { bot, channel, runner } = await killedAt('before', isQuestion2);
      expect(await channel.cardRounds()).toHaveLength(1);
      bot.clock.advance(11 * SECOND);
      const survivor = runner('survivor', channel.sender);
      expect(await survivor.tick()).toMatchObject({ takenOver: 1, asked: 1, found: 0 });
      // Nobody saw it: it opens again now, for 30 s.
      expect((await questions())[1]).toMatchObject({ opens: '10:00:46', closes: '10:01:16' });
      bot.clock.set('2026-03-02T10:01:15Z');
      expect((await survivor.tick()).revealed).toBe(0);
      bot.clock.set('2026-03-02T10:01:16Z');
      expect((await survivor.tick()).revealed).toBe(1);
      await playOut(bot, survivor);
      await expectEachQuestionOnce(channel);
      expect(await channel.messageCount()).toBe(7);
    });

    /** The reveal and the standings go out with a key of their own; Slack finds it by metadata, Discord by what it shows. */
    const keyedPosts = [
      { name: 'the reveal of question 2', dieOn: isReveal2, done: 'revealed', follows: 'question 2' },
      { name: 'the standings', dieOn: isStandings, done: 'ended', follows: 'the reveal of question 3' },
    ] as const;

    it.each(keyedPosts)('died after the platform took $name: the next runner does not post it again', async ({ dieOn, done }) => {
      const { bot, channel, runner } = await killedAt('after', dieOn);
      expect(await channel.lookups()).toBe(0); // a first attempt posts without looking
      bot.clock.advance(11 * SECOND);
      const survivor = runner('survivor', channel.sender);
      expect(await survivor.tick()).toMatchObject({ takenOver: 1, [done]: 1, found: 1 });
      await playOut(bot, survivor);
      await expectEachQuestionOnce(channel);
      expect(await channel.messageCount()).toBe(7); // 3 questions, 3 reveals, the standings
      // Only the retried step looked; every other step posted at once.
      expect(await channel.lookups()).toBe(1);
    });

    it.each(keyedPosts)('died before the platform took $name: the next runner looks, does not find it, and posts it', async ({ dieOn, done }) => {
      const { bot, channel, runner } = await killedAt('before', dieOn);
      expect(await channel.lookups()).toBe(0);
      const before = await channel.messageCount();
      bot.clock.advance(11 * SECOND);
      // Looked for only after the message it follows ($follows): the last game's reveal of the same card, or its
      // standings, may read the same.
      const follows: (string | undefined)[] = [];
      const looking: Sender = {
        ...channel.sender,
        findKeyedMessage: (ch, key, since, message, after) => (follows.push(after), channel.sender.findKeyedMessage!(ch, key, since, message, after)),
      };
      const survivor = runner('survivor', looking);
      expect(await survivor.tick()).toMatchObject({ takenOver: 1, [done]: 1, found: 0 });
      expect(follows).toEqual([expect.stringMatching(/\S/)]);
      expect(await channel.messageCount()).toBe(before + 1);
      await playOut(bot, survivor);
      await expectEachQuestionOnce(channel);
      expect(await channel.messageCount()).toBe(7);
      expect(await channel.lookups()).toBe(1);
    });

    it('lost the answer to the reveal of question 2 after the platform took it: the retry does not post it again', async () => {
      const set = await setUp();
      const flaky = losingAnswerSender(set.channel.sender, isReveal2);
      const only = set.runner('only', flaky.sender);
      let retrying = 0;
      while (!flaky.lost || retrying === 0) {
        retrying += (await only.tick()).retrying;
        set.bot.clock.advance(5 * SECOND);
      }
      expect(retrying).toBe(1);
      expect(await only.tick()).toMatchObject({ revealed: 1, found: 1 });
      await playOut(set.bot, only);
      await expectEachQuestionOnce(set.channel);
      expect(await set.channel.messageCount()).toBe(7);
      expect(await set.channel.lookups()).toBe(1);
    });
  });
});
