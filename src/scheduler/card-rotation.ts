/**
 * Which card a channel gets today: the channel sees the whole deck before any card repeats (only the
 * least-shown cards are candidates), and among those, cards the channel answered wrongly weigh more.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/connect.js';
import { queryRows } from '../db/rows.js';

export interface CardHistory {
  cardId: number;
  /** Daily rounds of this card actually posted to the channel. */
  shown: number;
  /** Answers in this channel (daily and /quiz rounds) to this card, and how many were wrong. */
  answers: number;
  wrong: number;
}

/** How much more likely a card the channel always gets wrong is than one it always gets right. */
export const WRONG_WEIGHT = 3;

export function cardWeight(h: CardHistory): number {
  return 1 + (h.answers > 0 ? (WRONG_WEIGHT * h.wrong) / h.answers : 0);
}

/** Pure choice over the history; null when the deck has no cards. */
export function chooseCard(history: readonly CardHistory[], random: () => number): number | null {
  if (history.length === 0) return null;
  const fewest = Math.min(...history.map((h) => h.shown));
  const candidates = history.filter((h) => h.shown === fewest).sort((a, b) => a.cardId - b.cardId);
  const weights = candidates.map(cardWeight);
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < candidates.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return (candidates[i] as CardHistory).cardId;
  }
  return (candidates[candidates.length - 1] as CardHistory).cardId;
}

/** One query: every live card of the deck with the channel's history of it. */
export async function loadCardHistory(db: Db, input: { workspaceRowId: number; channelId: string; deckId: number }): Promise<CardHistory[]> {
  const rows = await queryRows<{ id: number; shown: number; answers: number; wrong: number }>(
    db,
    sql`select c.id,
          count(distinct r.id) filter (where r.source = 'daily' and r.message_ref is not null)::int as shown,
          count(a.id)::int as answers,
          count(a.id) filter (where not a.correct)::int as wrong
        from cards c
        left join quiz_rounds r on r.card_id = c.id and r.workspace_id = ${input.workspaceRowId} and r.channel_id = ${input.channelId}
        left join answers a on a.round_id = r.id
        where c.deck_id = ${input.deckId} and not c.archived
        group by c.id`,
  );
  return rows.map((r) => ({ cardId: Number(r.id), shown: Number(r.shown), answers: Number(r.answers), wrong: Number(r.wrong) }));
}
