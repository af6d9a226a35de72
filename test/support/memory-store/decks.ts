/**
 * Decks and cards in the memory store: the decks a workspace sees, an import that adds, updates and
 * archives cards by key, and the cards as the port hands them back.
 */
import type { Card, DeckImportResult, DeckInfo } from '../../../src/core/model.js';
import type { Store } from '../../../src/core/ports.js';
import { replaceDeckMedia, writeImportedHistory } from '../memory-packages.js';
import { push, type Tables } from '../memory-tables.js';
import { compare, toCard, type Input } from './rows.js';

export function listDecks(tables: Tables, workspaceId: number): DeckInfo[] {
  const visible = tables.decks.filter((d) => d.workspaceId === null || d.workspaceId === workspaceId);
  const bySlug = new Map<string, DeckInfo>();
  for (const deck of visible.sort((a, b) => compare(a.slug, b.slug))) {
    const cardCount = tables.cards.filter((c) => c.deckId === deck.id && !c.archived).length;
    const info = { id: deck.id, slug: deck.slug, title: deck.title, builtIn: deck.workspaceId === null, ownerId: deck.ownerId, cardCount };
    // A workspace deck shadows a built-in deck of the same slug.
    if (!bySlug.get(deck.slug) || bySlug.get(deck.slug)!.builtIn) bySlug.set(deck.slug, info);
  }
  return [...bySlug.values()];
}

export async function findDeck(store: Pick<Store, 'listDecks'>, workspaceId: number, slug: string): Promise<DeckInfo | null> {
  return (await store.listDecks(workspaceId)).find((deck) => deck.slug === slug) ?? null;
}

export function importDeck(tables: Tables, input: Input<'importDeck'>): DeckImportResult {
  const { workspaceId, slug, title, source } = input;
  let deck = tables.decks.find((d) => d.workspaceId === workspaceId && d.slug === slug);
  if (!deck) deck = push(tables.decks, { workspaceId, slug, title, source, ownerId: input.ownerId ?? null });
  Object.assign(deck, { title, source });
  const result: DeckImportResult = { deckId: deck.id, added: 0, updated: 0, unchanged: 0, archived: 0 };
  const existing = tables.cards.filter((c) => c.deckId === deck.id);
  for (const [position, card] of input.cards.entries()) {
    const old = existing.find((c) => c.key === card.key);
    const fields = { front: card.front, back: card.back, tags: [...card.tags], position, archived: false, keyPoints: [...(card.keyPoints ?? [])], accepted: [...(card.accepted ?? [])], typed: card.typed ?? false };
    if (!old) {
      push(tables.cards, { deckId: deck.id, key: card.key, ...fields });
      result.added++;
    } else if (old.archived || JSON.stringify([old.front, old.back, old.tags, old.position, old.keyPoints, old.accepted, old.typed ?? false]) !== JSON.stringify([fields.front, fields.back, fields.tags, position, fields.keyPoints, fields.accepted, fields.typed])) {
      Object.assign(old, fields);
      result.updated++;
    } else {
      result.unchanged++;
    }
  }
  // Cards dropped from the file are archived, not deleted, so their review history survives.
  for (const card of existing) {
    if (!card.archived && !input.cards.some((c) => c.key === card.key)) {
      card.archived = true;
      result.archived++;
    }
  }
  const cardIds = new Map(tables.cards.filter((c) => c.deckId === deck.id && !c.archived).map((c) => [c.key, c.id]));
  if (input.media) replaceDeckMedia(tables, deck.id, input.media, input.cards, cardIds);
  if (input.history) result.history = writeImportedHistory(tables, input.history.userId, input.history.cards, cardIds);
  return result;
}

export function deckCards(tables: Tables, deckId: number): Card[] {
  return tables.cards.filter((c) => c.deckId === deckId && !c.archived).sort((a, b) => a.position - b.position).map(toCard);
}

export function getCard(tables: Tables, cardId: number): Awaited<ReturnType<Store['getCard']>> {
  const card = tables.cards.find((c) => c.id === cardId);
  const deck = card && tables.decks.find((d) => d.id === card.deckId)!;
  return card && deck ? { ...toCard(card), deckTitle: deck.title, deckWorkspaceId: deck.workspaceId } : null;
}
