/**
 * Grading a typed answer against the card's reference answer by key-term coverage.
 *
 * 1. Both texts become concepts (terms.ts): stop words dropped, Porter stems, synonyms folded,
 *    acronyms and N(0, 1)-style terms kept. Small typos (edit distance 1, or 2 in long words) still match.
 * 2. Each distinct reference concept has a weight (acronyms 1.5, ordinary words 1, generic verbs 0.3).
 * 3. Long references can't be expected word for word, so the weight needed for full marks grows
 *    with the square root of the reference's total: required = min(total, max(MIN, SCALE·√total)).
 *    score = min(1, matched weight / required). Copying the reference always scores 1.
 * 4. Answers far longer than the reference (keyword stuffing) are scaled down.
 * 5. Verdict and FSRS rating come from named thresholds below.
 */
import type { Rating } from '../scheduling/fsrs.js';
import { editDistance, extractTerms, isStopWord, GENERIC_WEIGHT, type Term } from './terms.js';

export type { Rating } from '../scheduling/fsrs.js';

export interface TypedGrade {
  score: number;
  verdict: 'correct' | 'partial' | 'incorrect' | 'empty';
  missed: string[];
  matched: string[];
  rating: Rating;
}

/** Score at or above which an answer counts as correct (rating Good). */
export const CORRECT_THRESHOLD = 0.65;
/** Score at or above which an answer is partial (rating Hard); below it is incorrect (Again). */
export const PARTIAL_THRESHOLD = 0.25;
/** Score at or above which a correct answer is near-complete (rating Easy). */
export const EASY_THRESHOLD = 0.95;
/** Required weight = SCALE × √(total weight), at least MIN, at most the total. */
export const REQUIRED_WEIGHT_SCALE = 2.5;
export const REQUIRED_WEIGHT_MIN = 1;
/**
 * Keyword stuffing guard: an answer with more distinct concepts than STUFFING_FACTOR × the
 * reference's + STUFFING_ALLOWANCE has its score scaled down in proportion (pasting every answer
 * of the deck should not pass).
 */
export const STUFFING_FACTOR = 3;
export const STUFFING_ALLOWANCE = 10;
/** At most this many missed/matched items are reported. */
export const MAX_REPORTED = 8;

interface RefConcept {
  concept: string;
  /** Lower-cased ways the reference wrote it. */
  words: Set<string>;
  weight: number;
  /** Index of the first term with this concept in the reference. */
  first: number;
}

export function gradeTyped(answer: string, reference: string): TypedGrade {
  const refTerms = extractTerms(reference);
  const concepts = distinctConcepts(refTerms);

  if (!/[\p{L}\p{N}]/u.test(answer)) {
    return { score: 0, verdict: 'empty', missed: missedPhrases(reference, refTerms, new Set()), matched: [], rating: 1 };
  }

  // A reference made only of stop words ('It is what it is'): fall back to comparing the words.
  if (concepts.length === 0) {
    const same = plainWords(answer) === plainWords(reference);
    return same
      ? { score: 1, verdict: 'correct', missed: [], matched: [reference.trim()], rating: 4 }
      : { score: 0, verdict: 'incorrect', missed: [reference.trim()], matched: [], rating: 1 };
  }

  const answerTerms = extractTerms(answer);
  const answerConcepts = new Set(answerTerms.map((t) => t.concept));
  const answerWords = new Set(answerTerms.map((t) => t.word));
  const hit = new Set<string>();
  for (const c of concepts) if (matches(c, answerConcepts, answerWords)) hit.add(c.concept);

  const total = sum(concepts.map((c) => c.weight));
  const got = sum(concepts.filter((c) => hit.has(c.concept)).map((c) => c.weight));
  const required = Math.min(total, Math.max(REQUIRED_WEIGHT_MIN, REQUIRED_WEIGHT_SCALE * Math.sqrt(total)));
  const allowed = STUFFING_FACTOR * concepts.length + STUFFING_ALLOWANCE;
  const stuffing = answerConcepts.size > allowed ? allowed / answerConcepts.size : 1;
  const score = round2(Math.min(1, got / required) * stuffing);

  const verdict = score >= CORRECT_THRESHOLD ? 'correct' : score >= PARTIAL_THRESHOLD ? 'partial' : 'incorrect';
  const rating: Rating = score >= EASY_THRESHOLD ? 4 : verdict === 'correct' ? 3 : verdict === 'partial' ? 2 : 1;
  const matched = concepts
    .filter((c) => hit.has(c.concept))
    .map((c) => refTerms[c.first]!.surface)
    .slice(0, MAX_REPORTED);
  return { score, verdict, missed: missedPhrases(reference, refTerms, hit), matched, rating };
}

function distinctConcepts(terms: Term[]): RefConcept[] {
  const byConcept = new Map<string, RefConcept>();
  terms.forEach((t, i) => {
    const seen = byConcept.get(t.concept);
    if (!seen) byConcept.set(t.concept, { concept: t.concept, words: new Set([t.word]), weight: t.weight, first: i });
    else {
      seen.weight = Math.max(seen.weight, t.weight);
      seen.words.add(t.word);
    }
  });
  return [...byConcept.values()];
}

/** Same concept, or a typo of a word the reference used: one edit for words of 5+ letters, two for 9+. */
function matches(ref: RefConcept, concepts: Set<string>, words: Set<string>): boolean {
  if (concepts.has(ref.concept)) return true;
  for (const w of ref.words) {
    if (w.length < 5 || /[^a-z]/.test(w)) continue;
    const max = w.length >= 9 ? 2 : 1;
    for (const a of words) if (editDistance(w, a, max) <= max) return true;
  }
  return false;
}

/**
 * Missed reference terms as readable phrases: neighbouring missed terms in the same clause are
 * joined with the words between them ('data distribution of the training data'). Phrases made
 * only of generic words are left out.
 */
function missedPhrases(reference: string, terms: Term[], hit: Set<string>): string[] {
  const out: string[] = [];
  const reported = new Set<string>();
  let group: Term[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const fresh = group.filter((t) => !reported.has(t.concept));
    if (fresh.some((t) => t.weight > GENERIC_WEIGHT)) {
      const first = group[0]!;
      const last = group[group.length - 1]!;
      out.push(reference.slice(first.start, last.end).replace(/\s+/g, ' '));
      for (const t of group) reported.add(t.concept);
    }
    group = [];
  };
  for (const t of terms) {
    if (hit.has(t.concept)) {
      flush();
      continue;
    }
    const prev = group[group.length - 1];
    if (prev && !(sameClause(reference.slice(prev.end, t.start)) && group.length < 4)) flush();
    group.push(t);
  }
  flush();
  return out.slice(0, MAX_REPORTED);
}

/** The text between two terms keeps them in one phrase if it is only spaces and a couple of stop words. */
function sameClause(gap: string): boolean {
  if (/[^\p{L}\s'-]/u.test(gap)) return false;
  const words = gap.split(/[\s-]+/).filter(Boolean);
  return words.length <= 2 && words.every(isStopWord);
}

function plainWords(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
