/**
 * Phrases whose words stand apart, or mean more than their words: "get the original back" is
 * reconstructing it, fakes "classified as real" have fooled whoever classified them. A synonym table
 * matches words side by side only (terms.ts), so these are read first: the head word becomes the
 * phrase's concept, the particle words go, and the words in between (the object) stay as they are.
 */

export interface PhrasalHit {
  /** Where the head word is: it stands for the whole phrase. */
  start: number;
  end: number;
  concept: string;
  /** The phrase's other words ("back", "as real"): no concepts of their own. */
  dropped: [number, number][];
}

interface Phrasal {
  /** Group 1 is the head; every later group is dropped. Needs the `d` flag, for the groups' offsets, and `g` (matchAll). */
  pattern: RegExp;
  concept: string;
}

const PHRASALS: readonly Phrasal[] = [
  // "get the input back", "bring it back", "put the image back together": up to three words between.
  { pattern: /\b(get|gets|getting|got|bring|brings|bringing|brought|put|puts|putting)\s+(?:(?!back\b)[\p{L}\p{N}']+\s+){0,3}?(back)\b(?:\s+(together)\b)?/dgiu, concept: 'reconstruct' },
  // Passive, so that the fooled party comes after ("get them classified as real by the discriminator"),
  // and not "classified as real or fake", which is what the discriminator does.
  {
    pattern:
      /\b(?:get|gets|got|getting|be|is|are|being|been|was|were)\s+(?:(?:them|it)\s+)?(classified|labell?ed|judged|taken|mistaken|accepted|seen|perceived|recogni[sz]ed)\s+(as|for)\s+(?:being\s+)?(real|genuine|authentic)\b(?!\s*(?:or|and|vs\.?|versus|\/)\s)/dgiu,
    concept: 'fool',
  },
  { pattern: /\b(pass|passes|passed|passing)\s+(as|for)\s+(real|genuine|authentic)\b/dgiu, concept: 'fool' },
];

/** The phrasal phrases in `text`, in order, none overlapping another. */
export function phrasalHits(text: string): PhrasalHit[] {
  const hits: PhrasalHit[] = [];
  const spans: [number, number][] = [];
  for (const { pattern, concept } of PHRASALS) {
    for (const m of text.matchAll(pattern)) {
      const groups = m.indices!.slice(1).filter((g): g is [number, number] => g !== undefined);
      const [head, ...rest] = groups;
      if (!head) continue;
      const span: [number, number] = [m.index, m.index + m[0].length];
      if (spans.some(([from, to]) => from < span[1] && span[0] < to)) continue;
      spans.push(span);
      hits.push({ start: head[0], end: head[1], concept, dropped: rest });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
