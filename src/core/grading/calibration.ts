/**
 * A card's own bar for "correct", learnt from the answers a teacher judged for it (its answer bank:
 * accepted and rejected appeals, the author's `Accept:` lines). How much of its reference a right answer
 * covers differs from card to card (a long, rubric-like reference is never covered whole; a one-line one
 * nearly always), so one bar for every card fails right answers to some cards and passes wrong ones to
 * others. Where a card has enough judged answers of both kinds, each is scored as a new answer would be,
 * with the bank of the others, and the usual bar moves only as far as makes the most of those judgements
 * come out as the teacher decided them.
 * Measured on SAF's unseen answers with the train answers as the bank (npm run bench:grading): accuracy
 * 0.685 → 0.733, false passes unchanged (0.095); on all SAF test rows 0.589 → 0.609.
 */
import { bankSignal, capped, type BankEntry } from './bank.js';
import { strengthOf } from './combiner.js';
import { COMBINER } from './combiner-weights.js';
import { judgedAnswersOf, type DeckContext, type PreparedCard } from './deck-context.js';
import { FEATURE_NAMES } from './features.js';
import { hashString } from '../random.js';
import { ExpiringCache } from '../../expiring-cache.js';

/** A bar is learnt only from this many judged answers of each kind; fewer say too little. */
export const CALIBRATION_MIN_PER_KIND = 3;
/** The bar moves at most this far from the combiner's own, on its strength scale. */
export const CALIBRATION_MAX_SHIFT = 4;

/** A judged answer as the combiner sees it without the bank: its features, and whether a rule fails it. */
export interface PlainGrade {
  features: readonly number[];
  failed: boolean;
}

interface Judged {
  s: number;
  failed: boolean;
  correct: boolean;
}

/**
 * The bar nearest `base` among those that grade the most judged answers as judged (a failed answer is
 * never right), within CALIBRATION_MAX_SHIFT of it; undefined with too few judged answers of either kind.
 * The usual bar moves only as far as the judgements ask: a small bank with a wide gap between its
 * rejected and accepted answers leaves it where it is.
 */
export function calibratedBar(judged: readonly Judged[], base: number): number | undefined {
  const accepted = judged.filter((j) => j.correct).length;
  if (accepted < CALIBRATION_MIN_PER_KIND || judged.length - accepted < CALIBRATION_MIN_PER_KIND) return undefined;
  const low = base - CALIBRATION_MAX_SHIFT;
  const high = base + CALIBRATION_MAX_SHIFT;
  // Agreement changes only at a judged answer's strength: the stretches between them, each [from, to).
  const edges = [low, ...[...new Set(judged.map((j) => j.s))].filter((s) => s > low && s < high).sort((a, b) => a - b), high];
  let best = base;
  let bestAgreeing = -1;
  for (let i = 0; i + 1 < edges.length; i++) {
    const [from, to] = [edges[i]!, edges[i + 1]!];
    // The bar from just above `from` (every answer at `from` below it) up to `to` (the answers at `to` pass).
    const probe = i === 0 ? from : from + JUST_ABOVE;
    let agreeing = 0;
    for (const j of judged) if ((j.s >= probe && !j.failed) === j.correct) agreeing++;
    const nearest = Math.min(Math.max(base, probe), to);
    if (agreeing > bestAgreeing || (agreeing === bestAgreeing && Math.abs(nearest - base) < Math.abs(best - base))) [best, bestAgreeing] = [nearest, agreeing];
  }
  return best;
}

/** Far below any difference of strength that means something. */
const JUST_ABOVE = 1e-6;

/** Plain grades by deck, card and text, and each card's shift by its bank: a bank comes back with each grade. */
const plainGrades = new WeakMap<object, ExpiringCache<PlainGrade>>();
/** Per card, the shift for the bank it last came with (a hash of the bank's texts and kinds). */
const shifts = new WeakMap<object, ExpiringCache<{ bank: string; shift: number }>>();
/** Kept until pushed out by newer ones (ExpiringCache's clock then never matters: 0). */
const FOR_GOOD = Number.POSITIVE_INFINITY;
const WITHOUT_DECK = {};
const GRADES_KEPT_PER_DECK = 10_000;
const SHIFTS_KEPT_PER_DECK = 1_000;
const BANK_AT = FEATURE_NAMES.indexOf('banked');
/**
 * Judged answers one grade grades at most: the first grades of a card after a start would otherwise
 * stall the event loop (a full bank of SAF's long answers takes 100–230 ms). Until all are graded the
 * card keeps the usual bar.
 */
export const CALIBRATION_GRADES_PER_CALL = 20;

/**
 * How far the card's bar for correct is from the usual one (0 where it has too few judged answers). Its
 * judged answers are those its bank holds (BANK_PER_KIND of each kind, as card.bank is prepared), each
 * graded by `grade` once per deck and card text.
 */
export function cardShift(card: PreparedCard, deck: DeckContext | undefined, grade: (text: string) => PlainGrade): number {
  // As prepareCard prepares card.bank from them, so that card.bank[i] is entries[i] prepared.
  const entries: BankEntry[] = capped(judgedAnswersOf(card.card));
  if (entries.length < 2 * CALIBRATION_MIN_PER_KIND) return 0;
  const context = deck ?? WITHOUT_DECK;
  // The back by its hash: a key is kept per judged answer, and a back may be 4,000 characters.
  const cardId = `${card.key}\u0000${hashString(card.card.back)}`;
  const joined = entries.map((e) => `${e.correct ? '+' : '-'}${e.text}`).join('\u0000');
  // Kept as a hash: a full bank is up to 100 answers of up to 2,000 characters.
  const bankKey = `${hashString(joined)}:${joined.length}:${entries.length}`;
  const cardShifts = cacheOf(shifts, context, SHIFTS_KEPT_PER_DECK);
  const known = cardShifts.get(cardId, 0);
  if (known?.bank === bankKey) return known.shift;
  const grades = cacheOf(plainGrades, context, GRADES_KEPT_PER_DECK);
  let budget = CALIBRATION_GRADES_PER_CALL;
  const plains = entries.map((e) => {
    const key = `${cardId}\u0000${e.text}`;
    let plain = grades.get(key, 0);
    if (!plain && budget-- > 0) grades.set(key, (plain = grade(e.text)), 0);
    return plain;
  });
  if (plains.some((plain) => plain === undefined)) return 0;
  const judged = entries.map((e, i): Judged => {
    const plain = plains[i]!;
    // Each is scored with the bank of the others.
    const signal = bankSignal(card.bank[i]!, card.bank.filter((_, j) => j !== i));
    const features = [...plain.features];
    features.splice(BANK_AT, 3, signal.present ? 1 : 0, signal.knn, signal.margin);
    return { s: strengthOf(features).s, failed: plain.failed, correct: e.correct };
  });
  const base = COMBINER.thresholds.banked.correct;
  const bar = calibratedBar(judged, base);
  const shift = bar === undefined ? 0 : bar - base;
  cardShifts.set(cardId, { bank: bankKey, shift }, 0);
  return shift;
}

/** The deck's cache in `store`, made on first use. */
function cacheOf<T>(store: WeakMap<object, ExpiringCache<T>>, context: object, kept: number): ExpiringCache<T> {
  let cache = store.get(context);
  if (!cache) store.set(context, (cache = new ExpiringCache<T>(kept, FOR_GOOD)));
  return cache;
}
