import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../../src/core/decks/parse.js';
import { UserError } from '../../../src/core/errors.js';
import { CHOICE_LENGTH, buildChoices, shortenAnswer } from '../../../src/core/grading/mcq.js';
import { seededRandom } from '../../../src/core/random.js';

const gan = parseDeck('gan.txt', readFileSync(new URL('../../fixtures/decks/gan.txt', import.meta.url), 'utf8'));
const pool = gan.cards.map((c, i) => ({ id: i + 1, back: c.back }));

describe('shortenAnswer', () => {
  it('keeps a short answer, minus trailing commas and whitespace', () => {
    expect(shortenAnswer('  Compression, generation,  ')).toBe('Compression, generation');
    expect(shortenAnswer('Yes.')).toBe('Yes.');
  });

  it('takes the first sentence but does not split at abbreviations like "eg."', () => {
    expect(shortenAnswer('The encoder and the decoder. The encoder takes input and downsizes it.')).toBe(
      'The encoder and the decoder.',
    );
    expect(shortenAnswer('It makes eg. images. Then more.')).toBe('It makes eg. images.');
  });

  it('shows a one-sentence answer whole: the buttons are letters, so a choice need not fit a button', () => {
    const problems = gan.cards.find((c) => c.front.startsWith('What are some of the problems'))!;
    expect(shortenAnswer(problems.back)).toBe(problems.back.trim());
    expect(problems.back.trim().length).toBeGreaterThan(80);
  });

  it('cuts long text at a word or clause within the limit and adds an ellipsis', () => {
    for (const c of gan.cards) {
      const s = shortenAnswer(c.back);
      expect(s.length).toBeLessThanOrEqual(CHOICE_LENGTH);
      const body = s.replace(/…$/, '');
      expect(c.back.replace(/\s+/g, ' ').startsWith(body)).toBe(true);
    }
    const long = 'alpha '.repeat(30).trim();
    const s = shortenAnswer(long, 20);
    expect(s).toBe('alpha alpha alpha…');
    expect(shortenAnswer('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('buildChoices', () => {
  it('offers the shortened answer and three distinct distractors from other cards', () => {
    const target = pool[0]!;
    const before = JSON.stringify(pool);
    const set = buildChoices(target, pool, seededRandom(1));
    expect(JSON.stringify(pool)).toBe(before); // the caller's pool is not reordered
    expect(set.labels).toHaveLength(4);
    expect(set.labels[set.correctIndex]).toBe(shortenAnswer(target.back));
    const keys = set.labels.map((l) => l.toLowerCase());
    expect(new Set(keys).size).toBe(4);
    const others = new Set(pool.slice(1).map((c) => shortenAnswer(c.back)));
    set.labels.forEach((l, i) => {
      if (i !== set.correctIndex) expect(others.has(l)).toBe(true);
    });
  });

  it('is deterministic for a seed and varies the position of the answer across seeds', () => {
    const target = pool[3]!;
    expect(buildChoices(target, pool, seededRandom(9))).toEqual(buildChoices(target, pool, seededRandom(9)));
    const positions = new Set(Array.from({ length: 40 }, (_, s) => buildChoices(target, pool, seededRandom(s)).correctIndex));
    expect(positions.size).toBe(4);
  });

  it('never uses the same card, or another card whose answer reads the same', () => {
    const cards = [
      { id: 1, back: 'Paris' },
      { id: 2, back: 'paris ' },
      { id: 3, back: 'Lyon' },
      { id: 4, back: 'LYON' },
      { id: 5, back: 'Nice' },
    ];
    for (let s = 0; s < 20; s++) {
      const set = buildChoices(cards[0]!, cards, seededRandom(s));
      expect(set.labels).toHaveLength(3);
      expect(new Set(set.labels.map((l) => l.toLowerCase().trim())).size).toBe(3);
      expect(set.labels.filter((l) => l.toLowerCase().trim() === 'paris')).toHaveLength(1);
    }
  });

  it('returns fewer choices when the deck is small, and refuses below two', () => {
    const two = [
      { id: 1, back: 'A' },
      { id: 2, back: 'B' },
    ];
    const set = buildChoices(two[0]!, two, seededRandom(3));
    expect([...set.labels].sort()).toEqual(['A', 'B']);
    expect(() => buildChoices(two[0]!, [two[0]!], seededRandom(3))).toThrow(UserError);
    expect(() => buildChoices(two[0]!, [two[0]!], seededRandom(3))).toThrow(
      'This deck needs at least 2 cards for multiple choice',
    );
    expect(() => buildChoices(two[0]!, [two[0]!, { id: 7, back: ' a ' }], seededRandom(3))).toThrow(/too alike/);
  });

  it('tells apart answers that share a first sentence by a longer cut', () => {
    const cards = [
      { id: 1, back: 'It depends. On the learning rate.' },
      { id: 2, back: 'It depends. On the batch size.' },
      { id: 3, back: 'It depends. On the optimiser.' },
    ];
    const set = buildChoices(cards[0]!, cards, seededRandom(1));
    expect(set.labels).toHaveLength(3);
    expect(set.labels[set.correctIndex]).toBe('It depends. On the learning rate.');
    expect(set.labels.filter((l, i) => i !== set.correctIndex).sort()).toEqual([
      'It depends. On the batch size.',
      'It depends. On the optimiser.',
    ]);
  });

  it('honours a custom count', () => {
    expect(buildChoices(pool[0]!, pool, seededRandom(5), 3).labels).toHaveLength(3);
    expect(buildChoices(pool[0]!, pool, seededRandom(5), 8).labels).toHaveLength(8);
    expect(buildChoices(pool[0]!, pool, seededRandom(5), 20).labels).toHaveLength(8);
  });
});
