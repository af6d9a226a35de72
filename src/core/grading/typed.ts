/**
 * Grading a typed answer as a teacher would: by what it says, not by word overlap alone.
 *
 * 1. The answer and the reference are taken apart into clauses (clauses.ts): concepts with stems,
 *    synonyms and typos folded (terms.ts), negation, and who each clause is about.
 * 2. The reference's units are the author's key points, else its sentences (reference.ts). The answer
 *    is compared with the card's reference and with each accepted answer; the best comparison counts.
 * 3. A small logistic model fitted on the SAF train rows weighs coverage, per-unit coverage, precision,
 *    length, how much better the answer fits another card of the deck, and how near it is to answers a
 *    teacher accepted rather than rejected for this card, when there are both (bank.ts, combiner.ts).
 *    A card with enough judged answers of both kinds has its own bar for correct (calibration.ts).
 * 4. Statements a teacher fails whatever their overlap are failed outright: the reference negated,
 *    roles swapped, steps out of order (order.ts), a bag of keywords, the answer to another card of the
 *    deck. Pasting much else, or another card's answer, beside the right one caps it at partly right.
 * 5. The feedback names the units that were got and the ones that were missed (feedback.ts).
 */
import type { Rating } from '../scheduling/fsrs.js';
import { bankSignal, NO_BANK, vectorOf } from './bank.js';
import { cardShift, type PlainGrade } from './calibration.js';
import { clausesOf, type Clause } from './clauses.js';
import { strengthOf } from './combiner.js';
import { COMBINER } from './combiner-weights.js';
import { prepareCard, type DeckContext, type GradingCard, type PreparedCard } from './deck-context.js';
import { normaliseForMatch, truncate } from '../text.js';
import { compare, otherCardFit, type Comparison, type OtherFit } from './features.js';
import { feedbackOf } from './feedback.js';
import { deniesPremise } from './premise.js';
import { isCompact } from './reference.js';
import { stepsOf } from './order.js';
import { trigramsOf } from './trigrams.js';

export type { Rating } from '../scheduling/fsrs.js';
export type { GradingCard, DeckContext } from './deck-context.js';
export { deckContext } from './deck-context.js';

/** Why an answer was failed whatever it shares with the reference. */
export type GradeFlag = 'negated' | 'swapped' | 'out-of-order' | 'no-claim' | 'other-card' | 'off-topic' | 'gave-up';

export interface TypedGrade {
  score: number;
  verdict: 'correct' | 'partial' | 'incorrect' | 'empty';
  rating: Rating;
  /** What the answer got right, as phrases of the reference (or its key points). */
  matched: string[];
  /** The key points it missed, as phrases of the reference. */
  missed: string[];
  /** One or two sentences a teacher would write under the verdict. */
  feedback: string;
  flags: GradeFlag[];
  /** The other card of the deck this answer fits better (its front), with 'other-card'. */
  otherCard?: string;
  /** A second card it fits about as well (its front): the feedback names both. */
  otherCardRival?: string;
  /** What an appeal needs: the answer as graded (trimmed, spaces collapsed), to remember if accepted. */
  answer: string;
  /** Which reference the verdict came from: the card's own (-1), an accepted answer's index, or one past them for a repeat of an answer accepted on appeal. */
  matchedReference: number;
}

