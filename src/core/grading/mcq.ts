/**
 * Multiple-choice questions from a deck: the card's answer against answers of other cards.
 * The choices are read in the question's text and answered with letter buttons (A–D), so a choice is
 * the answer's first sentence, cut only where a long one would crowd the question (CHOICE_LENGTH).
 */
import { UserError } from '../errors.js';
import { shuffle } from '../random.js';

/** Four choices of this many characters stay far inside a Discord embed (4,096) and a Slack section (3,000). */
export const CHOICE_LENGTH = 200;
export const DEFAULT_CHOICE_COUNT = 4;
export const MIN_CHOICES = 2;

/** End of a sentence: '.', '!' or '?' then a space and a capital/digit/quote/paren ('eg. images' is not one). */
const SENTENCE_END = /[.!?]\s+(?=[A-Z0-9“"(])/;

export interface ChoiceSet {
  labels: string[];
  correctIndex: number;
}

/**
 * A short version of an answer: its first sentence (a '.', '!' or '?' followed by a capital, so
 * 'eg. images' stays whole), cut to `maxLength` at a clause (',' ';' ':' ' - ') or word, with '…'.
 */
export function shortenAnswer(text: string, maxLength = CHOICE_LENGTH): string {
  const max = Math.max(2, maxLength);
  // Only the start matters: the label is at most `max` characters (bounded work on long answers).
  const flat = text.slice(0, Math.max(1000, 8 * max)).replace(/\s+/g, ' ').trim();
  const end = SENTENCE_END.exec(flat);
  const firstSentence = end ? flat.slice(0, end.index + 1) : flat;
  return cutToLength(firstSentence, max);
}

/** `text` (whitespace collapsed) cut to `maxLength` at a clause or word break, with '…' when cut. */
export function cutToLength(text: string, maxLength = CHOICE_LENGTH): string {
  const max = Math.max(2, maxLength);
  const sentence = text.replace(/\s+/g, ' ').trim().replace(/[\s,;:–-]+$/, '');
  if (sentence.length <= max) return sentence;

  const room = max - 1; // keep one character for the ellipsis
  const head = sentence.slice(0, room + 1);
  // Prefer the end of a clause in the second half of the room, else the last word break.
  let cut = -1;
  for (const m of head.matchAll(/[,;:](?=\s)|\s[-–]\s/g)) {
    if (m.index !== undefined && m.index >= room / 2 && m.index <= room) cut = m.index;
  }
  if (cut < 0) {
    const space = head.lastIndexOf(' ');
    cut = space > 0 ? space : room;
  }
  return `${sentence.slice(0, cut).replace(/[\s,;:–-]+$/, '')}…`;
}

function labelKey(label: string): string {
  return label.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The shortened right answer plus up to `count - 1` distractors from other cards, shuffled.
 * Distractors are distinct (case/space-insensitive), never the same text as the answer, never the same card.
 * With too few usable cards you get fewer choices, but never fewer than two.
 */
export function buildChoices(
  answer: { id: number; back: string },
  pool: { id: number; back: string }[],
  random: () => number,
  count = DEFAULT_CHOICE_COUNT,
): ChoiceSet {
  const wanted = Math.max(MIN_CHOICES, Math.floor(count));
  const others = pool.filter((c) => c.id !== answer.id);
  // If another answer starts with the same sentence, show more of this one so it is not the odd one out.
  const short = shortenAnswer(answer.back);
  const shortKey = labelKey(short);
  const prefix = shortKey.slice(0, 4);
  const clash = others.some(
    // cheap prefix test first: shortening every answer of a 2,000-card deck costs tens of ms
    (c) => labelKey(c.back.trimStart().slice(0, 16)).slice(0, 4) === prefix && labelKey(shortenAnswer(c.back)) === shortKey,
  );
  const correct = clash ? cutToLength(answer.back) : short;
  // The shared short form is off limits too: it would read like the right answer.
  const seen = new Set([labelKey(correct), labelKey(short)]);
  const distractors: string[] = [];
  // Order the pool deterministically (by id) before shuffling, so the result depends only on `random`.
  const candidates = shuffle(
    others.sort((a, b) => a.id - b.id),
    random,
  );
  for (const c of candidates) {
    if (distractors.length >= wanted - 1) break;
    // Two answers can share a first sentence; then a longer cut of the whole answer may still differ.
    const label = [shortenAnswer(c.back), cutToLength(c.back)].find((l) => {
      const key = labelKey(l);
      return key !== '' && !seen.has(key);
    });
    if (label === undefined) continue;
    seen.add(labelKey(label));
    distractors.push(label);
  }
  if (distractors.length + 1 < MIN_CHOICES) {
    if (others.length > 0) {
      throw new UserError('The answers in this deck are too alike for multiple choice: it needs at least 2 different answers');
    }
    throw new UserError('This deck needs at least 2 cards for multiple choice');
  }
  const order = shuffle([correct, ...distractors], random);
  return { labels: order, correctIndex: order.indexOf(correct) };
}
