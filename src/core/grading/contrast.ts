/**
 * A question about the difference between two things ("What is the difference between a VAE and a basic
 * autoencoder?") has a reference that says what sets one of them apart. An answer that gives those
 * properties to the other one ("the basic autoencoder is the one that learns the data distribution")
 * has them the wrong way round, though every word of it is the card's.
 */
import type { Clause } from './clauses.js';
import { extractTerms, GENERIC_WEIGHT } from './terms.js';

/** The thing the reference describes, the one it is set against, and what the reference says only of the first. */
export interface Contrast {
  described: ReadonlySet<string>;
  other: ReadonlySet<string>;
  properties: ReadonlySet<string>;
}

const BETWEEN = /\bdifferen(?:ce|ces|t)\s+between\s+(.+?)\s+and\s+(.+?)\s*[?.!]*$/i;
const VERSUS = /^(?:.*?\b(?:compare|contrast)\s+)?(.+?)\s+(?:vs\.?|versus|compared (?:to|with))\s+(.+?)\s*[?.!]*$/i;
/** Properties an answer must give the other thing, at least, before that is a swap and not a shared word. */
export const CONTRAST_MIN_PROPERTIES = 2;

/** The contrast a question asks about and its reference draws, if it is one. */
export function contrastOf(question: string, reference: Clause[]): Contrast | null {
  const sides = BETWEEN.exec(question) ?? VERSUS.exec(question);
  if (!sides) return null;
  const [a, b] = [conceptsOf(sides[1]!), conceptsOf(sides[2]!)];
  // What both sides name ("autoencoder", between a denoising and a sparse autoencoder) tells neither apart.
  for (const c of [...a]) {
    if (!b.has(c)) continue;
    a.delete(c);
    b.delete(c);
  }
  if (a.size === 0 || b.size === 0) return null;
  const about = (side: Set<string>) => reference.filter((c) => c.subject && side.has(c.subject.concept));
  const [ofA, ofB] = [about(a), about(b)];
  // The reference must describe one of them, and only that one, as the subject of what it says.
  if ((ofA.length === 0) === (ofB.length === 0)) return null;
  const [described, other, clauses] = ofA.length > 0 ? [a, b, ofA] : [b, a, ofB];
  const properties = new Set<string>();
  for (const c of clauses) {
    if (c.negated || c.denies) continue;
    for (const t of c.terms) if (t.weight > GENERIC_WEIGHT && !described.has(t.concept) && !other.has(t.concept)) properties.add(t.concept);
  }
  return properties.size >= CONTRAST_MIN_PROPERTIES ? { described, other, properties } : null;
}

/**
 * The property an answer clause gives the other thing, where one (about the other thing, not denying it)
 * says what the reference says of the described one: the last it names ("… learns the data distribution"),
 * for feedback. Null when none does.
 */
export function givenToOther(answer: Clause[], contrast: Contrast): string | null {
  for (const c of answer) {
    if (!c.subject || !contrast.other.has(c.subject.concept) || c.negated || c.denies) continue;
    const said = c.terms.filter((t) => contrast.properties.has(t.concept)).map((t) => t.concept);
    if (new Set(said).size >= CONTRAST_MIN_PROPERTIES) return said[said.length - 1]!;
  }
  return null;
}

function conceptsOf(side: string): Set<string> {
  return new Set(extractTerms(side).filter((t) => t.weight > GENERIC_WEIGHT).map((t) => t.concept));
}