/** At or above this score a correct answer is rated Easy. */
export const EASY_THRESHOLD = 0.9;
/** A negation signal at or above this fails the answer (clearly more disagreeing than agreeing statements). */
export const CONFLICT_LIMIT = 0.34;
/** With key points: correct from this mean coverage of them (each counts fully from 60% of its weight). */
export const KEY_POINTS_CORRECT = 0.8;
/** With key points: partly right from this mean coverage, or when one of them is got. */
export const KEY_POINTS_PARTIAL = 0.25;
/** The lowest score a correct verdict shows. */
export const CORRECT_FLOOR = 0.7;
/** A verdict short of right scores below CORRECT_FLOOR. */
const PARTIAL_CEILING = CORRECT_FLOOR - 0.05;
/** Another card's own points are covered this much better than this card's, and at least OTHER_CARD_MIN of them. */
export const OTHER_CARD_MARGIN = 0.2;
export const OTHER_CARD_MIN = 0.5;
export const MAX_REPORTED = 8;
/** How much of the card's answer a premise-denying answer is shown. */
const PREMISE_QUOTE = 160;
/** More than FACTOR × the reference's concepts + ALLOWANCE in the answer is keyword stuffing. */
export const STUFFING_FACTOR = 3;
export const STUFFING_ALLOWANCE = 10;
/** On a long reference, a bag of words fails when at least this share of it is the reference's. */
export const BAG_PRECISION = 0.8;
/** On a long reference: another card's own points covered this much, and at most PLAINLY_OTHER_OWN of this card's. */
export const PLAINLY_OTHER = 0.6;
export const PLAINLY_OTHER_OWN = 0.1;
/** An answer that covers this much of another card's own points has that card's answer pasted in. */
export const PASTED_COVERAGE = 0.7;
/** Off-topic answers name at most this many of the question's terms (that the reference also has). */
export const OFF_TOPIC_MAX_ECHOED = 1;
/** A failed answer's score is capped here, whatever it shares with the reference. */
export const FLAGGED_SCORE = 0.2;

/** An answer that only says the learner does not know ("idk", "no idea", "I don't know, sorry"). */
const GAVE_UP = /^(?:(?:i\s+)?(?:do\s+not|don['’]?t|dont)\s+know|i\s+dunno|dunno|idk|no\s+(?:idea|clue)|(?:i\s+have\s+)?no\s+idea|(?:i['’]?m\s+)?not\s+sure|(?:i\s+)?forgot|pass|skip|\?+)(?:[\s,.!…]*(?:sorry|lol|tbh|honestly|really|at all))?[\s.!?…]*$/i;

/** "I don't know", unless the card's answer is those words ("pass" is Python's no-op statement). */
function saysGaveUp(answer: string, card: PreparedCard): boolean {
  if (!GAVE_UP.test(answer)) return false;
  const phrase = ` ${normaliseForMatch(answer)} `;
  return ![card.card.back, ...(card.card.accepted ?? [])].some((a) => ` ${normaliseForMatch(a)} `.includes(phrase));
}

/** Whether "I was right" makes sense under this grade: not under a right one, nor under "I don't know". */
export function mayAppeal(grade: Pick<TypedGrade, 'verdict' | 'flags'>): boolean {
  return grade.verdict !== 'correct' && !grade.flags.includes('gave-up');
}

