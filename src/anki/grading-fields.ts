/**
 * Key points and accepted answers in an Anki note: fields named as the CSV columns are ("Key points",
 * "Accept", …; grading-lines.ts), one item a line. studybot's own export writes them so, and a deck
 * author's own note type may have them too. Anki shows them nowhere unless a template names them.
 */
import { ACCEPT_HEADERS, KEY_HEADERS, MAX_ACCEPTED, MAX_KEY_POINT_CHARS, MAX_KEY_POINTS, type GradingHints } from '../core/decks/grading-lines.js';
import { MAX_BACK_CHARS } from '../core/decks/limits.js';
import { htmlToText } from './html.js';

/** The field names studybot's export writes. */
export const KEY_FIELD = 'Key points';
export const ACCEPT_FIELD = 'Accept';

/** The note's hints, or 'too-many' when they are over the limits a text deck has (the card is then left out, with that reason). */
export function gradingHintsOf(fields: ReadonlyMap<string, string>): GradingHints | 'over-limits' {
  const hints: GradingHints = { keyPoints: [], accepted: [] };
  for (const [name, html] of fields) {
    const role = KEY_HEADERS.has(name.trim().toLowerCase()) ? 'keyPoints' : ACCEPT_HEADERS.has(name.trim().toLowerCase()) ? 'accepted' : null;
    if (role) hints[role].push(...linesOf(html));
  }
  const tooLong = hints.keyPoints.some((k) => k.length > MAX_KEY_POINT_CHARS) || hints.accepted.some((a) => a.length > MAX_BACK_CHARS);
  if (tooLong || hints.keyPoints.length > MAX_KEY_POINTS || hints.accepted.length > MAX_ACCEPTED) return 'over-limits';
  return hints;
}

function linesOf(html: string): string[] {
  return htmlToText(html)
    .text.split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}
