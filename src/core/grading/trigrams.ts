/**
 * Character trigrams of a text (letters and digits, lower-cased, each word padded by a space): a
 * similarity that survives typos, inflections and compounds the stemmer treats as different concepts
 * ("self-clocking" / "selfclocking", "duplicated" / "duplicates"). Measured on SAF's train rows, how
 * much of the reference's trigrams an answer has adds to concept coverage in the combiner.
 */
export function trigramsOf(text: string): Set<string> {
  const padded = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const out = new Set<string>();
  const chars = [...padded];
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return out;
}

/** Share of the reference's trigrams the answer has (0 for an empty reference). */
export function trigramRecall(answer: ReadonlySet<string>, reference: ReadonlySet<string>): number {
  if (reference.size === 0) return 0;
  let shared = 0;
  for (const t of reference) if (answer.has(t)) shared++;
  return shared / reference.size;
}
