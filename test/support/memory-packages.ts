/**
 * The memory Store's side of Anki packages, as the real store keeps it (src/db/deck-package.ts): a deck's
 * pictures replaced on import, which cards show which, and an importer's history written once.
 */
import type { DeckMedia } from '../../src/core/decks/package.js';
import type { ImportedCardHistory, Store } from '../../src/core/ports.js';
import type { CardState } from '../../src/core/scheduling/fsrs.js';
import { push, upsert, type emptyTables } from './memory-tables.js';

type Tables = ReturnType<typeof emptyTables>;

export function replaceDeckMedia(
  tables: Tables,
  deckId: number,
  media: readonly DeckMedia[],
  refs: readonly { key: string; frontImages?: string[]; backImages?: string[] }[],
  cardIds: Map<string, number>,
): void {
  const ids = new Set(cardIds.values());
  tables.cardImages.splice(0, tables.cardImages.length, ...tables.cardImages.filter((i) => !ids.has(i.cardId)));
  tables.deckMedia.splice(0, tables.deckMedia.length, ...tables.deckMedia.filter((m) => m.deckId !== deckId));
  for (const file of media) push(tables.deckMedia, { deckId, name: file.name, mime: file.mime, bytes: file.bytes });
  const known = new Set(media.map((m) => m.name));
  for (const card of refs) {
    const cardId = cardIds.get(card.key)!;
    const add = (names: string[] | undefined, side: 0 | 1) =>
      (names ?? []).filter((n) => known.has(n)).forEach((name, position) => tables.cardImages.push({ cardId, side, position, name }));
    add(card.frontImages, 0);
    add(card.backImages, 1);
  }
}

/** Cards the user has studied keep their own state; a repeated review (same card and time) is written once. */
export function writeImportedHistory(tables: Tables, userId: number, history: readonly ImportedCardHistory[], cardIds: Map<string, number>) {
  const result = { cards: 0, reviews: 0, kept: 0 };
  for (const h of history) {
    const cardId = cardIds.get(h.key);
    if (cardId === undefined) continue;
    if (tables.cardStates.some((s) => s.userId === userId && s.cardId === cardId)) {
      result.kept++;
      continue;
    }
    result.cards++;
    result.reviews += h.logs.length;
    upsert(tables.cardStates, (s) => s.userId === userId && s.cardId === cardId, { ...h.state, ...wholeDays(h.state), userId, cardId });
    for (const log of h.logs) {
      const key = `anki:${cardId}:${log.reviewedAt.getTime()}`;
      if (tables.reviewLogs.some((l) => l.userId === userId && l.idempotencyKey === key)) continue;
      push(tables.reviewLogs, { ...log, ...wholeDays(log), lastElapsedDays: Math.round(log.lastElapsedDays), userId, cardId, source: 'anki', idempotencyKey: key });
    }
  }
  return result;
}

export function deckPackage(tables: Tables, deckId: number): Awaited<ReturnType<Store['deckPackage']>> {
  const cards = tables.cards.filter((c) => c.deckId === deckId && !c.archived).sort((a, b) => a.position - b.position);
  const names = (cardId: number, side: 0 | 1) => tables.cardImages.filter((i) => i.cardId === cardId && i.side === side).sort((a, b) => a.position - b.position).map((i) => i.name);
  return {
    cards: cards.map((c) => ({ key: c.key, front: c.front, back: c.back, tags: [...c.tags], keyPoints: [...c.keyPoints], accepted: [...c.accepted], typed: c.typed ?? false, frontImages: names(c.id, 0), backImages: names(c.id, 1) })),
    media: tables.deckMedia.filter((m) => m.deckId === deckId).map(({ name, mime, bytes }) => ({ name, mime, bytes })),
  };
}

export function cardImages(tables: Tables, cardId: number): Awaited<ReturnType<Store['cardImages']>> {
  const card = tables.cards.find((c) => c.id === cardId);
  const pick = (side: 0 | 1) =>
    tables.cardImages
      .filter((i) => i.cardId === cardId && i.side === side)
      .sort((a, b) => a.position - b.position)
      .flatMap((i) => tables.deckMedia.filter((m) => m.deckId === card?.deckId && m.name === i.name))
      .map(({ name, mime, bytes }) => ({ name, mime, bytes }));
  return { front: pick(0), back: pick(1) };
}

function wholeDays<T extends Pick<CardState, 'elapsedDays' | 'scheduledDays'> & { learningSteps: number }>(values: T) {
  return { elapsedDays: Math.round(values.elapsedDays), scheduledDays: Math.round(values.scheduledDays), learningSteps: Math.round(values.learningSteps) };
}
