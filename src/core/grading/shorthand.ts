/**
 * Students abbreviate: "enc squashes the input, dec rebuilds it", "EMD loss" for the earth mover's
 * distance. Read against the reference the answer is graded by, such a word stands for the reference's:
 * - a lower-case word of 3–5 letters that the reference does not use, which starts exactly one of the
 *   reference's concepts' words (a much longer one: expandsTo, and not the word with a suffix, "add" of
 *   "addition"): "enc" for "encoder", "dec" for "decoder", "ack" for "acknowledgement", "distr";
 * - a capitalised initialism of 3–5 letters that spells the initials of consecutive words in one of the
 *   reference's clauses: "EMD" for "earth mover's distance" (it then says all of that phrase's concepts).
 * Measured on SAF's train rows: shorter expansions and two-letter initialisms were mostly real words
 * there ("fact" of "factor") and other names ("IP", "CD").
 * Unresolved or ambiguous words ("gen" for "generator" or "generate") are left as they are.
 */
import type { Clause } from './clauses.js';
import { isCompact, type PreparedReference } from './reference.js';
import { isStopWord, type Term } from './terms.js';

const ABBREVIATION = /^[a-z]{3,5}$/;
/** What a longer word adds to a whole word ("send" + "er"): then the short one is that word, not an abbreviation. */
const DERIVED = /^(?:e?[rd]|ers|ing|e?s|i?t?ions?|ations?|ments?|ly|al|ness|ity|ive|or|back)$/;
const INITIALISM = /^[A-Z]{3,5}$/;

/** The answer's clauses with each abbreviation read as the reference's word; the same clauses when there is none. */
export function resolveShorthand(answer: Clause[], ref: PreparedReference): Clause[] {
  // Measured on SAF's train rows (npm run fit:grader -- --dry-run --cv): on long references, with many
  // words to start with the same letters, the reading guesses wrong more than right; flashcards gain.
  if (!isCompact(ref)) return answer;
  const known = knownConcepts(ref);
  let changed = false;
  const out = answer.map((clause) => {
    const terms = clause.terms.flatMap((t, i) => {
      const resolved = resolveTerm(t, clause.terms[i - 1], ref, known);
      if (resolved !== null) changed = true;
      return resolved ?? [t];
    });
    if (terms.length === clause.terms.length && terms.every((t, i) => t === clause.terms[i])) return clause;
    // The subject read the same way ("the enc squashes …" is about the encoder).
    const subject = clause.subject ? (terms.find((t) => t.start === clause.subject!.start) ?? clause.subject) : null;
    return { ...clause, terms, subject };
  });
  return changed ? out : answer;
}

function knownConcepts(ref: PreparedReference): Map<string, Set<string>> {
  const words = new Map<string, Set<string>>();
  const add = (concept: string, word: string) => {
    let set = words.get(concept);
    if (!set) words.set(concept, (set = new Set()));
    set.add(word);
  };
  for (const c of ref.concepts) for (const w of c.words) add(c.concept, w);
  for (const u of ref.units) for (const c of u.concepts) for (const w of c.words) add(c.concept, w);
  return words;
}

/** `before`: the answer's term right before it, which tells two readings apart ("earth mover's dist": distance, not distribution). */
function resolveTerm(t: Term, before: Term | undefined, ref: PreparedReference, known: Map<string, Set<string>>): Term[] | null {
  // An initialism may be a synonym already ("EMD" is Wasserstein): the phrase may say more ("… distance").
  if (INITIALISM.test(t.surface)) {
    const spelled = initialismOf(t.surface.toLowerCase(), ref)?.filter((s) => s.concept !== t.concept);
    return spelled?.length ? [t, ...spelled.map((s) => ({ ...t, concept: s.concept, weight: Math.max(t.weight, s.weight) }))] : null;
  }
  if (known.has(t.concept) || !ABBREVIATION.test(t.word) || isStopWord(t.word)) return null;
  const owners = new Set<string>();
  for (const [concept, words] of known) {
    for (const w of words) if (w.length >= expandsTo(t.word) && w.startsWith(t.word) && !/\s/.test(w) && !DERIVED.test(w.slice(t.word.length))) owners.add(concept);
  }
  const [concept] = owners.size === 1 ? owners : before ? followers(before.concept, owners, ref) : [];
  return concept === undefined ? null : [{ ...t, concept }];
}

/** Of `candidates`, the one concept the reference has right after `concept`; none where it is not one. */
function followers(concept: string, candidates: Set<string>, ref: PreparedReference): string[] {
  const found = new Set<string>();
  for (const clause of [...ref.clauses, ...ref.units.flatMap((u) => u.clauses)]) {
    clause.terms.forEach((t, i) => {
      const next = clause.terms[i + 1];
      if (t.concept === concept && next && candidates.has(next.concept)) found.add(next.concept);
    });
  }
  return found.size === 1 ? [...found] : [];
}

/**
 * How long a word an abbreviation may stand for: two letters more for three ("enc", "encoder"), twice its
 * length for four or five ("dist" of "distance", "distr" of "distribution"), where a word that long is
 * more often a word of its own ("fact" of "factor", "inter" of "internet").
 */
function expandsTo(abbreviation: string): number {
  return abbreviation.length === 3 ? 5 : 2 * abbreviation.length;
}

/** The reference's terms, in one clause, whose words' initials spell `letters`, where some clause has them. */
function initialismOf(letters: string, ref: PreparedReference): Term[] | null {
  for (const clause of [...ref.clauses, ...ref.units.flatMap((u) => u.clauses)]) {
    const terms = clause.terms;
    for (let i = 0; i < terms.length; i++) {
      let spelled = '';
      for (let j = i; j < terms.length && spelled.length < letters.length; j++) {
        spelled += terms[j]!.surface.split(/[\s-]+/).map((w) => w[0]!.toLowerCase()).join('');
        if (spelled === letters) return terms.slice(i, j + 1);
        if (!letters.startsWith(spelled)) break;
      }
    }
  }
  return null;
}
