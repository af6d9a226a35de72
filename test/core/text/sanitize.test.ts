/**
 * Odd bytes (issue 12, item 8): NUL and other control characters, invalid UTF-8, invisible-only cards and
 * right-to-left overrides, in deck files and typed answers. Pure checks first, then through the real core
 * and database, where a NUL used to reach Postgres and come back as "something went wrong".
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../../src/core/decks/parse.js';
import { DeckParseError } from '../../../src/core/errors.js';
import { typedAnswerProblem } from '../../../src/core/options.js';
import { cleanInputText, hasVisibleText } from '../../../src/core/text/sanitize.js';
import { answers, decks } from '../../../src/db/schema.js';
import { makeBot, roundIdOf } from '../../support/core.js';
import { dbTargets, withDb } from '../../support/db.js';

function parseError(run: () => unknown): DeckParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof DeckParseError) return error;
    throw error;
  }
  throw new Error('expected a DeckParseError');
}

describe('deck files with odd bytes', () => {
  it('refuses NUL bytes and other control characters, naming the line', () => {
    const nul = parseError(() => parseDeck('d.csv', 'front,back\nok,fine\nbad\u0000,x\n'));
    expect(nul.line).toBe(3);
    expect(nul.message).toMatch(/^Line 3: .*NUL.*UTF-8/);
    const bell = parseError(() => parseDeck('d.txt', 'Title\nWhat is A?\nAl\u0007pha\n'));
    expect(bell.line).toBe(3);
    expect(bell.message).toContain('U+0007');
  });

  it('refuses a UTF-16 file and random binary as not text, instead of importing mojibake', () => {
    const utf16 = Buffer.from('\uFEFFTitle\nWhat is A?\nAlpha\n', 'utf16le').toString('utf8');
    expect(parseError(() => parseDeck('deck.txt', utf16)).message).toMatch(/NUL|UTF-8/);
    const binary = randomBytes(4096).toString('utf8');
    expect(parseError(() => parseDeck('deck.txt', binary)).message).toMatch(/binary|UTF-8/);
    const latin1 = Buffer.from('Title\nWhat is café?\nA drink\n', 'latin1').toString('utf8');
    const bad = parseError(() => parseDeck('deck.txt', latin1));
    expect([bad.line, bad.message]).toEqual([2, expect.stringMatching(/not valid UTF-8/)]);
  });

  it('refuses a card made only of zero-width or other invisible characters, naming its line', () => {
    const front = parseError(() => parseDeck('z.csv', 'front,back\nok,fine\n\u200B\u200D\u2060,answer\n'));
    expect([front.line, front.message]).toEqual([3, expect.stringMatching(/only invisible/)]);
    const back = parseError(() => parseDeck('z.txt', 'Title\nWhat is A?\n\u200C\u200B\n'));
    expect(back.message).toMatch(/answer .* only invisible/);
    expect(parseError(() => parseDeck('z.md', '# \u200B\u200B\nQ: a?\nA: b')).message).toMatch(/title/);
  });

  it('removes bidi overrides and zero-width spaces but keeps right-to-left text and joiners', () => {
    const deck = parseDeck('rtl.csv', 'front,back\n"What does \u202Eevil\u202C say?",\u200Bfine\nما هو الشبكة؟,شبكة\n👩\u200D💻 means?,a coder\n');
    expect(deck.cards.map((c) => [c.front, c.back])).toEqual([
      ['What does evil say?', 'fine'],
      ['ما هو الشبكة؟', 'شبكة'],
      ['👩\u200D💻 means?', 'a coder'],
    ]);
  });

  it('treats a question that differs only by invisible characters as a duplicate', () => {
    const dup = parseError(() => parseDeck('d.csv', 'What is A?,x\nWhat\u200B is A?,y\n'));
    expect([dup.line, dup.message]).toEqual([2, expect.stringMatching(/Duplicate.*line 1/)]);
  });

  it('turns page breaks into spaces without shifting line numbers', () => {
    const deck = parseDeck('p.txt', 'Title\nWhat is A?\nAlpha\fcontinued\n');
    expect(deck.cards[0]!.back).toBe('Alpha continued');
  });
});

describe('typed answers with odd bytes', () => {
  it('drops control characters and invisibles, and calls an invisible answer empty', () => {
    expect(cleanInputText(' two\u0000 net\u200Bworks\u202E ')).toBe('two networks');
    expect(typedAnswerProblem('\u200B\u200D\u0000')).toMatch(/empty/);
    expect(typedAnswerProblem('a\u0000b')).toBeNull();
    expect(hasVisibleText('\u3164\u200C\u00A0')).toBe(false);
  });
});

describe.each(dbTargets)('odd bytes through the core on $name', (target) => {
  it('grades a typed answer with NUL bytes and stores it cleaned; a deck with one is refused by line', () =>
    withDb(target.open, async (database) => {
      const t = await makeBot(database);
      const ada = t.as('Ada');
      const quiz = await ada({ type: 'quiz', deck: 'gan', mode: 'typed' });
      const roundId = roundIdOf(quiz);
      const open = await ada({ type: 'press', id: quiz.reply!.choices![0]!.id });
      const reference = (await t.store.getRound(roundId))!.card.back;
      const graded = await ada({ type: 'submit', id: open.modal!.id, text: `\u0000${reference}\u0000` }, 'nul-1');
      expect(graded.reply?.title).toMatch(/Correct/);
      const [stored] = await database.db.select().from(answers);
      expect(stored?.text).toBe(reference);

      const imported = await ada({ type: 'deck_import', filename: 'odd\u0000.csv', content: 'front,back\nA?,a\nB\u0000?,b\n' });
      expect(imported.reply?.text).toMatch(/^Line 3: .*NUL/);
      const named = await ada({ type: 'deck_import', filename: 'odd\u0000name.csv', content: 'front,back\nA?,a\n' });
      expect(named.reply?.text).toMatch(/imported|1 card \(/i);
      expect((await database.db.select().from(decks)).map((d) => d.source)).toContain('oddname.csv');
    }));
});
