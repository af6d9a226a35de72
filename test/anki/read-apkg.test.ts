import { beforeAll, describe, expect, it } from 'vitest';
import { ankiReviewLog } from '../../src/anki/history.js';
import { ankiCardKey } from '../../src/anki/identity.js';
import { readApkg } from '../../src/anki/read-apkg.js';
import { SKIP_REASONS } from '../../src/anki/note-cards.js';
import type { AnkiDeck, AnkiReview } from '../../src/anki/types.js';
import { currentApkg, legacyApkg, tinyPng } from '../support/anki-fixtures.js';

const formats = [
  { format: 'legacy', build: () => legacyApkg() },
  { format: 'current', build: () => currentApkg() },
] as const;

describe.each(formats)('reading a $format .apkg', ({ format, build }) => {
  let deck: AnkiDeck;
  beforeAll(async () => {
    deck = await readApkg(await build(), 'biology.apkg');
  });

  it('recognises the format', () => {
    expect(deck.format).toBe(format);
  });

  it('titles the deck after the common parent deck and makes sub-decks sections', () => {
    expect(deck.title).toBe('Biology');
    const mito = deck.cards.find((c) => c.key === ankiCardKey('mito-guid', 0))!;
    expect(mito.tags).toEqual(['Cells::Organelles', 'organelles', 'energy metabolism']);
    const ribo = deck.cards.find((c) => c.key === ankiCardKey('ribo-guid', 0))!;
    expect(ribo.tags).toEqual([]);
  });

  it('turns field HTML into text: markup dropped, entities decoded, line breaks kept', () => {
    const mito = deck.cards.find((c) => c.key === ankiCardKey('mito-guid', 0))!;
    expect(mito.front).toBe('What is the powerhouse of the cell?');
    expect(mito.back).toBe('The mitochondrion & its cristae\n(inner folds)');
    expect(mito.typed).toBe(false);
  });

  it('makes two cards of a reversed note, the second one asking the back', () => {
    const forward = deck.cards.find((c) => c.key === ankiCardKey('nucleus-guid', 0))!;
    const reverse = deck.cards.find((c) => c.key === ankiCardKey('nucleus-guid', 1))!;
    expect([forward.front, forward.back]).toEqual(['Nucleus', "Holds the cell's DNA"]);
    expect([reverse.front, reverse.back]).toEqual(["Holds the cell's DNA", 'Nucleus']);
  });

  it('makes a typed card per cloze number, with hints and the Back Extra kept apart', () => {
    const c1 = deck.cards.find((c) => c.key === ankiCardKey('ribo-guid', 0))!;
    const c2 = deck.cards.find((c) => c.key === ankiCardKey('ribo-guid', 1))!;
    expect(c1).toMatchObject({ front: '[...] make proteins', back: 'Ribosomes', extra: 'Found in all cells', typed: true });
    expect(c2).toMatchObject({ front: 'Ribosomes make [molecules]', back: 'proteins', typed: true });
  });

  it('keeps pictures as references, with their bytes', () => {
    const golgi = deck.cards.find((c) => c.key === ankiCardKey('golgi-guid', 0))!;
    expect(golgi.front).toBe('Name this organelle:');
    expect(golgi.frontImages).toEqual(['golgi.png']);
    expect(golgi.backImages).toEqual([]);
    expect(deck.media).toHaveLength(1);
    expect(deck.media[0]).toMatchObject({ name: 'golgi.png', mime: 'image/png' });
    expect(Buffer.from(deck.media[0]!.bytes).equals(Buffer.from(tinyPng()))).toBe(true);
  });

  it('imports what it can and reports the note types it skipped', () => {
    expect(deck.cards).toHaveLength(6);
    expect(deck.skipped).toEqual([{ noteType: 'Image Occlusion', reason: SKIP_REASONS.imageOcclusion, cards: 1 }]);
    expect(deck.warnings).toEqual([]);
  });

  it('brings the review history along per card identity, oldest first', () => {
    const byKey = new Map(deck.history.map((h) => [h.key, h.reviews]));
    const mito = byKey.get(ankiCardKey('mito-guid', 0))!;
    expect(mito.map((r) => [r.rating, r.kind])).toEqual([[3, 'learn'], [3, 'review'], [1, 'relearn']]);
    expect(mito[0]!.intervalDays).toBeCloseTo(600 / 86_400);
    expect(mito[1]!.intervalDays).toBe(3);
    expect(mito[1]!.reviewedAt.getTime() - mito[0]!.reviewedAt.getTime()).toBe(86_400_000);
    const reverse = byKey.get(ankiCardKey('nucleus-guid', 1))!;
    expect(reverse.map((r) => [r.rating, r.kind])).toEqual([[4, 'learn'], [0, 'manual']]);
    // the skipped Image Occlusion card and cards never reviewed have no history
    expect(deck.history).toHaveLength(2);
  });
});

describe('Anki review history as a review log', () => {
  it('gives each review the state the card was in, and leaves manual changes out', async () => {
    const deck = await readApkg(await legacyApkg(), 'biology.apkg');
    const logs = deck.history.map(ankiReviewLog);
    expect(logs.map((l) => l.map((e) => [e.rating, e.state]))).toEqual([
      [[3, 0], [3, 2], [1, 3]],
      [[4, 0]],
    ]);
  });

  it('treats Forget as making the card new again', () => {
    const at = (d: number) => new Date(Date.UTC(2026, 0, d));
    const reviews: AnkiReview[] = [
      { reviewedAt: at(1), rating: 3, kind: 'learn', intervalDays: 1, durationMs: 1 },
      { reviewedAt: at(2), rating: 0, kind: 'manual', intervalDays: 0, durationMs: 0 },
      { reviewedAt: at(3), rating: 1, kind: 'learn', intervalDays: 0.01, durationMs: 1 },
      { reviewedAt: at(3), rating: 3, kind: 'learn', intervalDays: 1, durationMs: 1 },
    ];
    expect(ankiReviewLog({ key: 'k', reviews }).map((e) => e.state)).toEqual([0, 0, 1]);
  });
});
