import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeckParseError, UserError } from '../../../src/core/errors.js';
import {
  MAX_BACK_CHARS,
  MAX_CARDS,
  MAX_DECK_BYTES,
  MAX_FRONT_CHARS,
  cardKey,
  detectFormat,
  parseDeck,
  slugify,
} from '../../../src/core/decks/parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/decks/${name}`, import.meta.url), 'utf8');

/** Run `fn`, expecting a DeckParseError; return it for inspection. */
function parseError(fn: () => unknown): DeckParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DeckParseError);
    expect(e).toBeInstanceOf(UserError);
    return e as DeckParseError;
  }
  throw new Error('expected a DeckParseError');
}

describe('plain-text decks: the user deck gan.txt', () => {
  const gan = fixture('gan.txt');
  const deck = parseDeck('gan.txt', gan);

  it('reads the title and exactly 8 cards, tagged with the section', () => {
    expect(deck.title).toBe('Generative Adversarial Network Flashcards');
    expect(deck.cards).toHaveLength(8);
    for (const c of deck.cards) expect(c.tags).toEqual(['Lecture 13']);
  });

  it('recognises questions without "?" and with "?" mid-line', () => {
    const fronts = deck.cards.map((c) => c.front);
    expect(fronts).toContain('Explain the intuition behind a GAN');
    expect(fronts).toContain('Briefly explain the CycleGAN');
    expect(fronts).toContain('What is the difference between a variational autoencoder and a basic autoencoder');
    expect(fronts).toContain(
      'What is the problem of using KL loss function in GANs? What is the solution? Hint: WGAN - explain this',
    );
  });

  it('keeps every answer whole, including the two-line WGAN answer and curly quotes', () => {
    const lines = gan.split('\n').map((l) => l.trim());
    const wgan = deck.cards.find((c) => c.front.includes('KL loss function'))!;
    expect(wgan.back).toBe(`${lines[15]}\n${lines[16]}`);
    expect(wgan.back).toContain('“earth movers distance”');
    const gan6 = deck.cards.find((c) => c.front === 'Explain the intuition behind a GAN')!;
    expect(gan6.back).toBe(lines[13]);
    const cycle = deck.cards.at(-1)!;
    expect(cycle.back).toBe(lines[18]);
    expect(deck.cards.find((c) => c.front.startsWith('What can you use'))!.back).toBe('Compression, generation,');
    // Every non-title, non-section line ends up in exactly one card.
    const used = deck.cards.flatMap((c) => [c.front, ...c.back.split('\n')]);
    expect(used).toEqual(lines.slice(2).filter((l) => l !== ''));
  });

  it('gives the same result for a CRLF + BOM + trailing-space copy', () => {
    expect(parseDeck('gan.txt', fixture('gan-crlf-bom.txt'))).toEqual(deck);
  });
});

describe('plain-text rules', () => {
  it('treats blank-line separated blocks as cards and single-line blocks as extra paragraphs', () => {
    const deck = parseDeck('glossary.txt', fixture('blank-separated.txt'));
    expect(deck.title).toBe('Glossary');
    expect(deck.cards.map((c) => c.front)).toEqual(['Backpropagation', 'Dropout', 'Batch norm']);
    expect(deck.cards[1]!.back).toBe('Randomly zeroing activations during training.\n\nA second paragraph about dropout.');
    expect(deck.cards[0]!.tags).toEqual([]);
  });

  it('tags cards by the section line above them and by # headings', () => {
    const deck = parseDeck('x.txt', 'Title\nWeek 1\nWhat is A?\nAlpha\n# Extras\nWhy B?\nBeta\nChapter 2: Intro\nHow C\nGamma');
    expect(deck.cards.map((c) => c.tags)).toEqual([['Week 1'], ['Extras'], ['Chapter 2: Intro']]);
  });

  it('recognises numbered and bulleted questions', () => {
    const deck = parseDeck('n.txt', 'T\n1) Explain X\nbecause x\n2) Explain Y\nbecause y\n- Describe Z\nit is z');
    expect(deck.cards.map((c) => [c.front, c.back])).toEqual([
      ['1) Explain X', 'because x'],
      ['2) Explain Y', 'because y'],
      ['- Describe Z', 'it is z'],
    ]);
  });

  it('reports a statement-like line that the rules take for an unanswered question', () => {
    const err = parseError(() => parseDeck('s.txt', 'T\nWhat is X?\nX is a thing.\nHow it works: magic.'));
    expect(err.line).toBe(4);
  });

  it('takes the title from the file name when the first line is already a question', () => {
    const deck = parseDeck('my-quiz_deck.txt', 'What is 2+2?\n4');
    expect(deck.title).toBe('My quiz deck');
    expect(deck.cards).toEqual([{ front: 'What is 2+2?', back: '4', tags: [] }]);
  });

  it('rejects an empty file, a title-only file and a question without an answer, naming the line', () => {
    expect(parseError(() => parseDeck('e.txt', '')).line).toBe(1);
    expect(parseError(() => parseDeck('e.txt', ' \n\n')).line).toBe(1);
    const titleOnly = parseError(() => parseDeck('t.txt', '\nJust a title\n'));
    expect(titleOnly.line).toBe(2);
    expect(titleOnly.message).toMatch(/^Line 2: No cards/);
    const noAnswerAtEnd = parseError(() => parseDeck('q.txt', 'T\nWhat is A?\nAlpha\nWhat is B?'));
    expect(noAnswerAtEnd.line).toBe(4);
    expect(noAnswerAtEnd.message).toContain('What is B?');
    const twoQuestions = parseError(() => parseDeck('q.txt', 'T\nWhat is A?\nWhat is B?\nBeta'));
    expect(twoQuestions.line).toBe(2);
    const beforeSection = parseError(() => parseDeck('q.txt', 'T\nWhat is A?\nLecture 2\nWhat is B?\nBeta'));
    expect(beforeSection.line).toBe(2);
  });

  it('rejects duplicate questions (case/punctuation-insensitive), naming both lines', () => {
    const err = parseError(() => parseDeck('d.txt', 'T\nWhat is A?\nAlpha\nWhat is B?\nBeta\nwhat is  a\nAgain alpha'));
    expect(err.line).toBe(6);
    expect(err.message).toContain('line 2');
  });
});

