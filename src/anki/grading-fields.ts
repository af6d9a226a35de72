/**
 * Key points and accepted answers in an Anki note: fields named as the CSV columns are ("Key points",
 * "Accept", …; grading-lines.ts), one item a line. studybot's own export writes them so, and a deck
 * author's own note type may have them too. Anki shows them nowhere unless a template names them.
 */
import { ACCEPT_HEADERS, KEY_HEADERS, acceptedOf, addGradingLine, keyPointsOf, type GradingHints } from '../core/decks/grading-lines.js';
import { DeckParseError } from '../core/errors.js';
import { htmlToText } from './html.js';

/** The field names studybot's export writes. */
export const KEY_FIELD = 'Key points';
export const ACCEPT_FIELD = 'Accept';

/**
 * The note's hints, or 'over-limits' when they break the limits a text deck has (grading-lines.ts; the
 * card is then left out, with that reason).
 */
export function gradingHintsOf(fields: ReadonlyMap<string, string>): GradingHints | 'over-limits' {
  const hints: GradingHints = { keyPoints: [], accepted: [] };
  try {
    for (const [name, html] of fields) {
      const header = name.trim().toLowerCase();
      const kind = KEY_HEADERS.has(header) ? 'key' : ACCEPT_HEADERS.has(header) ? 'accept' : null;
      if (!kind) continue;
      // A note has no line numbers: 0 stands for "this note".
      for (const line of linesOf(html)) addGradingLine(hints, { kind, items: kind === 'key' ? keyPointsOf(line, 0) : acceptedOf(line, '', 0) }, 0);
    }
  } catch (error) {
    if (error instanceof DeckParseError) return 'over-limits';
    throw error;
  }
  return hints;
}

function linesOf(html: string): string[] {
  return htmlToText(html)
    .text.split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}
