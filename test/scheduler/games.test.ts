/**
 * Games with the real StudyBot and the game-step runner on a real database, driven by a fake clock:
 * a whole game, a stop, one game per channel, bad input, a restart mid-game, and two replicas.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildId } from '../../src/core/ids.js';
import { queryRows } from '../../src/db/rows.js';
import type { Database } from '../../src/db/connect.js';
import { dbTargets } from '../support/db.js';
import { answerMcq, answerTyped, gameRig, roundOf, SECOND } from '../support/games.js';

/** The states of the rig's game steps (tests share the database). */
async function stepStates(database: Database, workspace: string): Promise<Set<string>> {
  const rows = await queryRows<{ state: string }>(
    database.db,
    sql`select s.state from game_steps s join games g on g.id = s.game_id join workspaces w on w.id = g.workspace_id where w.external_id = ${workspace}`,
  );
  return new Set(rows.map((r) => r.state));
}

describe.each(dbTargets)('games on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('runs a 3-question game: countdown, reveal by itself, the next question, standings', async () => {
      const rig = await gameRig(database);
      const start = await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '3', time: '30' });
      expect(start.reply).toMatchObject({ visibility: 'public' });
      expect(start.reply!.title).toContain('Game on');
      expect(start.reply!.text).toContain('3 questions, 30 s each');

      expect((await rig.runner.tick()).asked).toBe(1);
      const [q1] = rig.sender.questions();
      expect(q1!.message.title).toContain('Question 1 of 3');
      expect(q1!.message.countdown!.closesAt.toISOString()).toBe('2026-03-02T10:00:30.000Z');
      expect(q1!.message.choices!.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D', 'Stop game']);
      const r1 = await roundOf(rig, q1!);
      expect(r1).toMatchObject({ source: 'game', mode: 'mcq' });

      rig.clock.advance(4 * SECOND);
      const right = await answerMcq(rig, 'Ada', r1, true);
      expect(right.reply!.title).toContain('Correct');
      // A game's count is edited in by the runner, coalesced, not by each answer.
      expect(right.update).toBeUndefined();
      rig.clock.advance(8 * SECOND);
      expect((await answerMcq(rig, 'Bob', r1, false)).reply!.title).toContain('Not quite');

      expect((await rig.after(17 * SECOND)).revealed).toBe(0); // 29 s: still open
      expect((await rig.after(1 * SECOND)).revealed).toBe(1);
      const reveal = rig.sender.posts().at(-1)!.message;
      expect(reveal.text).toContain(r1.card.back);
      expect(reveal.text).toMatch(/Got it right \(1 of 2\): 🥇 Ada \+12 \(4\.0 s\)/);
      expect(reveal.footer).toBe('Next question in 5 s.');
      // The question lost its buttons; a late answer is refused and changes nothing.
      expect(rig.sender.updatesOf(q1!.messageRef).at(-1)!.message.choices).toBeUndefined();
      expect((await answerMcq(rig, 'Cy', r1, true)).reply!.text).toContain('This question is closed');

      expect((await rig.after(4 * SECOND)).asked).toBe(0);
      expect((await rig.after(1 * SECOND)).asked).toBe(1);
      const r2 = await roundOf(rig, rig.sender.questions()[1]!);
      expect(r2.card.id).not.toBe(r1.card.id);
      rig.clock.advance(20 * SECOND);
      await answerMcq(rig, 'Bob', r2, true); // 20 s: the last third, no speed bonus
      await rig.after(10 * SECOND);
      await rig.after(5 * SECOND);
      const r3 = await roundOf(rig, rig.sender.questions()[2]!);
      rig.clock.advance(15 * SECOND);
      await answerMcq(rig, 'Ada', r3, true); // the second third: +1
      // The standings follow the last reveal after a short pause.
      expect(await rig.after(15 * SECOND)).toMatchObject({ revealed: 1, ended: 0 });
      expect(rig.sender.posts().at(-1)!.message.footer).toBe('Final standings next.');
      expect(await rig.after(2 * SECOND)).toMatchObject({ ended: 1 });
      const standings = rig.sender.posts().at(-1)!.message;
      expect(standings.title).toContain('Final standings');
      expect(standings.text.split('\n')).toEqual([
        '🥇 **Ada** — 23 pts · 2/3 right · fastest 4.0 s',
        '🥈 **Bob** — 10 pts · 1/3 right · fastest 20.0 s',
      ]);
      expect(await stepStates(database, rig.workspaceId)).toEqual(new Set(['done']));
      // Nothing more happens, and the channel is free for the next game.
      expect(await rig.after(60 * SECOND)).toMatchObject({ asked: 0, revealed: 0, ended: 0 });
      expect((await rig.as('Bob')({ type: 'quiz', deck: 'gan', rounds: '2' })).reply!.title).toContain('Game on');
  });

  it('gives a typed question a hint at half time, which halves the points after it', async () => {
      const rig = await gameRig(database, { platform: 'slack' });
      await rig.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'typed', rounds: '2', time: '20' });
      await rig.runner.tick();
      const question = rig.sender.questions()[0]!;
      expect(question.message.choices!.map((c) => c.label)).toEqual(['Answer', 'Stop game']);
      expect(question.message.text).not.toContain('Hint');
      const round = await roundOf(rig, question);
      rig.clock.advance(3 * SECOND);
      const early = await answerTyped(rig, 'Ada', round, round.card.back);
      expect(early.reply!.text).toContain('+10 points');

      await rig.after(7 * SECOND); // 10 s: half time
      const hinted = rig.sender.updatesOf(question.messageRef).at(-1)!.message;
      expect(hinted.text).toMatch(/💡 \*\*Hint:\*\* \S/);
      expect(hinted.choices!.map((c) => c.label)).toEqual(['Answer', 'Stop game']);
      rig.clock.advance(2 * SECOND);
      const late = await answerTyped(rig, 'Bob', round, round.card.back);
      expect(late.reply!.text).toContain('+5 points');

      await rig.after(8 * SECOND);
      const reveal = rig.sender.posts().at(-1)!.message;
      expect(reveal.text).toContain('Ada +12 (3.0 s)');
      expect(reveal.text).toContain('Bob +6 (12.0 s, after the hint)'); // half of 10, and +1 for the second third
  });

  it('opens a question whose time is not a whole countdown step at its own time, then counts in steps', async () => {
      const rig = await gameRig(database, { liveCountdown: false });
      await rig.as('Ada', { channelId: 'chan-15' })({ type: 'quiz', deck: 'gan', rounds: '1', time: '15' });
      await rig.runner.tick();
      const question = rig.sender.questions().at(-1)!;
      // It said "20 s left": the step (10 s) rounded up.
      expect(question.message.countdown!.secondsLeft).toBe(15);
      for (let t = 0; t < 40; t++) await rig.after(SECOND / 2);
      const open = rig.sender.updatesOf(question.messageRef).filter((e) => e.message.countdown);
      expect(open.map((e) => e.message.countdown!.secondsLeft)).toEqual([10]);
  });

  it('coalesces edits: at most one per 5 s per message, and countdown steps only where the platform cannot count', async () => {
      for (const live of [false, true]) {
        const rig = await gameRig(database, { liveCountdown: live });
        const channel = { channelId: live ? 'chan-live' : 'chan-steps' };
        await rig.as('Ada', channel)({ type: 'quiz', deck: 'gan', rounds: '1', time: '60' });
        await rig.runner.tick();
        const question = rig.sender.questions().at(-1)!;
        expect(question.message.countdown!.secondsLeft).toBe(60);
        const round = await roundOf(rig, question);
        // Twenty players answer within the first 10 s, a tick every half second.
        for (let i = 0; i < 20; i++) {
          await answerMcq(rig, `Player${i}`, round, i % 2 === 0);
          await rig.after(SECOND / 2);
        }
        for (let t = 0; t < 100; t++) await rig.after(SECOND / 2);
        const edits = rig.sender.updatesOf(question.messageRef);
        const open = edits.filter((e) => e.message.countdown);
        const gaps = open.slice(1).map((e, i) => e.message.countdown!.secondsLeft - open[i]!.message.countdown!.secondsLeft);
        expect(open.at(-1)!.message.footer).toContain('20 answered');
        if (live) {
          // Discord counts down by itself: only the answer counts were edited in, 5 s apart at least.
          expect(open.length).toBeLessThanOrEqual(3);
          expect(open.every((e) => e.message.countdown!.secondsLeft === 60 || e.message.countdown!.secondsLeft < 60)).toBe(true);
        } else {
          // One edit per countdown step (10 s), the answer counts folded into them.
          expect(open.map((e) => e.message.countdown!.secondsLeft)).toEqual([60, 50, 40, 30, 20, 10]);
          expect(gaps.every((g) => g <= -10)).toBe(true);
        }
        // The last edit closes the question (no buttons): one more.
        expect(edits.at(-1)!.message.choices).toBeUndefined();
        expect(edits.length - open.length).toBe(1);
        // The open question's edits are progress of its round, which a Sender that delays edits drops once the
        // round is revealed, whoever revealed it (Slack: round-check.ts); the closed question is final.
        expect(open.every((e) => e.message.progressOf?.roundId === round.id)).toBe(true);
        expect(edits.at(-1)!.message.progressOf).toBeUndefined();
      }
  });

  it('asks one timed question for rounds:1 (no standings), and one open question without time as before', async () => {
      const rig = await gameRig(database);
      const timed = await rig.as('Ada')({ type: 'quiz', deck: 'gan', rounds: '1', time: '15' });
      expect(timed.reply).toMatchObject({ visibility: 'private', text: '⏱ A 15-second question is on its way.' });
      await rig.runner.tick();
      expect(rig.sender.questions()[0]!.message.title).toContain('Timed question');
      expect(await rig.after(15 * SECOND)).toMatchObject({ revealed: 1, ended: 1 });
      expect(rig.sender.posts().map((p) => p.message.title)).toEqual(['⏱ Timed question · Generative Adversarial Network Flashcards', '📣 Timed question · answer']);

      const open = await rig.as('Ada')({ type: 'quiz', deck: 'gan' });
      expect(open.reply!.choices!.at(-1)!.label).toBe('Reveal');
      expect((await roundOf(rig, open.reply!)).source).toBe('quiz');
  });

  it('plays a self-graded game: ratings count as right answers, without points', async () => {
      const rig = await gameRig(database);
      await rig.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'self', rounds: '2', time: '10' });
      await rig.runner.tick();
      const round = await roundOf(rig, rig.sender.questions()[0]!);
      const shown = await rig.as('Bob')({ type: 'press', id: buildId({ kind: 'show', round: round.id }) });
      expect(shown.reply!.fields![0]!.value).toBe(round.card.back);
      await rig.as('Bob')({ type: 'press', id: buildId({ kind: 'rate', round: round.id, rating: 3 }) }, 'bob-rate');
      await rig.after(10 * SECOND);
      await rig.after(5 * SECOND);
      await rig.after(10 * SECOND);
      await rig.after(2 * SECOND); // the standings, after a short pause
      expect(rig.sender.posts().at(-1)!.message.text).toBe('🥇 **Bob** — 0 pts · 1/2 right · fastest 0.0 s');
  });
});
