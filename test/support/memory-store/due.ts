/**
 * What is due in the memory store: the next card to review (the earliest due, else a new one), how many
 * new cards a user began since a time, and the due count and next due time over some decks.
 */
import type { Store } from '../../../src/core/ports.js';
import type { Tables } from '../memory-tables.js';
import { cardStateNow } from './learning.js';
import { toCard, type Input } from './rows.js';

export function nextReviewCard(tables: Tables, input: Input<'nextReviewCard'>): Awaited<ReturnType<Store['nextReviewCard']>> {
  const cards = tables.cards.filter((c) => input.deckIds.includes(c.deckId) && !c.archived);
  const due = tables.cardStates
    .filter((s) => s.userId === input.userId && s.due <= input.now && cards.some((c) => c.id === s.cardId))
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.cardId - b.cardId)[0];
  if (due) return { card: toCard(cards.find((c) => c.id === due.cardId)!), state: cardStateNow(tables, input.userId, due.cardId) };
  if (!input.allowNew) return null;
  const fresh = cards
    .filter((c) => !tables.cardStates.some((s) => s.userId === input.userId && s.cardId === c.id))
    .sort((a, b) => a.deckId - b.deckId || a.position - b.position)[0];
  return fresh ? { card: toCard(fresh), state: null } : null;
}

export function newCardsIntroducedSince(tables: Tables, userId: number, since: Date): number {
  const first = new Map<number, number>();
  for (const log of tables.reviewLogs.filter((l) => l.userId === userId)) {
    first.set(log.cardId, Math.min(first.get(log.cardId) ?? Infinity, log.reviewedAt.getTime()));
  }
  return [...first.values()].filter((at) => at >= since.getTime()).length;
}

export function dueCount(tables: Tables, userId: number, deckIds: number[], now: Date): number {
  const cards = tables.cards.filter((c) => deckIds.includes(c.deckId) && !c.archived);
  return tables.cardStates.filter((s) => s.userId === userId && s.due <= now && cards.some((c) => c.id === s.cardId)).length;
}

export function nextDueAt(tables: Tables, userId: number, deckIds: number[]): Date | null {
  const cards = tables.cards.filter((c) => deckIds.includes(c.deckId) && !c.archived);
  const dues = tables.cardStates.filter((s) => s.userId === userId && cards.some((c) => c.id === s.cardId)).map((s) => s.due.getTime());
  return dues.length > 0 ? new Date(Math.min(...dues)) : null;
}
