/**
 * Who may do what to a game, and what survives faults: Stop, one game per channel, bad input (each a
 * private message that changes nothing), channel settings, a runner that dies mid-step, two replicas.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildId } from '../../src/core/ids.js';
import type { Message } from '../../src/core/messages.js';
import type { ChannelRef } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createGameStepStore } from '../../src/db/game-step-store.js';
import { queryRows } from '../../src/db/rows.js';
import { dbTargets } from '../support/db.js';
import { answerMcq, gameRig, GameSender, roundOf, SECOND } from '../support/games.js';

/** Rows of `table` in the rig's workspace (tests share the database). */
async function count(database: Database, table: 'games' | 'quiz_rounds', workspace: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from ${sql.raw(table)} t join workspaces w on w.id = t.workspace_id where w.external_id = ${workspace}`,
  );
  return Number(row!.n);
}

/** The rig's game steps that are done. */
async function doneSteps(database: Database, workspace: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from game_steps s join games g on g.id = s.game_id join workspaces w on w.id = g.workspace_id
        where w.external_id = ${workspace} and s.state = 'done'`,
  );
  return Number(row!.n);
}

describe.each(dbTargets)('game control on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets only the asker or a moderator stop a game; Stop reveals at once and posts the standings', async () => {
      const rig = await gameRig(database);
      const start = await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '5', time: '30' });
      const stop = start.reply!.choices!.find((c) => c.label === 'Stop game')!;
      await rig.runner.tick();
      const round = await roundOf(rig, rig.sender.questions()[0]!);
      await answerMcq(rig, 'Bob', round, true);

      const refused = await rig.as('Bob')({ type: 'press', id: stop.id });
      expect(refused.reply).toMatchObject({ visibility: 'private', text: 'Only the person who started this game, or a moderator, can stop it.' });
      expect(await rig.after(SECOND)).toMatchObject({ revealed: 0, ended: 0 });

      const stopped = await rig.as('Mod', { canManage: true })({ type: 'quiz_stop' });
      expect(stopped.reply).toMatchObject({ visibility: 'private' });
      expect(stopped.reply!.text).toContain('Stopping the game');
      expect((await rig.as('Ada')({ type: 'press', id: stop.id })).reply!.text).toBe('This game is stopping already.');
      // 29 s early: the open question is revealed now, then the standings.
      expect(await rig.after(0)).toMatchObject({ revealed: 1, ended: 1, asked: 0 });
      const standings = rig.sender.posts().at(-1)!.message;
      expect(standings.title).toContain('Game stopped');
      expect(standings.footer).toContain('1 of 5 questions');
      expect(standings.footer).toContain('stopped by Mod');
      expect(standings.text).toContain('Bob');
      expect((await rig.as('Ada')({ type: 'quiz_stop' })).reply!.text).toBe('No game is running in this channel.');
      expect(await rig.after(60 * SECOND)).toMatchObject({ asked: 0, revealed: 0, ended: 0 });
  });

  it('stops between questions without asking the next one', async () => {
      const rig = await gameRig(database);
      await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '3', time: '10' });
      await rig.runner.tick();
      await rig.after(10 * SECOND); // revealed; the next question waits 5 s
      await rig.as('Ada')({ type: 'quiz_stop' });
      expect(await rig.after(0)).toMatchObject({ asked: 0, ended: 1 });
      expect(rig.sender.questions()).toHaveLength(1);
      expect(await rig.after(30 * SECOND)).toMatchObject({ asked: 0 });
  });

  it('sees a Stop that lands while a step is running', async () => {
      const rig = await gameRig(database);
      await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '3', time: '30' });
      // The question is being posted when Ada stops the game.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let posting!: () => void;
      const posted = new Promise<void>((resolve) => (posting = resolve));
      const slow = new GameSender('discord');
      const post = slow.post.bind(slow);
      slow.post = async (channel: ChannelRef, message: Message) => {
        posting();
        await gate;
        return post(channel, message);
      };
      const runner = rig.replica('slow', { senders: [slow] } as never);
      const ticking = runner.tick();
      await posted;
      await rig.as('Ada')({ type: 'quiz_stop' });
      release();
      // The ask's follow-up is the reveal now, not in 30 s: the same tick reveals and ends.
      expect(await ticking).toMatchObject({ asked: 1, revealed: 1, ended: 1 });
      expect(slow.posts().at(-1)!.message.title).toContain('Game stopped');
  });

  it('runs one game per channel; a second /quiz there is told a game is on', async () => {
      const rig = await gameRig(database);
      await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '3' });
      for (const command of [
        { type: 'quiz' as const, deck: 'gan', rounds: '2' },
        { type: 'quiz' as const, deck: 'gan' },
      ]) {
        const second = await rig.as('Bob')(command);
        expect(second.reply).toMatchObject({ visibility: 'private' });
        expect(second.reply!.text).toMatch(/^A game is on in this channel .*\/quiz stop/);
      }
      expect(await count(database, 'games', rig.workspaceId)).toBe(1);
      expect(await count(database, 'quiz_rounds', rig.workspaceId)).toBe(0);
      const elsewhere = await rig.as('Bob', { channelId: 'chan-2' })({ type: 'quiz', deck: 'gan', rounds: '2' });
      expect(elsewhere.reply!.title).toContain('Game on');
      // The database holds the rule too: two replicas starting at once cannot both win.
      const games = rig.bot;
      const both = await Promise.all([
        games.handle({ actor: { platform: 'discord', workspaceId: rig.workspaceId, channelId: 'chan-3', userId: 'x', displayName: 'X', canManage: false }, command: { type: 'quiz', deck: 'gan', rounds: '2' } }),
        games.handle({ actor: { platform: 'discord', workspaceId: rig.workspaceId, channelId: 'chan-3', userId: 'y', displayName: 'Y', canManage: false }, command: { type: 'quiz', deck: 'gan', rounds: '2' } }),
      ]);
      expect(both.filter((o) => o.reply?.title?.includes('Game on'))).toHaveLength(1);
      expect(await count(database, 'games', rig.workspaceId)).toBe(3);
  });

  it('answers bad input privately and changes nothing', async () => {
      const rig = await gameRig(database);
      const tiny = await rig.store.importDeck({
        workspaceId: await rig.store.ensureWorkspace('discord', rig.workspaceId),
        slug: 'tiny',
        title: 'Tiny',
        source: 'tiny.txt',
        cards: [{ front: 'One?', back: 'Yes', tags: [], key: 'one' }],
      });
      expect(tiny.added).toBe(1);
      const cases: [Record<string, string>, RegExp][] = [
        [{ rounds: '0' }, /`rounds` must be a whole number from 1 to 50 \(you gave "0"\)/],
        [{ rounds: '51' }, /from 1 to 50/],
        [{ rounds: 'ten' }, /you gave "ten"/],
        [{ rounds: '3', time: '5' }, /`time` must be a number of seconds from 10 to 300 \(you gave "5"\)/],
        [{ rounds: '3', time: '301' }, /from 10 to 300/],
        [{ rounds: '3', mode: 'essay' }, /Unknown mode "essay"/],
        [{ rounds: '3', deck: 'nope' }, /There is no deck called "nope"/],
        [{ rounds: '1', time: '20', deck: 'tiny' }, /needs at least 2 cards with different answers for multiple choice/],
        [{ rounds: '2', time: '20', deck: 'tiny', mode: 'typed' }, /has 1 card: ask for `rounds:1` or fewer/],
      ];
      for (const [options, message] of cases) {
        const outcome = await rig.as('Ada')({ type: 'quiz', deck: 'gan', ...options });
        expect(outcome.reply, JSON.stringify(options)).toMatchObject({ visibility: 'private' });
        expect(outcome.reply!.text).toMatch(message);
      }
      expect((await rig.as('Ada')({ type: 'press', id: buildId({ kind: 'gstop', game: 999 }) })).reply!.text).toBe('This game is over.');
      expect(await count(database, 'games', rig.workspaceId)).toBe(0);
      expect(await count(database, 'quiz_rounds', rig.workspaceId)).toBe(0);
  });

  it('takes the channel settings: managers set the default and most time and the speed bonus', async () => {
      const rig = await gameRig(database);
      const shown = await rig.as('Bob')({ type: 'quiz_settings' });
      expect(shown.reply!.text).toContain('open **30 s**');
      const refused = await rig.as('Bob')({ type: 'quiz_settings', time: '20' });
      expect(refused.reply!.text).toMatch(/^Only managers/);
      expect((await rig.as('Mod', { canManage: true })({ type: 'quiz_settings', time: '90', max: '60' })).reply!.text).toBe(
        '`time` (90 s) cannot be more than `max` (60 s).',
      );
      const saved = await rig.as('Mod', { canManage: true })({ type: 'quiz_settings', time: '20', max: '60', speed: 'off' });
      expect(saved.reply!.title).toContain('saved');
      expect((await rig.as('Ada')({ type: 'quiz', rounds: '2', time: '90' })).reply!.text).toContain('at most 60 seconds');

      await rig.as('Ada')({ type: 'quiz', rounds: '2' });
      await rig.runner.tick();
      const question = rig.sender.questions()[0]!;
      expect(question.message.countdown!.secondsLeft).toBe(20);
      await answerMcq(rig, 'Ada', await roundOf(rig, question), true); // at once, but the bonus is off
      await rig.after(20 * SECOND);
      expect(rig.sender.posts().at(-1)!.message.text).toContain('Ada +10 (0.0 s)');
  });

  it('continues a game after its runner died mid-step, asking no question twice and skipping none', async () => {
      const rig = await gameRig(database);
      await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '3', time: '10' });
      const askedAt = rig.clock.now();
      await rig.runner.tick(); // question 1
      rig.clock.advance(10 * SECOND);
      // A replica claims the reveal and dies before doing anything.
      const dead = createGameStepStore(database.db);
      const now = rig.clock.now();
      const claimed = await dead.claimSteps({ instanceId: 'dead', now, platforms: ['discord'], limit: 10, staleBefore: now }, 'due');
      expect(claimed.map((s) => s.kind)).toEqual(['reveal']);
      // Its first claim; no attempt of it can have posted before question 1's step was done.
      expect(claimed[0]).toMatchObject({ attempts: 1, afterPrevious: askedAt });
      expect(await rig.runner.tick()).toMatchObject({ revealed: 0 }); // claimed elsewhere: not stolen at once
      const restarted = rig.replica('runner-b');
      rig.clock.advance(11 * SECOND);
      const revealedAt = rig.clock.now();
      expect(await restarted.tick()).toMatchObject({ takenOver: 1, revealed: 1 });
      // The dead replica's late write changes nothing.
      expect(await dead.completeStep(claimed[0]!, 'dead', rig.clock.now(), { whenRunning: null, whenStopping: null })).toBe(false);

      // Question 2 is asked by one runner that crashes after posting (before recording the step).
      rig.clock.advance(5 * SECOND);
      const [ask] = await dead.claimSteps({ instanceId: 'dead', now: rig.clock.now(), platforms: ['discord'], limit: 10, staleBefore: rig.clock.now() }, 'due');
      expect(ask).toMatchObject({ kind: 'ask', round: 2, attempts: 1, afterPrevious: revealedAt });
      const opened = await rig.bot.gameSteps!.ask(ask!, false);
      // Opening it again (the replica that takes over) finds the same question.
      expect((await rig.bot.gameSteps!.ask({ ...ask!, question: null }, false)).roundId).toBe(opened.roundId);
      rig.clock.advance(11 * SECOND);
      for (let i = 0; i < 12; i++) await restarted.tick().then(() => rig.clock.advance(5 * SECOND));
      const rounds = await queryRows<{ game_round: number }>(database.db, sql`select r.game_round from quiz_rounds r join workspaces w on w.id = r.workspace_id where w.external_id = ${rig.workspaceId} order by r.game_round`);
      expect(rounds.map((r) => Number(r.game_round))).toEqual([1, 2, 3]);
      expect(rig.sender.questions().map((q) => q.message.title)).toEqual([
        expect.stringContaining('Question 1 of 3'),
        expect.stringContaining('Question 2 of 3'),
        expect.stringContaining('Question 3 of 3'),
      ]);
      expect(rig.sender.posts().at(-1)!.message.title).toContain('Final standings');
  });

  it('runs each step once with two replicas ticking at the same time', async () => {
      const rig = await gameRig(database);
      for (const channelId of ['c1', 'c2', 'c3', 'c4']) await rig.as('Ada', { channelId })({ type: 'quiz', deck: 'gan', rounds: '3', time: '10' });
      const b = rig.replica('runner-b', { batchSize: 1 });
      const a = rig.replica('runner-a2', { batchSize: 1 });
      const totals = { a: 0, b: 0 };
      for (let i = 0; i < 12; i++) {
        const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
        totals.a += ra.asked + ra.revealed + ra.ended;
        totals.b += rb.asked + rb.revealed + rb.ended;
        rig.clock.advance(5 * SECOND);
      }
      // 4 games × (3 questions + 3 reveals + the end), each once, shared by both.
      expect(totals.a + totals.b).toBe(28);
      expect(totals.a).toBeGreaterThan(0);
      expect(totals.b).toBeGreaterThan(0);
      expect(rig.sender.questions()).toHaveLength(12);
      expect(rig.sender.posts().filter((p) => p.message.title?.includes('Final standings'))).toHaveLength(4);
      expect(await doneSteps(database, rig.workspaceId)).toBe(28);
  });
});
