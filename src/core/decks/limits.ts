/**
 * Shared limits and checks for every deck format: they protect the bot (message sizes, memory,
 * database rows) and give the user an error that names the offending line.
 */
import { DeckParseError } from '../errors.js';
import { truncate } from '../text.js';
import { hasVisibleText } from '../text/sanitize.js';
import { cardKey } from './key.js';

/** The deck file cap (README: 1 MB), for the parser and for adapters that read files. */
export const MAX_DECK_BYTES = 1024 * 1024;
/** The cap as users read it. */
export const MAX_DECK_SIZE_TEXT = `${MAX_DECK_BYTES / (1024 * 1024)} MB`;
export const MAX_CARDS = 2000;
export const MAX_FRONT_CHARS = 1000;
export const MAX_BACK_CHARS = 4000;
export const MAX_TITLE_CHARS = 200;
export const MAX_TAG_CHARS = 100;
/**
 * Lines in one file. Parsing costs per line, and under 1 MB a file can hold 500,000 of them; this stops
 * a 100,000-line file after a cheap count instead of after parsing it all. 2,000 cards with ten-line
 * answers fit.
 */
export const MAX_DECK_LINES = 20_000;

/** A card as a parser found it, with the 1-based lines where its front and back start (for errors). */
export interface RawCard {
  front: string;
  back: string;
  tags: string[];
  line: number;
  backLine: number;
  /** The author's key points and accepted answers (grading-lines.ts); absent when the card has none. */
  keyPoints?: string[];
  accepted?: string[];
}

/** Strip a BOM, unify line endings; reject files that are too big. */
export function normaliseContent(content: string): string {
  const bytes = new TextEncoder().encode(content).length;
  if (bytes > MAX_DECK_BYTES) {
    throw new DeckParseError(`The file is too large (${formatBytes(bytes)}); the limit is ${formatBytes(MAX_DECK_BYTES)}.`);
  }
  return content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** What an adapter says when it refuses a file by its size before reading all of it. */
export function deckFileTooBig(name: string): string {
  return `${name} is too big: a deck file can be at most ${MAX_DECK_SIZE_TEXT}; split it into smaller decks.`;
}

/** Counts lines (cheaply, no split) and stops at the first one over the limit. */
export function checkLineCount(content: string): void {
  let lines = 1;
  for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) {
    // A final newline does not start another line.
    if (i === content.length - 1) break;
    if (++lines > MAX_DECK_LINES) {
      throw new DeckParseError(`Too many lines: a deck file can have at most ${MAX_DECK_LINES.toLocaleString('en')} lines. Split it into smaller decks.`, lines);
    }
  }
}

export function splitLines(content: string): string[] {
  return content.split('\n');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Enforce count/length limits, require front and back, and reject duplicate fronts (naming both lines). */
export function checkCards(cards: RawCard[]): void {
  if (cards.length > MAX_CARDS) {
    const extra = cards[MAX_CARDS];
    throw new DeckParseError(`Too many cards: a deck can hold at most ${MAX_CARDS} (this file has ${cards.length}).`, extra?.line);
  }
  const seen = new Map<string, number>();
  for (const c of cards) {
    if (c.front.trim() === '') throw new DeckParseError('The question (front) is empty.', c.line);
    if (c.back.trim() === '') throw new DeckParseError(`The question "${preview(c.front)}" has no answer.`, c.line);
    if (!hasVisibleText(c.front)) throw new DeckParseError('The question has only invisible characters.', c.line);
    if (!hasVisibleText(c.back)) throw new DeckParseError(`The answer to "${preview(c.front)}" has only invisible characters.`, c.backLine);
    if (c.front.length > MAX_FRONT_CHARS) {
      throw new DeckParseError(`The question is too long (${c.front.length} characters; the limit is ${MAX_FRONT_CHARS}).`, c.line);
    }
    if (c.back.length > MAX_BACK_CHARS) {
      throw new DeckParseError(`The answer is too long (${c.back.length} characters; the limit is ${MAX_BACK_CHARS}).`, c.backLine);
    }
    const key = cardKey(c.front);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new DeckParseError(`Duplicate question "${preview(c.front)}" (also on line ${earlier}).`, c.line);
    }
    seen.set(key, c.line);
  }
}

export function cleanTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const tag = t.trim().replace(/\s+/g, ' ').slice(0, MAX_TAG_CHARS);
    if (tag && !out.some((o) => o.toLowerCase() === tag.toLowerCase())) out.push(tag);
  }
  return out;
}

export function preview(s: string, max = 60): string {
  return truncate(s.replace(/\s+/g, ' ').trim(), max);
}

/** A readable title from a file name: 'gan-flashcards.txt' -> 'Gan flashcards'. */
export function titleFromFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!stem) return 'Untitled deck';
  return stem.charAt(0).toUpperCase() + stem.slice(1);
}

export function checkTitle(title: string, line?: number): string {
  const t = title.trim().replace(/\s+/g, ' ');
  if (!t) throw new DeckParseError('The deck has no title.', line);
  if (t.length > MAX_TITLE_CHARS) throw new DeckParseError(`The title is too long (limit ${MAX_TITLE_CHARS} characters).`, line);
  return t;
}
