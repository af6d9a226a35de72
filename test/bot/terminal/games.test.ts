/**
 * A game in the terminal demo: the terminal adapter and the game-step runner share one process, as in
 * `npm start`. The terminal shows each question with its countdown, prints the edits (countdown, hint),
 * and takes typed answers while the question runs. A fake clock drives the game.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startTerminal } from '../../../src/bot/terminal/index.js';
import { parseTerminalLine } from '../../../src/bot/terminal/parse.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { quizRounds } from '../../../src/db/schema.js';
import { createStore } from '../../../src/db/store.js';
import { createGameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, withDb } from '../../support/db.js';
import { SECOND } from '../../support/games.js';

describe('terminal games', () => {
  it('parses /quiz with rounds and time, /quiz stop and /quiz settings', () => {
    expect(parseTerminalLine('/quiz gan typed rounds:3 time:30')).toEqual({
      kind: 'command',
      command: { type: 'quiz', deck: 'gan', mode: 'typed', rounds: '3', time: '30' },
    });
    expect(parseTerminalLine('/quiz stop')).toEqual({ kind: 'command', command: { type: 'quiz_stop' } });
    expect(parseTerminalLine('/quiz settings time:20 speed:off')).toMatchObject({ command: { type: 'quiz_settings', time: '20', speed: 'off' } });
  });

  it.each(dbTargets)('plays a typed game with a countdown, a hint and the standings on $name', (target) =>
    withDb(target.open, async (database) => {
      const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
      const bot = await createStudyBot({ db: database.db, clock });
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      const terminal = await startTerminal({ bot, input, output, userName: 'Ada' });
      const runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [terminal.sender], clock });
      let seen = 0;
      /** Resolves with what was printed since the last call, once it contains `text`. */
      const until = async (text: string | RegExp): Promise<string> => {
        for (let waited = 0; waited < 20_000; waited += 10) {
          const fresh = printed.slice(seen);
          if (typeof text === 'string' ? fresh.includes(text) : text.test(fresh)) {
            seen = printed.length;
            return fresh;
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error(`the terminal never printed ${text}; it printed:\n${printed.slice(seen)}`);
      };
      const type = (line: string) => input.write(`${line}\n`);
      const after = (ms: number) => {
        clock.advance(ms);
        return runner.tick();
      };

      type('/quiz gan typed rounds:3 time:30');
      expect(await until('Game on')).toContain('3 questions, 30 s each');
      // A letter presses the answer of that letter, never the first button (here the only one: Stop game).
      type('a');
      expect(await until('There is no answer A on screen')).not.toContain('Stopping the game');
      await runner.tick();
      const question = await until('⏳ 30 s left');
      expect(question).toContain('Question 1 of 3');
      expect(question).toContain('[1] Answer   [2] Stop game');
      const [round] = await database.db.select().from(quizRounds);
      const card = (await createStore(database.db).getCard(round!.cardId))!;

      clock.advance(3 * SECOND);
      // Typed straight in (the Answer button's form is filled with it), on one line: some backs have several.
      type(card.back.replace(/\s*\n\s*/g, ' '));
      expect(await until('Correct')).toContain('+10 points');

      await after(12 * SECOND); // half time
      const hint = await until('Hint:');
      expect(hint).toMatch(/↻ 💡 Hint: .* · ⏳ 20 s left · 1 answered/);
      type('/as Bob');
      await until('You are now Bob.');
      type('no clue at all');
      // "I don't know" gets the answer to learn from, not a wrong verdict.
      await until('📖 Here is the answer');

      await after(15 * SECOND);
      expect(await until('Got it right (1 of 2)')).toContain('Ada +12 (3.0 s)');
      for (let i = 0; i < 15; i++) await after(5 * SECOND); // the last one: the standings, after a short pause
      const end = await until('Final standings');
      expect(end).toContain('🥇 Ada — 12 pts · 1/3 right · fastest 3.0 s');
      expect(end).toContain('2. Bob — 0 pts · 0/3 right');
      input.end();
      await terminal.closed;
    }),
  );
});
