/**
 * Deck import: detect the format, parse, and check limits. Pure: takes the file name and text,
 * returns cards or throws DeckParseError (a UserError naming the 1-based line).
 */
import { DeckParseError } from '../errors.js';
import { checkDeckText, cleanCardText, cleanInputText, hasVisibleText } from '../text/sanitize.js';
import { checkCards, checkLineCount, normaliseContent, type RawCard } from './limits.js';
import { parseDelimited } from './parse-csv.js';
import { parseMarkdown, usesQaStyle } from './parse-markdown.js';
import { parseText } from './parse-text.js';

export { cardKey, normaliseFront, slugify } from './key.js';
export { MAX_BACK_CHARS, MAX_CARDS, MAX_DECK_BYTES, MAX_DECK_LINES, MAX_FRONT_CHARS } from './limits.js';

export interface ParsedCard {
  front: string;
  back: string;
  tags: string[];
  /** `Key:` lines / a `key` column: what a typed answer must contain. */
  keyPoints?: string[];
  /** `Accept:` lines / an `accept` column: other answers that count as right. */
  accepted?: string[];
  /** Answered by typing (Anki's cloze and "type in the answer" cards). */
  typed?: boolean;
}
export interface ParsedDeck {
  title: string;
  cards: ParsedCard[];
}
export type DeckFormat = 'text' | 'csv' | 'tsv' | 'markdown';
/** The file endings read as decks when a folder of them is installed (any name may be imported by hand). */
export const DECK_FILE_EXTENSIONS: readonly string[] = ['.txt', '.csv', '.tsv', '.md'];
/** parseDeck off the caller's thread (start-up runs it in a worker thread, so a big file blocks no one). */
export type DeckParser = (filename: string, content: string) => Promise<ParsedDeck>;

/**
 * By extension first (.csv, .tsv/.tab, .md/.markdown, .txt). A .txt (or unknown) file that uses
 * `Q:` lines is read as Q/A markdown; an unknown extension whose lines mostly contain tabs is TSV.
 */
export function detectFormat(filename: string, content: string): DeckFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (usesQaStyle(content)) return 'markdown';
  if (ext !== 'txt') {
    const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length > 0 && lines.filter((l) => l.includes('\t')).length / lines.length >= 0.8) return 'tsv';
  }
  return 'text';
}

export function parseDeck(rawFilename: string, content: string): ParsedDeck {
  const filename = cleanInputText(rawFilename);
  const text = checkDeckText(normaliseContent(content));
  checkLineCount(text);
  const format = detectFormat(filename, text);
  let parsed: { title: string; cards: RawCard[] };
  switch (format) {
    case 'csv':
      parsed = parseDelimited(filename, text, csvDelimiter(text));
      break;
    case 'tsv':
      parsed = parseDelimited(filename, text, '\t');
      break;
    case 'markdown':
      parsed = parseMarkdown(filename, text);
      break;
    case 'text':
      parsed = parseText(filename, text);
      break;
  }
  if (parsed.cards.length === 0) throw new DeckParseError('No cards found.', 1);
  const cards = parsed.cards.map(cleanCard);
  checkCards(cards);
  const title = cleanCardText(parsed.title);
  if (!hasVisibleText(title)) throw new DeckParseError('The deck title has no visible characters.');
  return {
    title,
    // Key points and accepted answers only where the author gave some, so decks without them read as before.
    cards: cards.map(({ front, back, tags, keyPoints, accepted }) => ({
      front,
      back,
      tags,
      ...(keyPoints?.length ? { keyPoints } : {}),
      ...(accepted?.length ? { accepted } : {}),
    })),
  };
}

function cleanCard(card: RawCard): RawCard {
  return {
    ...card,
    front: cleanCardText(card.front),
    back: cleanCardText(card.back),
    tags: card.tags.map(cleanCardText).filter(hasVisibleText),
  };
}

/** Spreadsheet exports in some locales use ';' — pick it when the first data line has ';' but no ','. */
function csvDelimiter(text: string): ',' | ';' {
  const first = text.split('\n').find((l) => l.trim() !== '' && !/^#\s*title\s*:/i.test(l.trim())) ?? '';
  return first.includes(';') && !first.includes(',') ? ';' : ',';
}
