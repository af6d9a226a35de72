/**
 * What a deck author can tell the typed-answer grader, in every format:
 *
 *   Key: encoder compresses the input; decoder reconstructs it     <- key points, ';' between them
 *   Accept: an encoder that shrinks the input and a decoder that rebuilds it   <- one alternative answer
 *
 * Text and Markdown decks write them as lines inside a card (after its answer); CSV/TSV decks as columns
 * named `key` and `accept` in the header row (`accept` cells separate several answers with '|').
 * `**Key:**`, `Key points:` and `Accepted:` are read the same way.
 */
import { DeckParseError } from '../errors.js';
import { MAX_BACK_CHARS } from './limits.js';

export const MAX_KEY_POINTS = 20;
export const MAX_KEY_POINT_CHARS = 300;
export const MAX_ACCEPTED = 20;

const KEY_LINE = /^(?:\*\*|__)?key(?:\s*points?|s)?\s*:(?:\*\*|__)?\s*(.*)$/i;
const ACCEPT_LINE = /^(?:\*\*|__)?accept(?:ed)?\s*:(?:\*\*|__)?\s*(.*)$/i;

export const KEY_HEADERS = new Set(['key', 'keys', 'key points', 'keypoints', 'key_points']);
export const ACCEPT_HEADERS = new Set(['accept', 'accepted', 'alternatives', 'accepted answers']);

export interface GradingHints {
  keyPoints: string[];
  accepted: string[];
}

export type GradingLine = { kind: 'key'; items: string[] } | { kind: 'accept'; items: string[] };

/** A `Key:` or `Accept:` line (already trimmed) as its items, or null for any other line. Empty ones are errors. */
export function gradingLine(line: string, lineNo: number): GradingLine | null {
  const key = KEY_LINE.exec(line);
  if (key) return { kind: 'key', items: keyPointsOf(key[1]!, lineNo) };
  const accept = ACCEPT_LINE.exec(line);
  if (accept) return { kind: 'accept', items: acceptedOf(accept[1]!, '', lineNo) };
  return null;
}

/** Key points from one line or cell: separated by ';'. */
export function keyPointsOf(text: string, lineNo: number): string[] {
  const items = text
    .split(';')
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  if (items.length === 0) throw new DeckParseError('The "Key:" line is empty: write the key points after it, separated by ";".', lineNo);
  const long = items.find((k) => k.length > MAX_KEY_POINT_CHARS);
  if (long) throw new DeckParseError(`A key point is too long (${long.length} characters; the limit is ${MAX_KEY_POINT_CHARS}).`, lineNo);
  return items;
}

/** Accepted answers from one line (one answer) or one CSV cell (`separator` '|' between answers). */
export function acceptedOf(text: string, separator: '' | '|', lineNo: number): string[] {
  const items = (separator ? text.split(separator) : [text]).map((s) => s.trim().replace(/\s+/g, ' ')).filter(Boolean);
  if (items.length === 0) throw new DeckParseError('The "Accept:" line is empty: write an accepted answer after it.', lineNo);
  const long = items.find((a) => a.length > MAX_BACK_CHARS);
  if (long) throw new DeckParseError(`An accepted answer is too long (${long.length} characters; the limit is ${MAX_BACK_CHARS}).`, lineNo);
  return items;
}

/** Where a `Key:`/`Accept:` line may not go: before the card's answer, or outside any card. */
export function misplacedGradingLine(line: GradingLine, where: 'before-answer' | 'outside'): string {
  const name = line.kind === 'key' ? '"Key:"' : '"Accept:"';
  return where === 'before-answer'
    ? `A ${name} line must come after the card's answer.`
    : `A ${name} line outside a card: put it under the answer it belongs to.`;
}

/** Adds a line's items to a card's hints, enforcing the per-card limits (the error names `lineNo`). */
export function addGradingLine(hints: GradingHints, line: GradingLine, lineNo: number): void {
  const list = line.kind === 'key' ? hints.keyPoints : hints.accepted;
  list.push(...line.items);
  const max = line.kind === 'key' ? MAX_KEY_POINTS : MAX_ACCEPTED;
  if (list.length > max) {
    throw new DeckParseError(`Too many ${line.kind === 'key' ? 'key points' : 'accepted answers'} for one card (the limit is ${max}).`, lineNo);
  }
}
