/**
 * Which card a channel gets today: the channel sees the whole deck before any card repeats (only the
 * least-shown cards are candidates), and among those, cards the channel answered wrongly weigh more.
 */
import type { CardHistory } from './ports.js';

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
