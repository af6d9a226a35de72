/** Plain-text helpers shared by the core and every renderer. */

/**
 * Cuts `text` to at most `max` characters, marking a cut with an ellipsis. Counts code points, so an
 * emoji or other astral character is never split into a lone surrogate (which platforms reject or garble).
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

/** The first `max` code points of `text`, unmarked: for ids and values, which an ellipsis would change. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : Array.from(text).slice(0, max).join('');
}

/** Length in code points, the unit `truncate`, `clip` and `splitText` count in. */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * `text` in pieces of at most `max` code points, nothing left out: each piece ends at its last line end
 * in its second half, else at its last space there, else (one long word) between code points, so an
 * emoji is never split. The line end or space cut at is dropped; blank pieces are left out.
 */
export function splitText(text: string, max: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (chars.length - start > max) {
    const end = start + max;
    const at = lastBreak(chars, '\n', start + max / 2, end) ?? lastBreak(chars, ' ', start + max / 2, end);
    pieces.push(chars.slice(start, at ?? end).join(''));
    start = at === undefined ? end : at + 1;
  }
  pieces.push(chars.slice(start).join(''));
  return pieces.filter((piece) => piece.trim().length > 0);
}

/** The index of the last `separator` in chars (after, end], a piece's end that keeps it within `max`. */
function lastBreak(chars: string[], separator: string, after: number, end: number): number | undefined {
  for (let i = end; i > after; i -= 1) if (chars[i] === separator) return i;
  return undefined;
}

/** "1 card", "3 cards": `count` with `noun`, plural unless exactly one. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : many}`;
}

/**
 * Text reduced to what two spellings of the same words share: Unicode NFKC, lower case, every run of
 * punctuation and space one space. 'What is a GAN?' and 'what is a  GAN' compare equal.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
