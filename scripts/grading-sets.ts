/**
 * Labelled answer sets for the typed-answer grader, in SAF's row format (one JSON object a line):
 * `question`, `reference`, `answer`, `label` (Correct / Partially correct / Incorrect), optional `split`,
 * and optional `deck` (a deck file, relative to the repo): then the row is graded as the answer to the
 * deck's card whose front is `question`, with its key points, accepted answers and the other cards.
 * Rows without a deck are graded in the context of the set's own questions (each distinct question and
 * reference is a card of one deck), as SAF's are.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cardKey, parseDeck } from '../src/core/decks/parse.js';
import { capped, type BankEntry } from '../src/core/grading/bank.js';
import { deckContext, type DeckContext, type GradingCard, type PreparedCard } from '../src/core/grading/deck-context.js';
import { fromRoot, projectRoot } from '../src/paths.js';

export const LABELS = ['Correct', 'Partially correct', 'Incorrect'] as const;
export type Label = (typeof LABELS)[number];

export interface SetRow {
  question: string;
  reference: string;
  answer: string;
  label: Label;
  split?: string;
  deck?: string;
  kind?: string;
}

export interface GradingCase {
  row: SetRow;
  card: PreparedCard;
  deck: DeckContext;
}

export const SAF_FILE = join(projectRoot(), '..', 'shared', 'benchmarks/short-answer', 'saf-communication-networks-en.jsonl');
export const GAN_SET_FILE = fromRoot('bench/sets/gan-answers.jsonl');
/** Answers to the gan deck written and labelled by a helper that never ran the grader (2026-12-03). */
export const GAN_HELDOUT_FILE = fromRoot('bench/sets/gan-heldout.jsonl');
/**
 * Three more, written on 2026-12-04 by helpers that never saw the grader, each as a different study group
 * would answer, every kind of answer of issue 11 on every card. The session's rules were then written
 * from the failures of the second and the third; the fourth was graded once, at the end, unseen.
 */
export const GAN_HELDOUT_MORE = [2, 3, 4].map((n) => fromRoot(`bench/sets/gan-heldout-${n}.jsonl`));

export function readSet(file: string): SetRow[] {
  const rows: SetRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const row = JSON.parse(line) as SetRow;
      for (const field of ['question', 'reference', 'answer', 'label'] as const) {
        if (typeof row[field] !== 'string') throw new Error(`${file}:${i + 1}: "${field}" is missing`);
      }
      if (!LABELS.includes(row.label)) throw new Error(`${file}:${i + 1}: label "${row.label}" is not one of ${LABELS.join(', ')}`);
      rows.push(row);
    });
  return rows;
}

/** What a course would remember per card (by card key): accepted answers, and other judged answers for the bank. */
export interface Remembered {
  accepted?: Map<string, string[]>;
  bank?: Map<string, BankEntry[]>;
}

/**
 * Each row with the card it answers and that card's deck, with what `remembered` adds per card (only
 * for rows graded here).
 */
export function casesOf(rows: SetRow[], remembered: Remembered = {}, options: { withoutKeyPoints?: boolean } = {}): GradingCase[] {
  const decks = new Map<string, { deck: DeckContext; cards: Map<string, PreparedCard> }>();
  const ownDeck = () => {
    const cards = new Map<string, GradingCard>();
    for (const r of rows) if (!r.deck) cards.set(cardKey(r.question), { front: r.question, back: r.reference });
    return withRemembered([...cards.values()], remembered);
  };
  const deckOf = (path: string | undefined) => {
    const id = path ?? '';
    let d = decks.get(id);
    if (!d) {
      const parsed = path ? parseDeck(path, readFileSync(resolve(fromRoot('.'), path), 'utf8')).cards : null;
      const stripped = parsed && options.withoutKeyPoints ? parsed.map((c) => ({ ...c, keyPoints: [] })) : parsed;
      const cards = stripped ? withRemembered(stripped, remembered) : ownDeck();
      const deck = deckContext(cards);
      d = { deck, cards: new Map(deck.cards.map((c) => [c.key, c])) };
      decks.set(id, d);
    }
    return d;
  };
  return rows.map((row) => {
    const d = deckOf(row.deck);
    const card = d.cards.get(cardKey(row.question));
    if (!card) throw new Error(`No card "${row.question.slice(0, 60)}" in ${row.deck ?? 'the set'}`);
    return { row, card, deck: d.deck };
  });
}

function withRemembered(cards: GradingCard[], remembered: Remembered): GradingCard[] {
  return cards.map((c) => {
    const key = cardKey(c.front);
    return { ...c, accepted: [...(c.accepted ?? []), ...(remembered.accepted?.get(key) ?? [])], bank: [...(c.bank ?? []), ...(remembered.bank?.get(key) ?? [])] };
  });
}

/**
 * SAF's train answers by question, as a course whose appeals were decided would remember them and the
 * product grades with them (appeals/remembered.ts): the bank of each card, those labelled Correct as
 * accepted, the others as rejected, ordered by text as the store returns them, BANK_PER_KIND of each at
 * most (the product's limit). Only train rows: a test row is never in a bank.
 */
export function bankFromTrain(rows: SetRow[]): Remembered {
  const bank = new Map<string, BankEntry[]>();
  for (const r of [...rows].sort((a, b) => (a.answer < b.answer ? -1 : a.answer > b.answer ? 1 : 0))) {
    if (r.split !== 'train') continue;
    const key = cardKey(r.question);
    bank.set(key, [...(bank.get(key) ?? []), { text: r.answer, correct: r.label === 'Correct' }]);
  }
  return { bank: new Map([...bank].map(([key, entries]) => [key, capped(entries)])) };
}
