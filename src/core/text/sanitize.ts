/**
 * What the bot accepts as text from users, in one place: deck files (src/core/decks/parse.ts) and typed
 * answers (src/core/quiz.ts). Postgres text cannot hold NUL, and some characters change what a reader
 * sees without being visible themselves, so:
 *
 * - Deck files that contain NUL, other control characters, or bytes that were not valid UTF-8 (decoded
 *   as U+FFFD) are refused with the first such line named: such a file is binary, or in another encoding.
 *   Form feeds and vertical tabs (page breaks from some exporters) become spaces.
 * - Bidirectional embedding, override and isolate controls (U+202A-202E, U+2066-2069) are removed: they
 *   can make a card display in a different order from what it says (the "Trojan Source" trick). Plain
 *   right-to-left text needs none of them. The marks U+200E/U+200F stay.
 * - Invisible characters that carry nothing in a card or an answer (zero-width space, word joiner, a stray
 *   byte-order mark, invisible math operators) are removed. Zero-width joiners stay: emoji and several
 *   scripts need them.
 * - Text is "empty" when nothing visible is left (hasVisibleText), so a card made only of invisible
 *   characters is refused like an empty one.
 * - Typed answers are cleaned the same way, control characters dropped rather than refused.
 */
import { DeckParseError } from '../errors.js';

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const PAGE_BREAKS = /[\u000B\u000C]/g;
const REPLACEMENT = '\uFFFD';
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const EMPTY_INVISIBLES = /[\u200B\u2060-\u2064\uFEFF\u180E\u206A-\u206F]/g;
/** Something a reader can see: not a space, not a default-ignorable, control or format character. */
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/u;

/**
 * Refuses a deck file that is not readable text, naming the line; returns it with page breaks as spaces.
 * Expects line endings already unified to \n.
 */
export function checkDeckText(content: string): string {
  const text = content.replace(PAGE_BREAKS, ' ');
  CONTROL.lastIndex = 0;
  const control = CONTROL.exec(text);
  const replacement = text.indexOf(REPLACEMENT);
  const first = Math.min(control ? control.index : Infinity, replacement < 0 ? Infinity : replacement);
  if (first === Infinity) return text;
  const line = lineAt(text, first);
  if (first === replacement) {
    throw new DeckParseError(
      'This is not valid UTF-8 text (the file may be binary, or saved in another encoding). Save it as UTF-8 and import it again.',
      line,
    );
  }
  const char = text[first]!;
  if (char === '\u0000') {
    throw new DeckParseError('There is a NUL byte here: the file looks binary, or saved as UTF-16. Save it as UTF-8 text and import it again.', line);
  }
  throw new DeckParseError(
    `There is a control character here (${codePoint(char)}), which a deck cannot hold: remove it, or if the file is binary, export the deck as text.`,
    line,
  );
}

/** A card's front, back, tag or title without bidi controls and empty invisibles, trimmed. */
export function cleanCardText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(EMPTY_INVISIBLES, '').trim();
}

/** A typed answer or a file name: control characters dropped too (they are accidents there). */
export function cleanInputText(text: string): string {
  return cleanCardText(text.replace(CONTROL, ''));
}

export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