export function gradeTyped(rawAnswer: string, card: string | GradingCard | PreparedCard, deck?: DeckContext): TypedGrade {
  const prepared = typeof card === 'string' ? prepareCard({ front: '', back: card }) : 'reference' in card ? card : prepareCard(card);
  const answer = rawAnswer.trim().replace(/\s+/g, ' ');
  const units = prepared.reference.units.map((u) => u.text);
  if (!/[\p{L}\p{N}]/u.test(answer)) {
    return { score: 0, verdict: 'empty', rating: 1, matched: [], missed: units.slice(0, MAX_REPORTED), feedback: 'Your answer was empty.', flags: [], answer, matchedReference: -1 };
  }
  // "I don't know" is honest, not off-topic: no verdict on it beyond "learn it", and nothing to appeal.
  if (saysGaveUp(answer, prepared)) {
    return { score: 0, verdict: 'incorrect', rating: 1, matched: [], missed: units.slice(0, MAX_REPORTED), feedback: 'No problem: learn it from the answer, and it comes back soon.', flags: ['gave-up'], answer, matchedReference: -1 };
  }

  // "There isn't really a difference" to a question about the difference claims nothing, unless the card agrees.
  if (deniesPremise(answer, prepared.card.front) && !deniesPremise(prepared.card.back, prepared.card.front)) {
    const first = units[0] ? `, starting with "${truncate(units[0], PREMISE_QUOTE)}"` : '';
    return { score: 0, verdict: 'incorrect', rating: 1, matched: [], missed: units.slice(0, MAX_REPORTED), feedback: `Not right: the card says there is a difference${first}.`, flags: ['negated'], answer, matchedReference: -1 };
  }
  const clauses = clausesOf(answer);
  const other = otherCardFit(clauses, prepared, deck);
  const trigrams = trigramsOf(answer);
  // A card with enough judged answers has its own bar for correct (calibration.ts), for the combiner's
  // verdicts: none on a card with key points and no accepted answers.
  const combined = !prepared.reference.keyPointed || prepared.accepted.length > 0;
  const shift = combined ? cardShift(prepared, deck, (text) => plainGrade(text, prepared, deck)) : 0;
  const bank = bankSignal(vectorOf(clauses, trigrams), prepared.bank);
  const steps = stepsOf(answer);
  const own = compare(clauses, trigrams, prepared.reference, other, bank, steps);
  let best = { comparison: own, judged: judge(own, shift), index: -1 };
  prepared.accepted.forEach((ref, index) => {
    const c = compare(clauses, trigrams, ref, other, bank, steps);
    const judged = judge(c, shift);
    if (rank(judged) > rank(best.judged)) best = { comparison: c, judged, index };
  });

  const flags = flagsOf(best.comparison);
  const failed = fails(flags);
  const stuffed = isStuffed(clauses, prepared, deck, other);
  const verdict = failed ? 'incorrect' : stuffed && best.judged.verdict === 'correct' ? 'partial' : best.judged.verdict;
  // Off-topic shares nothing with the reference: 0%, not the few percent a model gives any answer.
  const flaggedScore = flags.includes('off-topic') ? 0 : Math.min(best.judged.score, FLAGGED_SCORE);
  const score = round2(failed ? flaggedScore : stuffed ? Math.min(best.judged.score, PARTIAL_CEILING) : best.judged.score);
  const rating: Rating = verdict === 'correct' ? (score >= EASY_THRESHOLD ? 4 : 3) : verdict === 'partial' ? 2 : 1;

  // Feedback speaks of the card's own units, also when an accepted answer decided the verdict.
  // A unit said in the words of the others counts as got here, for what to name, though not in the score.
  const got = best.index === -1 ? own.signals.got.map((g, i) => g || own.signals.impliedByOthers[i] === true) : own.signals.got.map(() => verdict === 'correct');
  const matched = units.filter((_, i) => got[i]).slice(0, MAX_REPORTED);
  const saidOpposite = (i: number) => best.index === -1 && own.signals.contradicted[i] === true;
  const contradicted = units.filter((_, i) => saidOpposite(i));
  const missed = verdict === 'correct' && best.index !== -1 ? [] : units.filter((_, i) => !got[i] && !saidOpposite(i)).slice(0, MAX_REPORTED);
  const otherCard = flags.includes('other-card') ? best.comparison.other?.card.card.front : undefined;
  const otherCardRival = otherCard ? best.comparison.other?.rival?.card.front : undefined;
  const feedback = feedbackOf({ verdict, flags, matched, missed, contradicted, otherCard, otherCardRival, swappedAction: best.comparison.signals.swappedAction, clauses, reference: best.comparison.reference, stuffed: stuffed && best.judged.verdict === 'correct' });
  return { score, verdict, rating, matched, missed, feedback, flags, otherCard, ...(otherCardRival ? { otherCardRival } : {}), answer, matchedReference: best.index };
}

/**
 * Pasting what one knows is not an answer, whatever of the reference is in it: it caps the answer at
 * partly right when it has far more concepts than the reference, or, on a flashcard-sized reference,
 * when it also states another card's own points (the answers to two cards pasted together).
 */
function isStuffed(clauses: Clause[], card: PreparedCard, deck: DeckContext | undefined, other: OtherFit | null): boolean {
  if (clauses.reduce((n, c) => n + c.terms.length, 0) > STUFFING_FACTOR * card.reference.concepts.length + STUFFING_ALLOWANCE) return true;
  // As the rules (flagsOf): on SAF's long references, which share much with the course's other questions,
  // it would cap right answers.
  if (!deck || !isCompact(card.reference)) return false;
  return other !== null && other.units >= PASTED_COVERAGE;
}

/**
 * With the author's key points, the verdict is theirs: (nearly) all covered is correct, some partly right.
 * Without them, the fitted combiner decides.
 */
