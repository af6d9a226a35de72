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
import { deckContext, prepareCard, type DeckContext, type GradingCard, type PreparedCard } from '../src/core/grading/deck-context.js';
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

/**
 * Each row with the card it answers and that card's deck. `accepted` adds accepted answers per
 * question (SAF's train answers labelled Correct, as if accepted on appeal), only for rows graded here.
 */
export function casesOf(rows: SetRow[], accepted: Map<string, string[]> = new Map(), options: { withoutKeyPoints?: boolean } = {}): GradingCase[] {
  const decks = new Map<string, { deck: DeckContext; cards: Map<string, PreparedCard> }>();
  const ownDeck = () => {
    const cards = new Map<string, GradingCard>();
    for (const r of rows) if (!r.deck) cards.set(cardKey(r.question), { front: r.question, back: r.reference });
    return withAccepted([...cards.values()], accepted);
  };
  const deckOf = (path: string | undefined) => {
    const id = path ?? '';
    let d = decks.get(id);
    if (!d) {
      const parsed = path ? parseDeck(path, readFileSync(resolve(fromRoot('.'), path), 'utf8')).cards : null;
      const stripped = parsed && options.withoutKeyPoints ? parsed.map((c) => ({ ...c, keyPoints: [] })) : parsed;
      const cards = stripped ? withAccepted(stripped, accepted) : ownDeck();
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

function withAccepted(cards: GradingCard[], accepted: Map<string, string[]>): GradingCard[] {
  return cards.map((c) => ({ ...c, accepted: [...(c.accepted ?? []), ...(accepted.get(cardKey(c.front)) ?? [])] }));
}

/** SAF train answers labelled Correct, by question: the "accepted answers remembered per card" of a course. */
export function acceptedFromTrain(rows: SetRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (r.split !== 'train' || r.label !== 'Correct') continue;
    const key = cardKey(r.question);
    out.set(key, [...(out.get(key) ?? []), r.answer]);
  }
  return out;
}

export { prepareCard };