describe('CSV / TSV decks', () => {
  it('reads a CSV with a # title line, a header, quoted fields, multi-line cells and tags', () => {
    const deck = parseDeck('vocab.csv', fixture('vocab.csv'));
    expect(deck.title).toBe('Spanish basics');
    expect(deck.cards).toEqual([
      { front: 'hola', back: 'hello', tags: ['greetings', 'basics'] },
      { front: 'adiós', back: 'goodbye', tags: ['greetings'] },
      { front: 'gracias, amigo', back: 'thanks, friend', tags: ['basics', 'phrases'] },
      { front: 'multi\nline front', back: 'answer', tags: [] },
    ]);
  });

  it('reads a TSV without a header, with several tag columns, title from the file name', () => {
    const deck = parseDeck('no-header.tsv', fixture('no-header.tsv'));
    expect(deck.title).toBe('No header');
    expect(deck.cards).toEqual([
      { front: 'Sigmoid', back: '1 / (1 + e^-x)', tags: ['activation', 'math'] },
      { front: 'ReLU', back: 'max(0, x)', tags: ['activation'] },
    ]);
  });

  it('accepts question,answer headers and semicolon-separated exports', () => {
    expect(parseDeck('a.csv', 'Question,Answer\nQ1,A1\n').cards).toEqual([{ front: 'Q1', back: 'A1', tags: [] }]);
    expect(parseDeck('a.csv', 'front;back\nQ1;A1\nQ2;A2\n').cards).toHaveLength(2);
  });

  it('names the line of ragged rows, unbalanced quotes, empty fronts/backs and duplicates', () => {
    const ragged = parseError(() => parseDeck('r.csv', 'front,back\na,b\nc,d,e\n'));
    expect(ragged.line).toBe(3);
    expect(ragged.message).toMatch(/number of columns/);
    const quotes = parseError(() => parseDeck('q.csv', 'a,b\n"c,d\ne,f\ng,h\n'));
    expect(quotes.message).toMatch(/quote/i);
    expect(quotes.line).toBe(2);
    expect(parseError(() => parseDeck('q.csv', 'a,"b ""x"" c"\nd,"e\n')).line).toBe(2);
    expect(parseError(() => parseDeck('q.csv', 'a,b\nc"x,d\n')).line).toBe(2);
    expect(parseError(() => parseDeck('e.csv', 'a,b\n\n,d\n')).line).toBe(3);
    const emptyBack = parseError(() => parseDeck('e.csv', 'a,b\nc,\n'));
    expect(emptyBack.line).toBe(2);
    expect(emptyBack.message).toMatch(/no answer/);
    const dup = parseError(() => parseDeck('d.csv', 'front,back\nx,1\n"y\nz",2\nX!,3\n'));
    expect(dup.line).toBe(5);
    expect(dup.message).toContain('line 2');
    expect(parseError(() => parseDeck('one.csv', 'just one column\n')).line).toBe(1);
    expect(parseError(() => parseDeck('h.csv', 'front,back\n')).message).toMatch(/only a header/);
  });
});

