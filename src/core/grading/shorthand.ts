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
  const reading = readingOf(ref);
  let changed = false;
  const out = answer.map((clause) => {
    const terms = clause.terms.flatMap((t, i) => {
      const resolved = resolveTerm(t, clause.terms[i - 1], reading);
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

/** What abbreviations are read against: the words of each of the reference's concepts, and all its clauses (its own and its key points'). */
interface Reading {
  known: Map<string, Set<string>>;
  clauses: Clause[];
}

/** Once per reference, not once per answer graded against it. */
const readings = new WeakMap<PreparedReference, Reading>();

function readingOf(ref: PreparedReference): Reading {
  let reading = readings.get(ref);
  if (reading) return reading;
  const known = new Map<string, Set<string>>();
  for (const c of [...ref.concepts, ...ref.units.flatMap((u) => u.concepts)]) {
    let set = known.get(c.concept);
    if (!set) known.set(c.concept, (set = new Set()));
    for (const w of c.words) set.add(w);
  }
  reading = { known, clauses: [...ref.clauses, ...ref.units.flatMap((u) => u.clauses)] };
  readings.set(ref, reading);
  return reading;
}

/** `before`: the answer's term right before it, which tells two readings apart ("earth mover's dist": distance, not distribution). */
function resolveTerm(t: Term, before: Term | undefined, { known, clauses }: Reading): Term[] | null {
  // An initialism may be a synonym already ("EMD" is Wasserstein): the phrase may say more ("… distance").
  if (INITIALISM.test(t.surface)) {
    const spelled = initialismOf(t.surface.toLowerCase(), clauses)?.filter((s) => s.concept !== t.concept);
    return spelled?.length ? [t, ...spelled.map((s) => ({ ...t, concept: s.concept, weight: Math.max(t.weight, s.weight) }))] : null;
  }
  if (known.has(t.concept) || !ABBREVIATION.test(t.word) || isStopWord(t.word)) return null;
  const owners = new Set<string>();
  for (const [concept, words] of known) {
    for (const w of words) if (w.length >= expandsTo(t.word) && w.startsWith(t.word) && !/\s/.test(w) && !DERIVED.test(w.slice(t.word.length))) owners.add(concept);
  }
  const [concept] = owners.size === 1 ? owners : before ? followers(before.concept, owners, clauses) : [];
  return concept === undefined ? null : [{ ...t, concept }];
}

/** Of `candidates`, the one concept the reference's clauses have right after `concept`; none where it is not one. */
function followers(concept: string, candidates: Set<string>, clauses: Clause[]): string[] {
  const found = new Set<string>();
  for (const clause of clauses) {
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

/** The terms, in one of the reference's clauses, whose words' initials spell `letters`, where some clause has them. */
function initialismOf(letters: string, clauses: Clause[]): Term[] | null {
  for (const clause of clauses) {
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
