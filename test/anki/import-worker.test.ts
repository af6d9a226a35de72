import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importApkg } from '../../src/anki/import.js';
import { ANKI_LIMITS } from '../../src/anki/limits.js';
import { readApkg } from '../../src/anki/read-apkg.js';
import { DeckParseError } from '../../src/core/errors.js';
import { APKG_PIECE } from '../../src/anki/protocol.js';
import { currentApkg, legacyApkg, NOTE_TYPES } from '../support/anki-fixtures.js';

/** A package of `count` Basic cards with two reviews each: several pieces' worth (see protocol.ts). */
async function manyCardsApkg(count: number): Promise<Uint8Array> {
  const at = Date.UTC(2025, 0, 1);
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  return legacyApkg(
    {
      noteTypes: [NOTE_TYPES.basic],
      decks: [{ id: 10, name: 'Many' }],
      notes: ids.map((n) => ({ id: n, guid: `g${n}`, noteTypeId: NOTE_TYPES.basic.id, tags: [], fields: [`Question ${n}`, `Answer ${n}`] })),
      cards: ids.map((n) => ({ id: n, noteId: n, deckId: 10, ord: 0 })),
      revlog: ids.flatMap((n) => [0, 1].map((r) => ({ id: at + (n * 2 + r) * 60_000, cardId: n, ease: 3, ivl: r + 1, lastIvl: r, time: 4000, type: r }))),
    },
    [],
  );
}

describe('reading an .apkg in a worker thread', () => {
  it('gives the same deck as reading it in place, pictures included', async () => {
    const apkg = await currentApkg();
    const [inWorker, inPlace] = await Promise.all([importApkg(apkg, 'biology.apkg'), readApkg(apkg, 'biology.apkg')]);
    expect(inWorker).toEqual(inPlace);
    expect(inWorker.media[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(inWorker.history[0]!.reviews[0]!.reviewedAt).toBeInstanceOf(Date);
  });

  it('brings a deck of several pieces (see protocol.ts) back whole and in order', async () => {
    const count = APKG_PIECE * 2 + 37;
    const apkg = await manyCardsApkg(count);
    const inWorker = await importApkg(apkg, 'many.apkg');
    expect(inWorker.cards).toHaveLength(count);
    expect(inWorker.history).toHaveLength(count);
    expect(inWorker).toEqual(await readApkg(apkg, 'many.apkg'));
  });

  it('passes bad input back as the same clear error', async () => {
    const error = await importApkg(strToU8('not a zip, just text'), 'deck.apkg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeckParseError);
    expect((error as Error).message).toMatch(/an \.apkg file is a zip archive/);
  });

  it('gives up on a file that takes too long, with a message', async () => {
    const error = await importApkg(await currentApkg(), 'deck.apkg', { ...ANKI_LIMITS, workerTimeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeckParseError);
    expect((error as Error).message).toMatch(/took longer than 1 second;/);
  });
});
