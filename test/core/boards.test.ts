/**
 * Leaderboards for each period in the viewer's time zone, across a month boundary, and the last
 * game's standings; streaks kept by a freeze and broken without one, as /stats shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildId } from '../../src/core/ids.js';
import type { Outcome } from '../../src/core/messages.js';
import type { Database } from '../../src/db/connect.js';
import { dbTargets } from '../support/db.js';
import { answerMcq, gameRig, roundOf, SECOND } from '../support/games.js';
import type { TestBot } from '../support/core.js';

async function quizRight(rig: TestBot, user: string, at: string): Promise<void> {
  rig.clock.set(at);
  const quiz = await rig.as(user)({ type: 'quiz', deck: 'gan' });
  const verdict = await answerMcq(rig, user, await roundOf(rig, quiz.reply!), true);
  expect(verdict.reply!.title).toContain('Correct');
}

function board(outcome: Outcome): string {
  return `${outcome.reply!.title}\n${outcome.reply!.text}`;
}

describe.each(dbTargets)('boards and streaks on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('counts day, week and month in the viewer’s zone, and shows the last game', async () => {
      const rig = await gameRig(database);
      await quizRight(rig, 'Pat', '2026-03-20T12:00:00Z'); // earlier in March
      await quizRight(rig, 'Pat', '2026-03-31T14:00:00Z'); // Tuesday 31 March, 10:00 in New York
      await quizRight(rig, 'Pat', '2026-04-01T03:30:00Z'); // 31 March 23:30 in New York, 1 April in UTC
      await quizRight(rig, 'Pat', '2026-04-01T13:00:00Z'); // Wednesday 1 April, 09:00 in New York
      rig.clock.set('2026-04-01T14:00:00Z');
      const look = (viewer: string, timeZone: string, period: string) =>
        rig.as(viewer, { timeZone })({ type: 'leaderboard', scope: 'channel', period }).then(board);

      const ny = 'America/New_York';
      expect(await look('Nyla', ny, 'day')).toBe('🏆 Leaderboard · this channel · today\n🥇 Pat — 10 pts');
      expect(await look('Nyla', ny, 'week')).toContain('Pat — 30 pts'); // from Monday 30 March
      expect(await look('Nyla', ny, 'month')).toContain('Pat — 10 pts');
      expect(await look('Nyla', ny, 'all')).toContain('Pat — 40 pts');
      expect(await look('Uma', 'UTC', 'day')).toContain('Pat — 20 pts');
      expect(await look('Uma', 'UTC', 'month')).toBe('🏆 Leaderboard · this channel · this month\n🥇 Pat — 20 pts');
      expect(await look('Uma', 'UTC', 'this-week')).toContain('Pat — 30 pts');
      expect((await rig.as('Uma')({ type: 'leaderboard', period: 'year' })).reply!.text).toBe(
        'Unknown period "year". Use day, week, month, all or game (the last game here).',
      );

      expect((await rig.as('Uma')({ type: 'leaderboard', period: 'game' })).reply!.text).toMatch(/^No game has ended in this channel yet/);
      await rig.as('Pat')({ type: 'quiz', deck: 'gan', rounds: '2', time: '10' });
      await rig.runner.tick();
      await answerMcq(rig, 'Pat', await roundOf(rig, rig.sender.questions()[0]!), true);
      for (let i = 0; i < 6; i++) await rig.after(5 * SECOND); // two questions of 10 s, 5 s apart
      const last = await rig.as('Nyla', { timeZone: ny })({ type: 'leaderboard', period: 'game' });
      expect(last.reply!.title).toBe('🏆 Last game · Generative Adversarial Network Flashcards');
      expect(last.reply!.text).toBe('🥇 **Pat** — 12 pts · 1/2 right · fastest 0.0 s');
      expect(last.reply!.footer).toContain('ended Wed 1 Apr, 10:00 (America/New_York)');
  });

  it('keeps a streak over a missed day with a freeze earned by 7 days in a row, and breaks it without one', async () => {
      const rig = await gameRig(database);
      const streakOf = async () => {
        const fields = (await rig.as('Sam')({ type: 'stats' })).reply!.fields!;
        return `${fields.find((f) => f.name === 'Streak')!.value} | ${fields.find((f) => f.name === 'Streak freezes')!.value}`;
      };
      // Reviews count like answers for streaks; seven days in a row earn a freeze.
      for (let day = 1; day <= 7; day++) {
        rig.clock.set(`2026-05-0${day}T12:00:00Z`);
        const review = await rig.as('Sam')({ type: 'review' });
        const card = review.reply!.choices![0]!.id.split(':')[2];
        await rig.as('Sam')({ type: 'press', id: buildId({ kind: 'rrate', card: Number(card), rating: 3, nonce: day }) }, `rate-${day}`);
      }
      expect(await streakOf()).toMatch(/^7 days \(best 7\) \| 🧊 1 of 2/);
      rig.clock.set('2026-05-09T12:00:00Z'); // the 8th was missed: the freeze holds the streak
      expect(await streakOf()).toMatch(/^7 days \(best 7\) \| 🧊 0 of 2/);
      await quizRight(rig, 'Sam', '2026-05-09T12:00:00Z');
      expect(await streakOf()).toMatch(/^8 days \(best 8\) \| 🧊 0 of 2/);
      rig.clock.set('2026-05-11T12:00:00Z'); // the 10th missed, no freeze left
      expect(await streakOf()).toMatch(/^0 days \(best 8\)/);
      await quizRight(rig, 'Sam', '2026-05-11T12:00:00Z');
      expect(await streakOf()).toMatch(/^1 day \(best 8\) \| 🧊 0 of 2/);
  });
});