describe('Markdown decks', () => {
  it('reads Q:/A: pairs with multi-line answers, section tags and Tags: lines', () => {
    const deck = parseDeck('prob.md', fixture('qa.md'));
    expect(deck.title).toBe('Probability');
    expect(deck.cards).toEqual([
      { front: 'What is a random variable?', back: 'A function from outcomes to numbers.\nIt may be discrete or continuous.', tags: ['Basics'] },
      { front: 'Define variance', back: 'E[(X - mu)^2]', tags: ['Basics', 'moments', 'stats'] },
      { front: 'What is KL divergence?', back: 'A measure of how one distribution differs from another.', tags: ['Divergences'] },
    ]);
  });

  it('reads heading-per-card decks', () => {
    const deck = parseDeck('terms.md', fixture('headings.md'));
    expect(deck.title).toBe('Deep learning terms');
    expect(deck.cards).toEqual([
      { front: 'What does SGD stand for?', back: 'Stochastic gradient descent.', tags: ['Optimisation'] },
      { front: 'Momentum', back: 'Keeps a running average of gradients\nso updates move smoothly.', tags: ['Optimisation', 'optimiser'] },
    ]);
  });

  it('reads Q:/A: in a .txt file as markdown', () => {
    expect(detectFormat('notes.txt', 'Q: a?\nA: b')).toBe('markdown');
    expect(parseDeck('notes.txt', 'Q: a?\nA: b').cards).toEqual([{ front: 'a?', back: 'b', tags: [] }]);
  });

  it('rejects a Q: without an A:, and stray text before the first Q:', () => {
    expect(parseError(() => parseDeck('x.md', '# T\nQ: one?\nA: 1\nQ: two?\n\nQ: three?\nA: 3')).line).toBe(4);
    expect(parseError(() => parseDeck('x.md', '# T\nhello\nQ: one?\nA: 1')).line).toBe(2);
    expect(parseError(() => parseDeck('x.md', '# Only a title\n\n')).message).toMatch(/No cards/);
    expect(parseError(() => parseDeck('x.md', '# Title\n\nWhat is this?')).line).toBe(3);
  });

  it('reads a markdown file with no Q: lines or card headings as a plain-text deck', () => {
    const md = fixture('gan.txt').replace(/^Generative Adversarial Network Flashcards/, '# GAN notes');
    const deck = parseDeck('gan.md', md);
    expect(deck.title).toBe('GAN notes');
    expect(deck.cards).toEqual(parseDeck('gan.txt', fixture('gan.txt')).cards);
  });
});

describe('limits', () => {
  it('rejects files over 1 MB', () => {
    const big = `T\n${'x'.repeat(MAX_DECK_BYTES)}`;
    expect(parseError(() => parseDeck('big.txt', big)).message).toMatch(/too large/);
  });

  it('rejects more than the maximum number of cards, naming the first extra card', () => {
    const rows = Array.from({ length: MAX_CARDS + 1 }, (_, i) => `q${i},a${i}`).join('\n');
    const err = parseError(() => parseDeck('many.csv', rows));
    expect(err.line).toBe(MAX_CARDS + 1);
    expect(err.message).toContain(String(MAX_CARDS));
    expect(parseDeck('ok.csv', rows.split('\n').slice(0, MAX_CARDS).join('\n')).cards).toHaveLength(MAX_CARDS);
  });

  it('rejects over-long fronts and backs', () => {
    const longFront = parseError(() => parseDeck('l.csv', `a,b\n${'f'.repeat(MAX_FRONT_CHARS + 1)},b\n`));
    expect(longFront.line).toBe(2);
    expect(longFront.message).toMatch(/question is too long/);
    const longBack = parseError(() => parseDeck('l.txt', `T\nWhat?\n${'b'.repeat(MAX_BACK_CHARS + 1)}`));
    expect(longBack.line).toBe(3);
    expect(longBack.message).toMatch(/answer is too long/);
    expect(parseDeck('ok.csv', `a,${'b'.repeat(MAX_BACK_CHARS)}\n`).cards).toHaveLength(1);
  });
});

describe('detectFormat', () => {
  it.each([
    ['deck.csv', 'a,b', 'csv'],
    ['deck.TSV', 'a\tb', 'tsv'],
    ['deck.md', 'x', 'markdown'],
    ['deck.markdown', 'x', 'markdown'],
    ['deck.txt', 'a\tb\nc\td', 'text'],
    ['deck', 'a\tb\nc\td', 'tsv'],
    ['deck', 'Title\nWhat?\nThat', 'text'],
  ] as const)('%s -> %s', (name, content, format) => {
    expect(detectFormat(name, content)).toBe(format);
  });
});

describe('slugify and cardKey', () => {
  it('slugifies titles', () => {
    expect(slugify('Generative Adversarial Network Flashcards')).toBe('generative-adversarial-network-flashcards');
    expect(slugify('  Übung: Lineare Algebra! (2026) ')).toBe('ubung-lineare-algebra-2026');
    expect(slugify('???')).toBe('deck');
  });

  it('gives the same key regardless of case, whitespace, punctuation and quote style', () => {
    expect(cardKey('What is a GAN?')).toBe(cardKey('  what is a   gan '));
    expect(cardKey('The “closeness”')).toBe(cardKey('The "closeness"'));
    expect(cardKey('What is a GAN?')).not.toBe(cardKey('What is a VAE?'));
  });

  it('keeps long keys short but distinct', () => {
    const a = `${'word '.repeat(100)}alpha`;
    const b = `${'word '.repeat(100)}beta`;
    expect(cardKey(a).length).toBeLessThanOrEqual(100);
    expect(cardKey(a)).not.toBe(cardKey(b));
    expect(cardKey(a)).toBe(cardKey(a.toUpperCase()));
  });
});
