/**
 * After an accepted appeal the terminal's earlier messages agree with the points: in a game (the
 * terminal adapter and the game-step runner in one process, as `npm start` runs them, on a fake clock)
 * an appeal accepted after the standings prints the corrected reveal and standings once, as edits of
 * those messages; a rejected one prints no edit. The terminal shows only the last message's buttons, so
 * an appeal after the reveal is pressed under the last question, whose reveal and the standings carry
 * no buttons.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startTerminal } from '../../../src/bot/terminal/index.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { createGameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, withDb } from '../../support/db.js';
import { SECOND } from '../../support/games.js';

const DECK = "front,back\nWhat does a GAN's discriminator do?,It tells real samples from generated ones.\nWhat does a GAN's generator do?,It turns random noise into samples that look real.\n";

describe('terminal: an accepted appeal edits what was shown', () => {
  it.each(dbTargets)('prints the corrected reveal and standings once, and nothing for a rejection, on $name', (target) =>
    withDb(target.open, async (database) => {
      const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
      const bot = await createStudyBot({ db: database.db, clock });
      const dir = await mkdtemp(join(tmpdir(), 'studybot-appeal-edits-'));
      await writeFile(join(dir, 'duo.csv'), DECK);
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      const terminal = await startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada', moderators: ['Ada'] });
      const runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [terminal.sender], clock });
      let seen = 0;
      /** Resolves with what was printed since the last call, once it contains `text`. */
      const until = async (text: string): Promise<string> => {
        for (let waited = 0; waited < 20_000; waited += 10) {
          const at = printed.indexOf(text, seen);
          if (at >= 0) {
            const fresh = printed.slice(seen);
            seen = printed.length;
            return fresh;
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error(`the terminal never printed ${text}; it printed:\n${printed.slice(seen)}`);
      };
      const type = async (line: string, expected: string) => {
        input.write(`${line}\n`);
        return until(expected);
      };
      /** Runs the game's steps until `text` is printed. */
      const playUntil = async (text: string) => {
        for (let i = 0; i < 30 && !printed.includes(text, seen); i++) {
          clock.advance(5 * SECOND);
          await runner.tick();
        }
        return until(text);
      };

      await type(`/deck import ${join(dir, 'duo.csv')}`, '2 cards');
      await type('/quiz duo typed rounds:2 time:30', 'Game on');
      await runner.tick();
      await until('Question 1 of 2');
      await type('/as Cy', 'You are now Cy.');
      await type('it hums a tune', 'I was right');
      await playUntil('Question 2 of 2');
      clock.advance(10 * SECOND);
      await type('/as Bob', 'You are now Bob.');
      expect(await type('it sings a song', 'I was right')).toMatch(/Not quite|Partly right/);
      const end = await playUntil('🏁 Final standings');
      expect(end).toContain('Nobody got it right (1 answered)');

      // Bob appeals after the standings; Ada, who started the game, accepts.
      await type('1', 'Review appeal');
      await type('/as Ada', 'You are now Ada.');
      await type('1', 'Appeal from Bob');
      // The edits print after the reply, the standings last.
      const accepted = await type('1', 'corrected after an appeal');
      expect(accepted).toContain('Accepted. Bob gets +10 points');
      const edits = accepted.split('\n').filter((line) => line.startsWith('↻'));
      expect(edits).toHaveLength(2);
      expect(edits[0]).toMatch(/^↻ Got it right \(1 of 1\): 🥇 Bob \+11 \(10\.0 s, accepted on appeal\) · Corrected after an appeal\.$/);
      expect(edits[1]).toMatch(/^↻ 🥇 Bob — 11 pts · 1\/2 right · fastest 10\.0 s · 2\. Cy — 0 pts · 0\/2 right · .*corrected after an appeal$/);
      expect(await type('/leaderboard', 'Leaderboard')).toMatch(/Bob — 10 pts/);

      // A single timed question: Cy appeals after its reveal, and Ada rejects it.
      await type('/quiz duo typed time:30', 'on its way');
      await runner.tick();
      await until('Timed question');
      await type('/as Cy', 'You are now Cy.');
      await type('a loud noise', 'I was right');
      await playUntil('Timed question · answer');
      await type('1', 'Review appeal');
      await type('/as Ada', 'You are now Ada.');
      await type('1', 'Appeal from Cy');
      const rejected = await type('2', 'Appeal rejected');
      expect(rejected).toContain("Rejected. Cy's verdict stands");
      // Lines are handled one at a time: once the next one is answered, this one printed all it would.
      expect(await type('/as Cy', 'You are now Cy.')).not.toContain('↻');
      expect(rejected).not.toContain('↻');
      input.end();
      await terminal.closed;
    }),
  );
});
