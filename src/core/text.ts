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

/** "1 card", "3 cards": `count` with `noun`, plural unless exactly one. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
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
