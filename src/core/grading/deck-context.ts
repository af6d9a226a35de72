/**
 * The deck a card belongs to, prepared for grading: every card's reference, and an index from concept to
 * the cards that use it, so that an answer can be checked against the cards it resembles (the answer to
 * another card of the deck is not an answer to this one) without grading it against the whole deck.
 */
import { cardKey } from '../decks/key.js';
import { hashString } from '../random.js';
import { prepareEntries, type BankEntry, type PreparedEntry } from './bank.js';
import { prepareReference, type PreparedReference } from './reference.js';

/** What the grader needs of a card: its question, reference answer and the author's hints. */
export interface GradingCard {
  front: string;
  back: string;
  keyPoints?: readonly string[];
  /** Other answers that count as right: the author's `Accept:` lines and answers accepted on appeal. */
  accepted?: readonly string[];
  /** Answers a teacher judged, besides the accepted ones (rejected appeals): with them, the card's answer bank (bank.ts). */
  bank?: readonly BankEntry[];
}

export interface PreparedCard {
  card: GradingCard;
  key: string;
  reference: PreparedReference;
  accepted: PreparedReference[];
  /** The accepted answers, then the other judged ones: what a new answer is compared with (bank.ts). */
  bank: PreparedEntry[];
}

export interface DeckContext {
  cards: PreparedCard[];
  byConcept: Map<string, number[]>;
}

/** How many of the most similar other cards an answer is checked against. */
export const OTHER_CARDS_CHECKED = 4;

export function prepareCard(card: GradingCard): PreparedCard {
  return {
    card,
    key: cardKey(card.front),
    reference: prepareReference(card.back, card.keyPoints ?? [], card.front),
    accepted: (card.accepted ?? []).map((a) => prepareReference(a, [], card.front)),
    bank: prepareEntries(judgedAnswersOf(card)),
  };
}

/** What a card's answer bank holds, in order: its accepted answers (as right), then the other judged ones. */
export function judgedAnswersOf(card: GradingCard): BankEntry[] {
  return [...(card.accepted ?? []).map((text) => ({ text, correct: true })), ...(card.bank ?? [])];
}

/** Prepare once per deck (the caller keeps it while the deck is unchanged). */
export function deckContext(cards: readonly GradingCard[]): DeckContext {
  const prepared = cards.map(prepareCard);
  const byConcept = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    for (const c of p.reference.concepts) {
      const list = byConcept.get(c.concept);
      if (list) list.push(i);
      else byConcept.set(c.concept, [i]);
    }
  });
  return { cards: prepared, byConcept };
}

/** The other cards of the deck that share the most concepts with the answer (two at least), best first. */
export function similarCards(deck: DeckContext, ownKey: string, answerConcepts: Iterable<string>): PreparedCard[] {
  const shared = new Map<number, number>();
  for (const concept of new Set(answerConcepts)) {
    for (const i of deck.byConcept.get(concept) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
  }
  return [...shared.entries()]
    .filter(([i, n]) => n >= 2 && deck.cards[i]!.key !== ownKey)
    .sort((a, b) => b[1] - a[1])
    .slice(0, OTHER_CARDS_CHECKED)
    .map(([i]) => deck.cards[i]!);
}

/** Prepared decks by id, rebuilt when any card's text changes (a re-import); a few decks are kept. */
const cache = new Map<number, { fingerprint: number; context: DeckContext }>();
export const DECK_CACHE_SIZE = 16;

export function cachedDeckContext(deckId: number, cards: readonly GradingCard[]): DeckContext {
  const fingerprint = hashString(cards.map((c) => `${c.front}\u0000${c.back}\u0000${(c.keyPoints ?? []).join('\u0001')}\u0000${(c.accepted ?? []).join('\u0001')}`).join('\u0002'));
  const hit = cache.get(deckId);
  if (hit && hit.fingerprint === fingerprint) {
    cache.delete(deckId); // most recently used goes last
    cache.set(deckId, hit);
    return hit.context;
  }
  const context = deckContext(cards);
  cache.set(deckId, { fingerprint, context });
  while (cache.size > DECK_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return context;
}
