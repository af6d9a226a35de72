import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportApkg, exportCsv, type ExportDeck } from '../../src/anki/export.js';
import { readApkg } from '../../src/anki/read-apkg.js';
import { cardKey, parseDeck } from '../../src/core/decks/parse.js';
import { currentApkg, legacyApkg } from '../support/anki-fixtures.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const sameCards = (cards: { key: string; front: string; back: string; tags: string[]; keyPoints?: string[]; accepted?: string[] }[]) =>
  cards.map(({ key, front, back, tags, keyPoints, accepted }) => ({ key, front, back, tags, keyPoints: keyPoints ?? [], accepted: accepted ?? [] }));

function ganDeck(): ExportDeck {
  const parsed = parseDeck('gan.txt', readFileSync(new URL('../../decks/gan.txt', import.meta.url), 'utf8'));
  return { title: parsed.title, cards: parsed.cards.map((c) => ({ ...c, key: cardKey(c.front) })) };
}

describe('exporting a deck', () => {
  it('writes a legacy .apkg that imports back to the same cards and keys, key points and accepted answers', async () => {
    const deck = ganDeck();
    expect(deck.cards.length).toBeGreaterThan(5);
    expect(deck.cards.every((c) => (c.keyPoints ?? []).length > 0)).toBe(true);
    deck.cards[0]!.accepted = ['An encoder | a decoder, with <tags> & "quotes"', 'Another answer'];
    const apkg = await exportApkg(deck, NOW);
    expect(Object.keys(unzipSync(apkg)).sort()).toEqual(['collection.anki2', 'media']);
    const back = await readApkg(apkg, 'gan.apkg');
    expect(back.format).toBe('legacy');
    expect(back.title).toBe(deck.title);
    expect(sameCards(back.cards)).toEqual(sameCards(deck.cards));
    expect(back.skipped).toEqual([]);
  });

  it.each([
    ['legacy', legacyApkg],
    ['current', currentApkg],
  ] as const)('round-trips an imported %s deck: identities, typed cards, pictures', async (_format, build) => {
    const imported = await readApkg(await build(), 'biology.apkg');
    const again = await readApkg(await exportApkg(imported, NOW), 'biology-export.apkg');
    expect(again.title).toBe(imported.title);
    const shape = (d: typeof imported) => d.cards.map(({ key, front, back, tags, typed, frontImages, backImages }) => ({ key, front, back, tags, typed, frontImages, backImages }));
    expect(shape(again)).toEqual(shape(imported));
    expect(again.media.map((m) => [m.name, Buffer.from(m.bytes).toString('hex')])).toEqual(
      imported.media.map((m) => [m.name, Buffer.from(m.bytes).toString('hex')]),
    );
  });

  it('keeps line breaks, repeated spaces and characters HTML would eat', async () => {
    const deck: ExportDeck = {
      title: 'Edge <cases> & "quotes"',
      cards: [
        { key: 'k1', front: 'a < b && c > d?', back: 'line one\nline two\n\n  not indented, but  two spaces', tags: ['Part 1', 'x::y'] },
        { key: 'k2', front: '<b>not bold</b>', back: '&amp; stays literal', tags: [] },
      ],
    };
    const back = await readApkg(await exportApkg(deck, NOW), 'x.apkg');
    expect(back.title).toBe(deck.title);
    expect(back.cards.map((c) => [c.key, c.front, c.back, c.tags])).toEqual([
      ['k1', 'a < b && c > d?', 'line one\nline two\n\nnot indented, but  two spaces', ['Part 1', 'x::y']],
      ['k2', '<b>not bold</b>', '&amp; stays literal', []],
    ]);
  });

  it('writes CSV that the CSV importer reads back to the same deck, key points and accepted answers', () => {
    const deck = ganDeck();
    deck.cards[0]!.tags = ['a tag', 'other'];
    deck.cards[1]!.accepted = ['An encoder and a decoder', 'Two networks, "quoted"'];
    const parsed = parseDeck('gan.csv', exportCsv(deck));
    expect(parsed.title).toBe(deck.title);
    const shape = (c: { front: string; back: string; tags: string[]; keyPoints?: string[]; accepted?: string[] }) => ({ front: c.front, back: c.back, tags: c.tags, keyPoints: c.keyPoints ?? [], accepted: c.accepted ?? [] });
    expect(parsed.cards.map(shape)).toEqual(deck.cards.map(shape));
    expect(parsed.cards.every((c) => (c.keyPoints ?? []).length > 0)).toBe(true);
  });

  it("reads key points and accepted answers from an Anki note's fields of those names, and leaves out a card over the limits", async () => {
    const deck: ExportDeck = {
      title: 'Limits',
      cards: [
        { key: 'k1', front: 'What does an encoder do?', back: 'It compresses the input.', tags: [], keyPoints: ['compresses the input'] },
        { key: 'k2', front: 'Too many?', back: 'Yes.', tags: [], keyPoints: Array.from({ length: 21 }, (_, i) => `point ${i}`) },
      ],
    };
    const back = await readApkg(await exportApkg(deck, NOW), 'limits.apkg');
    expect(back.cards.map((c) => [c.key, c.keyPoints])).toEqual([['k1', ['compresses the input']]]);
    expect(back.skipped).toEqual([{ noteType: 'studybot Basic', reason: expect.stringContaining('key points or accepted answers are over the limits'), cards: 1 }]);
  });
});