function judge(c: Comparison, shift: number): { verdict: 'correct' | 'partial' | 'incorrect'; score: number } {
  if (!c.reference.keyPointed) {
    const j = strengthOf(c.features, COMBINER, shift);
    // Having what a condition of the reference says there is none of (polarity.ts lackingUnits) is not right.
    if (c.signals.contradicted.some(Boolean)) return notRight(j);
    // A reference that only lists names is answered by naming them all (reference.ts), and only so.
    if (c.reference.names.length > 0 && c.signals.names < 1) return notRight(j);
    return c.signals.names === 1 && j.verdict !== 'correct' ? { verdict: 'correct', score: Math.max(j.score, CORRECT_FLOOR) } : j;
  }
  const s = c.signals;
  // Saying the opposite of one key point is a mistake, whatever the others: not right. As many key points
  // said the other way round as got right is not partly right either.
  const opposite = s.contradicted.filter(Boolean).length;
  const allRight = s.units >= KEY_POINTS_CORRECT && opposite === 0;
  const mostlyWrong = opposite > 0 && opposite >= s.got.filter((got, i) => got && !s.contradicted[i]).length;
  if (mostlyWrong) return { verdict: 'incorrect', score: Math.min(s.units, FLAGGED_SCORE) };
  const verdict = allRight ? 'correct' : s.unitsGot > 0 || s.units >= KEY_POINTS_PARTIAL ? 'partial' : 'incorrect';
  return { verdict, score: verdict === 'correct' ? Math.max(s.units, CORRECT_FLOOR) : Math.min(s.units, PARTIAL_CEILING) };
}

/** A judged answer of the card's bank as the combiner sees it against the card's own reference, without the bank. */
function plainGrade(text: string, card: PreparedCard, deck: DeckContext | undefined): PlainGrade {
  const answer = text.trim().replace(/\s+/g, ' ');
  const clauses = clausesOf(answer);
  const c = compare(clauses, trigramsOf(answer), card.reference, otherCardFit(clauses, card, deck), NO_BANK, stepsOf(answer));
  return { features: c.features, failed: fails(flagsOf(c)) };
}

/** A right verdict made partly right (its score below CORRECT_FLOOR); others as they are. */
function notRight(j: { verdict: 'correct' | 'partial' | 'incorrect'; score: number }): { verdict: 'partial' | 'incorrect'; score: number } {
  return j.verdict === 'correct' ? { verdict: 'partial', score: Math.min(j.score, PARTIAL_CEILING) } : { verdict: j.verdict, score: j.score };
}

/** Each flag fails the answer. (Off-topic: it shares nothing with the reference beyond the question, and little of that.) */
export function fails(flags: GradeFlag[]): boolean {
  return flags.length > 0;
}

function rank(j: { verdict: string; score: number }): number {
  return (j.verdict === 'correct' ? 2 : j.verdict === 'partial' ? 1 : 0) + j.score / 2;
}

export function flagsOf(c: Comparison): GradeFlag[] {
  const s = c.signals;
  const flags: GradeFlag[] = [];
  // Measured on SAF's train rows, these rules misfire on long, rubric-like references (many statements,
  // many parties): there the combiner alone decides, except for a bag of the reference's own words (not
  // a statement in a language whose function words the grader does not know) and an answer that is
  // plainly another card's (most of its own points, next to nothing of this one's). Flashcard answers
  // are short; there all the rules hold.
  if (!isCompact(c.reference)) {
    if (s.claims === 0 && s.precision >= BAG_PRECISION) flags.push('no-claim');
    if (c.other && c.other.units >= PLAINLY_OTHER && c.other.own <= PLAINLY_OTHER_OWN) flags.push('other-card');
    return flags;
  }
  if (s.opposition >= CONFLICT_LIMIT) flags.push('negated');
  if (s.swap > 0) flags.push('swapped');
  if (c.order > 0) flags.push('out-of-order');
  if (s.claims === 0) flags.push('no-claim');
  if (c.other && c.other.units >= OTHER_CARD_MIN && c.other.units - c.other.own >= OTHER_CARD_MARGIN) flags.push('other-card');
  // Measured on SAF's train rows: answers that restate two or more of the question's own terms are on its
  // topic even when they share no other word with the reference (paraphrases); the combiner judges them.
  if (s.shared === 0 && s.echoed <= OFF_TOPIC_MAX_ECHOED) flags.push('off-topic');
  return flags;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
