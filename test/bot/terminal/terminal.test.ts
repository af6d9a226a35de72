import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createStudyBot } from '../../../src/app.js';
import type { StudyBotApi } from '../../../src/core/bot.js';
import type { Request } from '../../../src/core/commands.js';
import { MAX_DECK_BYTES } from '../../../src/core/decks/limits.js';
import { startTerminal } from '../../../src/bot/terminal/index.js';
import { parseTerminalLine } from '../../../src/bot/terminal/parse.js';
import { answers, users } from '../../../src/db/schema.js';
import { GAN_CATALOG } from '../../../src/ml/catalog.js';
import { openTemplatedPglite } from '../../support/pglite-template.js';
import { terminalHarness } from '../../support/terminal-harness.js';
import { legacyApkg } from '../../support/anki-fixtures.js';

/** A PGlite open plus a dozen commands: seconds on an idle machine, far longer on a loaded one. */
const SLOW = 180_000;

describe('terminal adapter', () => {
  it('parses commands, options, numbers and free text', () => {
    expect(parseTerminalLine('/quiz gan typed')).toEqual({ kind: 'command', command: { type: 'quiz', deck: 'gan', mode: 'typed' } });
    expect(parseTerminalLine('/generate model:wgan digit:7 seed:3')).toMatchObject({
      command: { type: 'generate', model: 'wgan', digit: '7', seed: '3' },
    });
    expect(parseTerminalLine('/daily on deck:gan time:09:00 tz:Europe/Stockholm')).toMatchObject({
      command: { type: 'daily', action: 'on', deck: 'gan', time: '09:00', tz: 'Europe/Stockholm' },
    });
    expect(parseTerminalLine('2')).toEqual({ kind: 'pick', index: 1 });
    expect(parseTerminalLine('c')).toEqual({ kind: 'letter', letter: 'C' });
    expect(parseTerminalLine('two networks')).toEqual({ kind: 'text', text: 'two networks' });
    expect(parseTerminalLine('/frobnicate')).toEqual({ kind: 'unknown', word: '/frobnicate' });
  });

  it('reads command words as Slack does: a word a command does not take is named with its usage, not ignored', () => {
    const usage = (line: string) => {
      const parsed = parseTerminalLine(line);
      expect(parsed.kind, line).toBe('usage');
      return parsed.kind === 'usage' ? parsed.text : '';
    };
    // `/generate vae 3` used to draw a random VAE picture, dropping the 3 without a word.
    expect(usage('/generate vae 3')).toMatch(/I don't understand `3`[\s\S]*Usage: `\/generate \[model:<name>\] \[digit:<0-9>\]/);
    expect(usage('/review now')).toContain("I don't understand `now`");
    expect(usage('/quiz gan colour:red')).toContain('Unknown option `colour:`');
    expect(usage('/quiz stop gan')).toContain('`/quiz stop` takes no other options.');
    expect(usage('/quiz help')).toMatch(/^Usage: `\/quiz/);
    expect(usage('/as')).toContain('/as <name>');
    expect(usage('/deck')).toContain('/deck import <path');
    expect(parseTerminalLine('/lb channel week')).toEqual({ kind: 'command', command: { type: 'leaderboard', scope: 'channel', period: 'week' } });
    expect(parseTerminalLine('/tz Europe/Oslo')).toEqual({ kind: 'command', command: { type: 'timezone', tz: 'Europe/Oslo' } });
    expect(parseTerminalLine('/fsrs retention 0.85')).toEqual({ kind: 'command', command: { type: 'fsrs', action: 'retention', value: '0.85' } });
    expect(parseTerminalLine('/deck export gan')).toEqual({ kind: 'command', command: { type: 'deck_export', deck: 'gan' } });
    expect(parseTerminalLine('/deck import my decks/lecture 13.apkg history:yes')).toEqual({ kind: 'import', path: 'my decks/lecture 13.apkg', history: 'yes' });
    expect(parseTerminalLine('/as  Ada   Lovelace')).toEqual({ kind: 'as', name: 'Ada Lovelace' });
    expect(parseTerminalLine('/QUIT')).toEqual({ kind: 'quit' });
  });

  it('runs a quiz, a typed answer, a second user and the leaderboard on the embedded database', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-term-'));
    try {
      const bot = await createStudyBot({ db: database.db });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada' }));

      expect(await term.send('/decks')).toContain('`gan`');
      const quiz = await term.send('/quiz gan');
      expect(quiz).toMatch(/\[1\] A\s+\[2\] B\s+\[3\] C\s+\[4\] D/);
      expect(await term.send('2')).toMatch(/Correct!|Not quite/);
      expect(await term.send('9')).toContain('There is no button [9]');
      // Ada asked, so her Reveal shows the answer and who got it; the question's buttons are gone.
      const revealed = await term.send('5');
      expect(revealed).toContain('Quiz answer');
      expect(revealed).toMatch(/Got it right \(1 of 1\): .*Ada|Nobody got it right \(1 answered\)/);
      expect(await term.send('1')).toContain('There is no button [1]');

      await term.send('/quiz gan typed');
      const verdict = await term.send('Two networks, a generator and a discriminator, the generator tries to fool the discriminator');
      expect(verdict).toMatch(/Correct|Partly right|Not quite/);
      expect(verdict).toContain('Reference answer');

      expect(await term.send('/as Bob')).toContain('You are now Bob');
      const board = await term.send('/leaderboard');
      expect(board).toContain('Leaderboard');
      expect(await term.send('/nonsense')).toContain('Unknown command /nonsense');
      expect(await term.send('/deck import /no/such/file.txt')).toContain('Cannot read /no/such/file.txt: there is no such file. `/deck import` takes a deck file');
      expect(await term.send(`/deck import ${dir}`)).toContain('that is a folder, not a file');

      const deckFile = join(dir, 'capitals.csv');
      await writeFile(deckFile, 'front,back\nCapital of Sweden?,Stockholm\nCapital of Norway?,Oslo\n');
      expect(await term.send(`/deck import ${deckFile}`)).toMatch(/2 cards \(2 new/);
      await term.end();

      const rows = await database.db.select().from(answers).innerJoin(users, eq(users.id, answers.userId));
      expect(rows.map((r) => r.users.displayName).sort()).toEqual(['Ada', 'Ada']);
    } finally {
      await database.close();
    }
  }, SLOW);

  it('opens a new quiz for the first /quiz of a second run on the same database, not the first run\'s again', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-term-'));
    try {
      const bot = await createStudyBot({ db: database.db });
      const run = () => terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada' }));
      const first = run();
      expect(await first.send('/quiz gan')).toContain('0 answered');
      expect(await first.send('1')).toMatch(/Correct!|Not quite/);
      await first.end();

      const second = run();
      expect(await second.send('/quiz gan')).toContain('0 answered');
      expect(await second.send('1')).toMatch(/Correct!|Not quite/);
      await second.end();
      expect(await database.db.select().from(answers)).toHaveLength(2);
    } finally {
      await database.close();
    }
  }, SLOW);

  it('presses the button a typed line names ("show", "next card"), and grades any other line as the answer', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-term-'));
    try {
      const bot = await createStudyBot({ db: database.db });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada' }));
      expect(await term.send('/review')).toMatch(/\[1\] Show answer\s+\[2\] Type answer/);
      // "show" used to be graded as the answer "show" (0%, Again).
      const shown = await term.send('show');
      expect(shown).toContain('Answer: The encoder and the decoder');
      expect(shown).not.toMatch(/Not quite|Saved Again/);
      expect(shown).toMatch(/\bGood\b/);
      expect(await term.send('Good')).toMatch(/Saved Good/);
      expect(await term.send('/review')).toMatch(/\[1\] Show answer/);
      // Not a label: typed as the answer, and graded.
      expect(await term.send('the generator and the discriminator')).toMatch(/Correct|Partly right|Not quite/);
      expect(await term.send('NEXT CARD!')).toMatch(/\[1\] Show answer\s+\[2\] Type answer/);
      await term.end();
    } finally {
      await database.close();
    }
  }, SLOW);

  it('refuses a deck file over the 1 MB cap without asking the core, and passes one within it on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'studybot-cap-'));
    const requests: Request[] = [];
    const bot: StudyBotApi = {
      handle: async (request) => {
        requests.push(request);
        return { reply: { text: 'Imported.', visibility: 'private' } };
      },
      suggestDecks: async () => [],
    };
    const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada' }));
    const tooBig = join(dir, 'big.txt');
    await writeFile(tooBig, `T\n${'x'.repeat(MAX_DECK_BYTES)}`);
    expect(await term.send(`/deck import ${tooBig}`)).toContain('too big');
    expect(requests).toEqual([]);
    // 1 MB is 1,048,576 bytes, as the core's parser counts it: a file of 1,000,001 bytes is within it.
    const within = join(dir, 'within.txt');
    await writeFile(within, `T\n${'x'.repeat(999_999)}`);
    expect(await term.send(`/deck import ${within}`)).toContain('Imported.');
    expect(requests.map((r) => r.command.type)).toEqual(['deck_import']);
    await term.end();
  });

  it('draws a lecture card\'s model from its See it button and saves the picture', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-see-'));
    try {
      const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
      const drawn: string[] = [];
      const generator = {
        models: () => GAN_CATALOG,
        generate: async (request: { model: string; seed: number }) => {
          drawn.push(request.model);
          return { png, width: 28, height: 28, model: request.model, backend: 'cpu', millis: 3 };
        },
        close: async () => {},
      };
      const bot = await createStudyBot({ db: database.db, generator });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir }));
      await term.send('/review');
      const answer = await term.send('1');
      const see = /\[(\d)\] See it: ([^\[\n]+)/.exec(answer);
      expect(see, answer).not.toBeNull();
      const picture = await term.send(see![1]!);
      const model = GAN_CATALOG.find((m) => m.title === see![2]!.trim())!;
      expect(drawn).toEqual([model.name]);
      expect(picture).toContain(join(dir, `${model.name}-`));
      expect(picture).toContain('The deck explains it');

      // A reveal that carries a See it button is still the question closing: it used to print nothing.
      await term.send('/quiz gan');
      const revealed = await term.send('reveal');
      expect(revealed).toContain('Quiz answer');
      expect(revealed).toMatch(/\[1\] See it: /);
      expect(await term.send('a')).toContain('There is no answer A on screen');
      await term.end();
    } finally {
      await database.close();
    }
  }, SLOW);

  it('imports an .apkg (with history:yes), saves /deck export files, and shows and sets /fsrs', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-anki-'));
    try {
      const bot = await createStudyBot({ db: database.db });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada' }));
      const apkg = join(dir, 'biology.apkg');
      await writeFile(apkg, await legacyApkg());
      const imported = await term.send(`/deck import ${apkg} history:yes`);
      expect(imported).toContain('**Biology** as `biology`: 6 cards'.replace(/\*\*/g, ''));
      expect(imported).toContain('4 reviews of 2 cards');
      const exported = await term.send('/deck export biology');
      expect(exported).toContain(`Saved ${join(dir, 'biology.apkg')}`);
      expect(exported).toContain(`Saved ${join(dir, 'biology.csv')}`);
      expect((await readFile(join(dir, 'biology.csv'), 'utf8')).split('\n')[0]).toBe('# title: Biology');
      expect(await term.send('/fsrs')).toMatch(/Desired retention: 90% \(the default\)/);
      expect(await term.send('/fsrs retention 0.85')).toContain('Your desired retention is now 85%');
      expect(await term.send('/fsrs retention 0.5')).toContain('between 0.7 and 0.97');
      expect(await term.send('/fsrs optimize')).toMatch(/Not enough reviews .* You have 2; it needs at least 1000/);
      await term.end();
    } finally {
      await database.close();
    }
  }, SLOW);

  it('saves /generate images to the output folder', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-gen-'));
    try {
      const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
      const generator = {
        models: () => [{ name: 'dcgan', title: 'DCGAN', loss: 'BCE', conditional: true, cardHint: 'GAN' }],
        generate: async () => ({ png, width: 1, height: 1, model: 'dcgan', backend: 'cpu', millis: 3 }),
        close: async () => {},
      };
      const bot = await createStudyBot({ db: database.db, generator });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir }));
      const out = await term.send('/generate seed:5');
      expect(out).toContain(join(dir, 'dcgan-5.png'));
      expect(new Uint8Array(await readFile(join(dir, 'dcgan-5.png')))).toEqual(png);
      await term.end();
    } finally {
      await database.close();
    }
  }, SLOW);
});
