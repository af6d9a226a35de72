/**
 * A card's answer bank: answers a teacher has already judged (accepted or rejected on appeal, and the
 * author's `Accept:` lines). A new answer that reads like the ones accepted, more than like the ones
 * rejected, is likelier right: the nearest labelled answers are a signal the combiner weighs.
 * Measured on SAF (npm run fit:grader -- --dry-run --cv): on questions with a bank it is the strongest
 * signal there is; without a bank (or with answers of one kind only) it is neutral.
 */
import { clausesOf, type Clause } from './clauses.js';
import { trigramsOf } from './trigrams.js';

export interface BankEntry {
  text: string;
  /** A teacher found it right (accepted appeal, `Accept:` line); false: found not right (rejected appeal). */
  correct: boolean;
}

/** One judged answer, prepared once: its concept vector and trigrams. */
export interface PreparedEntry {
  correct: boolean;
  concepts: Map<string, number>;
  norm: number;
  trigrams: Set<string>;
}

export interface BankSignal {
  /** The bank holds answers of both kinds, so the figures below say something. */
  present: boolean;
  /** Similarity-weighted share of accepted answers among the nearest, minus ½ (−½ … ½); 0 without a bank. */
  knn: number;
  /** Similarity to the nearest accepted answer minus that to the nearest rejected one (−1 … 1); 0 without a bank. */
  margin: number;
}

/** Judged answers of each kind (accepted, rejected) a card's bank holds at most; the store returns no more. */
export const BANK_PER_KIND = 50;
/** How many of the nearest judged answers vote. */
export const BANK_NEIGHBOURS = 7;
/** Votes count as similarity to this power: the nearest answers count most. */
const VOTE_POWER = 2;
/** A prior vote of ½ with this weight: answers like none in the bank learn little from it. */
const PRIOR_WEIGHT = 0.05;
/** Similarity mixes concept cosine and trigram cosine. */
const TRIGRAM_SHARE = 0.5;

export const NO_BANK: BankSignal = { present: false, knn: 0, margin: 0 };

/** Prepared once per text: a card's bank is read with each grade, and the same answers come back. */
const prepared = new Map<string, Omit<PreparedEntry, 'correct'>>();
const PREPARED_KEPT = 5000;

/** The first BANK_PER_KIND entries of each kind, prepared. */
export function prepareEntries(entries: readonly BankEntry[]): PreparedEntry[] {
  return capped(entries).map((e) => {
    let vector = prepared.get(e.text);
    if (vector) prepared.delete(e.text); // most recently used goes last
    else vector = vectorOf(clausesOf(e.text), trigramsOf(e.text));
    prepared.set(e.text, vector);
    if (prepared.size > PREPARED_KEPT) prepared.delete(prepared.keys().next().value!);
    return { correct: e.correct, ...vector };
  });
}

/** The first BANK_PER_KIND of each kind, in order: what a card's bank holds. */
export function capped<T extends { correct: boolean }>(entries: readonly T[]): T[] {
  let right = 0;
  let wrong = 0;
  return entries.filter((e) => (e.correct ? ++right : ++wrong) <= BANK_PER_KIND);
}

export function vectorOf(clauses: Clause[], trigrams: Set<string>): { concepts: Map<string, number>; norm: number; trigrams: Set<string> } {
  const concepts = new Map<string, number>();
  for (const c of clauses) for (const t of c.terms) concepts.set(t.concept, Math.max(concepts.get(t.concept) ?? 0, t.weight));
  let norm = 0;
  for (const w of concepts.values()) norm += w * w;
  return { concepts, norm: Math.sqrt(norm), trigrams };
}

export function similarity(a: Omit<PreparedEntry, 'correct'>, b: Omit<PreparedEntry, 'correct'>): number {
  let dot = 0;
  const [small, large] = a.concepts.size <= b.concepts.size ? [a.concepts, b.concepts] : [b.concepts, a.concepts];
  for (const [k, w] of small) {
    const v = large.get(k);
    if (v !== undefined) dot += w * v;
  }
  const cosine = a.norm > 0 && b.norm > 0 ? dot / (a.norm * b.norm) : 0;
  let shared = 0;
  const [ts, tl] = a.trigrams.size <= b.trigrams.size ? [a.trigrams, b.trigrams] : [b.trigrams, a.trigrams];
  for (const t of ts) if (tl.has(t)) shared++;
  const tri = a.trigrams.size > 0 && b.trigrams.size > 0 ? shared / Math.sqrt(a.trigrams.size * b.trigrams.size) : 0;
  return (1 - TRIGRAM_SHARE) * cosine + TRIGRAM_SHARE * tri;
}

/** The bank's verdict on an answer; neutral unless the bank holds answers of both kinds. */
export function bankSignal(answer: Omit<PreparedEntry, 'correct'>, bank: readonly PreparedEntry[]): BankSignal {
  let nearCorrect = -1;
  let nearOther = -1;
  const scored: { sim: number; correct: boolean }[] = [];
  for (const e of bank) {
    const sim = similarity(answer, e);
    scored.push({ sim, correct: e.correct });
    if (e.correct) nearCorrect = Math.max(nearCorrect, sim);
    else nearOther = Math.max(nearOther, sim);
  }
  if (nearCorrect < 0 || nearOther < 0) return NO_BANK;
  scored.sort((x, y) => y.sim - x.sim);
  let votes = PRIOR_WEIGHT * 0.5;
  let weight = PRIOR_WEIGHT;
  for (const { sim, correct } of scored.slice(0, BANK_NEIGHBOURS)) {
    const w = Math.max(0, sim) ** VOTE_POWER;
    votes += correct ? w : 0;
    weight += w;
  }
  return { present: true, knn: votes / weight - 0.5, margin: nearCorrect - nearOther };
}
