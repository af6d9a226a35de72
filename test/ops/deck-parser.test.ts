/**
 * Imports that would block everyone (issue 12, item 7): a file with too many lines stops after a cheap
 * count, before any parsing; the worker-thread parser gives the same decks and the same line-naming
 * errors as parseDeck, stops a parse that runs too long, and bounds its queue. The event-loop delay
 * figures are in `npm run bench:imports`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DECK_LINES, parseDeck } from '../../src/core/decks/parse.js';
import { BusyError, DeckParseError, UserError } from '../../src/core/errors.js';
import { createDeckParser, type DeckParserWorker } from '../../src/ops/deck-parser.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => `question ${i},answer ${i}`).join('\n');

let parser: DeckParserWorker | undefined;
afterEach(async () => {
  await parser?.close();
  parser = undefined;
});

describe('the line limit', () => {
  it('stops a 100,000-line file at the first line over the limit, before parsing any of it', () => {
    // The broken row at the very end would be the first error if the file were parsed.
    const content = `${Array.from({ length: 99_999 }, (_, i) => `q${i},a`).join('\n')}\n"never closed,x`;
    expect(content.length).toBeLessThan(1024 * 1024);
    let error: unknown;
    try {
      parseDeck('huge.csv', content);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeckParseError);
    expect((error as DeckParseError).line).toBe(MAX_DECK_LINES + 1);
    expect((error as Error).message).toMatch(/Too many lines/);
  });

  it('accepts a file at the limit, and a final newline is not a line', () => {
    const content = `front,back\n${rows(2000)}\n${'\n'.repeat(MAX_DECK_LINES - 2003)}\n`;
    expect(parseDeck('full.csv', content).cards).toHaveLength(2000);
  });
});

describe('the worker-thread parser', () => {
  it('returns what parseDeck returns, and its errors as DeckParseErrors naming the line', async () => {
    parser = createDeckParser();
    const content = `front,back\n${rows(300)}`;
    expect(await parser.parse('deck.csv', content)).toEqual(parseDeck('deck.csv', content));
    const error = await parser.parse('bad.csv', 'front,back\na,b\nc,d,e\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeckParseError);
    expect([(error as DeckParseError).line, (error as Error).message]).toEqual([3, expect.stringMatching(/^Line 3: .*columns/)]);
    // One thread serves the imports one after another.
    const decks = await Promise.all([1, 2, 3].map((n) => parser!.parse(`d${n}.csv`, rows(n * 10))));
    expect(decks.map((d) => d.cards.length)).toEqual([10, 20, 30]);
  });

  it('stops a parse that runs too long, and the next import gets a fresh thread', async () => {
    parser = createDeckParser({ timeoutMs: 1 });
    const slow = await parser.parse('slow.csv', rows(15_000)).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(UserError);
    expect((slow as Error).message).toMatch(/too long/);
    await parser.close();
    parser = createDeckParser();
    expect((await parser.parse('ok.csv', rows(5))).cards).toHaveLength(5);
  });

  it('refuses imports beyond its queue with a busy message, and oversized text before copying it', async () => {
    parser = createDeckParser({ maxQueue: 1 });
    const results = await Promise.allSettled([1, 2, 3].map(() => parser!.parse('q.csv', rows(2000))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(BusyError);
    await expect(parser.parse('big.txt', 'x'.repeat(1024 * 1024 + 1))).rejects.toThrow(/too large/);
  });
});
