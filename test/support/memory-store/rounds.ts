/**
 * Quiz rounds in the memory store: one per /quiz request key, read back with their card, given their
 * message, revealed once, and the cards a channel saw last.
 */
import type { Round } from '../../../src/core/model.js';
import type { NewRound, Store } from '../../../src/core/ports.js';
import { push, type Tables } from '../memory-tables.js';
import { toCard } from './rows.js';

export function createRound(tables: Tables, requestKeys: Map<string, number>, round: NewRound): number {
  const { card, deckTitle, requestKey, ...row } = round;
  // The key is unique, as the table's index makes it.
  if (requestKey !== undefined && requestKeys.has(requestKey)) throw new Error('duplicate key value violates unique constraint "quiz_rounds_request_key"');
  const id = push(tables.rounds, { ...row, choices: row.choices ?? null, cardId: card.id }).id;
  if (requestKey !== undefined) requestKeys.set(requestKey, id);
  return id;
}

export async function getRound(store: Pick<Store, 'getCard'> & { readonly tables: Tables }, roundId: number): Promise<Round | null> {
  const row = store.tables.rounds.find((r) => r.id === roundId);
  const card = row && (await store.getCard(row.cardId));
  if (!row || !card) return null;
  const { cardId, ...round } = row;
  return { ...round, card: toCard(card), deckTitle: card.deckTitle };
}

export async function roundForRequest(store: Pick<Store, 'getRound'>, requestKeys: Map<string, number>, requestKey: string): Promise<Round | null> {
  const id = requestKeys.get(requestKey);
  return id === undefined ? null : store.getRound(id);
}

export function setRoundMessageRef(tables: Tables, roundId: number, messageRef: string): void {
  for (const round of tables.rounds) if (round.id === roundId) round.messageRef = messageRef;
}

export function recentRoundCards(tables: Tables, workspaceId: number, channelId: string, limit: number): number[] {
  const rounds = tables.rounds.filter((r) => r.workspaceId === workspaceId && r.channelId === channelId);
  return rounds.sort((a, b) => b.id - a.id).slice(0, limit).map((r) => r.cardId);
}

export function markRevealed(tables: Tables, roundId: number, at: Date, messageRef?: string): boolean {
  const round = tables.rounds.find((r) => r.id === roundId && r.revealedAt === null);
  if (round) {
    round.revealedAt = at;
    round.messageRef ??= messageRef ?? null;
  }
  return Boolean(round);
}
