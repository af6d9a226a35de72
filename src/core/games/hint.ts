/**
 * The hint a typed game question shows at half time: the first letters of the reference answer's key
 * terms (what the grader looks for), the rest blanked. After it, answers earn half points (points.ts).
 */
import { extractTerms, type Term } from '../grading/terms.js';
import type { Round } from '../model.js';

/** Key terms shown at most, in the order the answer uses them. */
export const HINT_TERMS = 3;

/** When a game question's hint shows: half way through a typed question; null for other questions. */
export function hintAt(round: Pick<Round, 'source' | 'mode' | 'opensAt' | 'closesAt'>): Date | null {
  if (round.source !== 'game' || round.mode !== 'typed' || !round.closesAt) return null;
  return new Date((round.opensAt.getTime() + round.closesAt.getTime()) / 2);
}

/** True when an answer at `at` came after the round's hint was shown. */
export function answeredAfterHint(round: Pick<Round, 'source' | 'mode' | 'opensAt' | 'closesAt'>, at: Date): boolean {
  const hint = hintAt(round);
  return hint !== null && at.getTime() >= hint.getTime();
}

/** 'g________ · d____________': the first letter of each key term, one blank per further letter. */
export function hintText(reference: string): string {
  const seen = new Set<string>();
  const picked: Term[] = [];
  // The weightiest terms (acronyms, technical words), then shown in the order the answer has them.
  for (const term of [...extractTerms(reference)].sort((a, b) => b.weight - a.weight || a.start - b.start)) {
    if (seen.has(term.concept) || picked.length >= HINT_TERMS) continue;
    seen.add(term.concept);
    picked.push(term);
  }
  const ordered = picked.sort((a, b) => a.start - b.start).map((term) => term.surface);
  const words = ordered.length > 0 ? ordered : reference.split(/\s+/).filter(Boolean).slice(0, HINT_TERMS);
  return words.map(blank).join(' · ');
}

function blank(word: string): string {
  const chars = Array.from(word);
  return chars.map((c, i) => (i === 0 || !/[\p{L}\p{N}]/u.test(c) ? c : '_')).join('');
}
