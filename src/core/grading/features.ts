/**
 * The numbers the combiner weighs for one answer against one reference (the card's own, or one of its
 * accepted answers), plus how much better the answer fits another card of the deck.
 * The fitting script (scripts/fit-grader.ts) and the grader both build them here, so they cannot drift.
 */
import type { Clause } from './clauses.js';
import { similarCards, type DeckContext, type PreparedCard } from './deck-context.js';
import { NO_BANK, type BankSignal } from './bank.js';
import { withDistinctive, type PreparedReference, type Unit } from './reference.js';
import { orderConflict } from './order.js';
import { resolveShorthand } from './shorthand.js';
import { signalsOf, unitCoverage, type Signals } from './signals.js';
import { trigramRecall } from './trigrams.js';

/**
 * The combiner's inputs. Swapped roles and bags of words are rules only (typed.ts). Negation is a rule on
 * compact references and also a weight ('conflict': only disagreement counts, so agreeing answers get no
 * bonus), which is what weighs it on long references, where the rule is off. 'restated' is the share of
 * the reference's clauses the answer restates, 'trigrams' the share of its character trigrams it has.
 */
export const FEATURE_NAMES = ['bias', 'coverage', 'units', 'unitsGot', 'precision', 'length', 'lengthSq', 'otherMargin', 'conflict', 'restated', 'trigrams', 'banked', 'bankKnn', 'bankMargin'] as const;
/** The sign each weight must keep: more coverage never hurts, fitting another card better or contradicting it never helps. */
export const FEATURE_SIGNS = [0, 1, 1, 1, 1, 0, 0, -1, -1, 1, 1, 0, 1, 1] as const;

export interface Comparison {
  signals: Signals;
  features: number[];
  reference: PreparedReference;
  /** The better-fitting other card, when there is one. */
  other: OtherFit | null;
  /** 1 when the answer states the reference's steps in another order (order.ts), else 0: a rule only. */
  order: number;
}

/**
 * The other card of the deck the answer fits best, judged only by what sets the two cards apart (two
 * cards about generators share "generator"; the answer to the other card has that card's own points):
 * how far the answer covers the other card's distinctive units, and this card's.
 */
export interface OtherFit {
  card: PreparedCard;
  /** Coverage of what only the other card says. */
  units: number;
  /** Coverage of what only this card says, against that card. */
  own: number;
  /** Another card the answer fits about as well (within OTHER_CARD_TIE): feedback names both, not a guess between them. */
  rival?: PreparedCard;
}

/** Two other cards whose fits (units − own) differ by less than this fit the answer alike. */
export const OTHER_CARD_TIE = 0.1;

export function otherCardFit(answer: Clause[], own: PreparedCard, deck: DeckContext | undefined): OtherFit | null {
  if (!deck) return null;
  const fits: OtherFit[] = similarCards(deck, own.key, answer.flatMap((c) => c.terms.map((t) => t.concept))).map((other) => ({
    card: other,
    units: unitCoverage(answer, distinctiveUnits(other.reference, own.reference)),
    own: unitCoverage(answer, distinctiveUnits(own.reference, other.reference)),
  }));
  const margin = (f: OtherFit) => f.units - f.own;
  // Best first; the sort is stable, so of equal fits the card more like the answer (similarCards' order) leads.
  const [best, next] = fits.sort((a, b) => margin(b) - margin(a));
  if (!best) return null;
  return next && margin(best) - margin(next) < OTHER_CARD_TIE ? { ...best, rival: next.card } : best;
}

function distinctiveUnits(of: PreparedReference, against: PreparedReference): Unit[] {
  const theirs = new Set(against.concepts.map((c) => c.concept));
  return withDistinctive(of.units.map((u) => ({ text: u.text, clauses: u.clauses, concepts: u.concepts.filter((c) => !theirs.has(c.concept)) })).filter((u) => u.concepts.length > 0));
}

/** `answerTrigrams`: trigramsOf(the answer's text); `answerSteps`: stepsOf(it). */
export function compare(answer: Clause[], answerTrigrams: ReadonlySet<string>, reference: PreparedReference, other: OtherFit | null, bank: BankSignal = NO_BANK, answerSteps: Set<string>[] | null = null): Comparison {
  const s = signalsOf(resolveShorthand(answer, reference), reference);
  const margin = other ? other.units - other.own : 0;
  const trigrams = trigramRecall(answerTrigrams, reference.trigrams);
  const features = [1, s.coverage, s.units, s.unitsGot, s.precision, s.length, s.length * s.length, Math.max(0, margin), Math.max(0, s.negation), s.clauseCover, trigrams, bank.present ? 1 : 0, bank.knn, bank.margin];
  return { signals: s, features, reference, other: other && margin > 0 ? other : null, order: orderConflict(answerSteps, reference.steps) };
}
